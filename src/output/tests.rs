use super::*;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile::new(path, text.as_bytes().to_vec())
}

#[test]
fn a_build_replaces_the_previous_output_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one"), file("ja/a.html", "a")]).expect("first");
    write_site(&out, &[file("index.html", "two")]).expect("second");
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("read"),
        "two"
    );
    assert!(!out.join("ja/a.html").exists());
    assert!(out.join(MARKER).is_file(), "the output is marked as ours");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("notes.txt"), "keep me").expect("write");
    fs::write(dir.path().join("index.html"), "mine").expect("write");
    let error = write_site(dir.path(), &[file("index.html", "x")]).expect_err("refused");
    assert_eq!(error.code, "unsafe-output");
    assert!(error.message.contains("notes.txt"), "{}", error.message);
    assert_eq!(
        fs::read_to_string(dir.path().join("index.html")).expect("read"),
        "mine"
    );
}

#[test]
fn an_output_from_before_the_marker_is_still_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    fs::create_dir_all(out.join("static")).expect("mkdir");
    fs::create_dir_all(out.join("ja")).expect("mkdir");
    fs::write(out.join("index.html"), "old").expect("write");
    let files = [
        file("index.html", "new"),
        file("static/a.css", ""),
        file("ja/index.html", ""),
    ];
    write_site(&out, &files).expect("replaced");
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("read"),
        "new"
    );
}

#[test]
fn stale_working_folders_of_ours_are_removed_and_others_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).expect("first");
    // PID 0 is never a running process: a build killed outright.
    let killed = dir.path().join("public.new-0");
    fs::create_dir(&killed).expect("mkdir");
    fs::write(killed.join(MARKER), "").expect("marker");
    let not_ours = dir.path().join("public.old-0");
    fs::create_dir(&not_ours).expect("mkdir");
    let warnings = write_site(&out, &[file("index.html", "two")]).expect("second");
    assert!(!warnings.has_errors());
    assert!(!killed.exists(), "the stale staging folder was removed");
    assert!(
        not_ours.exists(),
        "a folder without the marker is not touched"
    );
}

#[test]
fn a_previous_output_moved_aside_by_a_killed_build_is_put_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).expect("first");
    fs::rename(&out, dir.path().join("public.old-0")).expect("move aside");
    let staging = Staging::begin(&out, &Plan::default()).expect("begin");
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("put back"),
        "one"
    );
    assert!(staging.abandon().is_none());
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
}

#[test]
fn an_abandoned_build_leaves_the_output_and_no_staging_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).expect("first");
    let staging = Staging::begin(&out, &Plan::default()).expect("begin");
    staging.write(&file("index.html", "two")).expect("write");
    drop(staging);
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("read"),
        "one"
    );
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
}
