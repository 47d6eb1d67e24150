//! Valid HTML: the Nu HTML checker (vnu.jar from the `vnu-jar` npm package, run with
//! the machine's Java) finds no errors in any built page.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn every_built_page_is_valid_html() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} is missing: run scripts/test (it runs `npm ci` for the test tools)",
        jar.display()
    );
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let valid = tempfile::tempdir().expect("dir");
    common::build(&common::fixture("valid"), valid.path());
    // Every revision page: history, comparisons, unrecorded changes, earlier print views.
    let revisions = tempfile::tempdir().expect("dir");
    let built = common::run(&[
        "build",
        "--drafts",
        "--root",
        common::path(&common::fixture("revisions")),
        "--out",
        common::path(revisions.path()),
    ]);
    assert!(built.status.success(), "{}", common::stderr(&built));
    let output = Command::new("java")
        .args(["-jar", common::path(&jar), "--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(out.path())
        .arg(valid.path())
        .arg(revisions.path())
        .output()
        .expect("java is needed for the HTML checker: run scripts/test (it installs default-jre-headless)");
    let report = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu HTML checker found errors:\n{report}"
    );
}
