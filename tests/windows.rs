//! The Windows binary under Wine (issue 19): HR edits on Windows PCs, so the
//! `x86_64-pc-windows-gnu` build is run here as they would run it. It builds the
//! bundled site byte for byte as the Linux build does, reports a YAML mistake with
//! file and line (in Japanese when Windows is Japanese), previews and rebuilds after
//! a save, writes new pages, works in `C:\Users\人事 課\方針サイト`, reads files saved
//! by Notepad, and starts the preview when double-clicked.
//!
//! Needs Debian's `wine64` and `gcc-mingw-w64-x86-64` (`scripts/test` installs
//! them); without them every test here fails and says so, it never skips. The first
//! test to run cross-compiles the exe (`cargo build --target x86_64-pc-windows-gnu`,
//! debug, into this target folder, so later runs only relink) and builds the
//! test-only `bcryptprimitives.dll` shim beside it (see tests/wine/). One Wine prefix
//! (`target/tmp/wine-prefix-PID`) is shared by the tests of a run, since Wine's first
//! start is slow; prefixes of earlier runs are removed.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// Only catches a hang: Wine and a debug build on a busy 2-core machine are slow.
const WAIT: Duration = Duration::from_secs(120);
const TARGET: &str = "x86_64-pc-windows-gnu";
const MINGW: &str = "x86_64-w64-mingw32-gcc";

/// The Windows exe, its Wine loader and the shared prefix.
struct Wine {
    loader: PathBuf,
    exe: PathBuf,
    prefix: PathBuf,
}

fn wine() -> &'static Wine {
    static WINE: OnceLock<Wine> = OnceLock::new();
    WINE.get_or_init(|| {
        let loader = wine_loader();
        assert!(
            Command::new(MINGW).arg("--version").output().is_ok(),
            "{MINGW} is missing: the Windows tests need Debian's gcc-mingw-w64-x86-64 \
             (scripts/test installs it: apt-get install gcc-mingw-w64-x86-64 wine64)"
        );
        let exe = cross_build();
        build_shim(exe.parent().expect("exe folder"));
        let prefix = fresh_prefix();
        let wine = Wine {
            loader,
            exe,
            prefix,
        };
        let boot = wine.command("wineboot").arg("--init").output();
        let boot = boot.expect("run wineboot");
        assert!(boot.status.success(), "wineboot: {}", common::stderr(&boot));
        wine
    })
}

/// Debian's wine64 loader (the `wine` wrapper complains when wine32 is absent).
fn wine_loader() -> PathBuf {
    let candidates = [
        Path::new("/usr/lib/wine/wine64"),
        Path::new("/usr/bin/wine64"),
    ];
    match candidates.into_iter().find(|path| path.is_file()) {
        Some(path) => path.to_path_buf(),
        None => panic!(
            "wine64 is missing: the Windows tests run the exe under Debian's Wine \
             (scripts/test installs it: apt-get install wine64 gcc-mingw-w64-x86-64)"
        ),
    }
}

/// The target folder these tests were built in (`…/target`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .to_path_buf()
}

/// `cargo build --target x86_64-pc-windows-gnu` of the exe; its path.
fn cross_build() -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", target_dir())
        .args([
            "build",
            "--locked",
            "--bin",
            "policy-site",
            "--target",
            TARGET,
        ])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the Windows build failed (is the target installed? rustup target add {TARGET}):\n{}",
        common::stderr(&output)
    );
    target_dir().join(TARGET).join("debug/policy-site.exe")
}

/// Builds tests/wine/bcryptprimitives.c into `folder` (beside the exe) when it is
/// missing or older than its source.
fn build_shim(folder: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wine/bcryptprimitives.c");
    let dll = folder.join("bcryptprimitives.dll");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&dll).is_some() && modified(&dll) >= modified(&source) {
        return;
    }
    let output = Command::new(MINGW)
        .args(["-shared", "-O2", "-s", "-o"])
        .arg(&dll)
        .arg(&source)
        .arg("-ladvapi32")
        .output()
        .expect("run mingw");
    assert!(output.status.success(), "shim: {}", common::stderr(&output));
}

/// `target/tmp/wine-prefix-PID`, new for this run; those of finished runs are removed.
fn fresh_prefix() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(tmp).expect("target/tmp");
    for entry in std::fs::read_dir(tmp).expect("list target/tmp").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = name.strip_prefix("wine-prefix-") else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let prefix = tmp.join(format!("wine-prefix-{}", std::process::id()));
    std::fs::create_dir_all(&prefix).expect("prefix");
    prefix
}

/// Windows' name for a Unix path: Wine's drive Z: is `/`.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", common::path(path).replace('/', "\\"))
}

/// The locale Wine gives Windows: Japanese or English.
#[derive(Clone, Copy)]
enum Locale {
    Ja,
    En,
}

impl Wine {
    /// `wine64 PROGRAM` in the shared prefix, quiet, with no browser and no Mono or
    /// Gecko installers.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(&self.loader);
        command
            .arg(program)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null());
        command
    }

    /// `policy-site.exe ARGS…` with Windows set to `locale`. Wine takes the Windows
    /// language from LC_ALL; the exe sees the same variable, which it would also follow.
    fn policy_site(&self, locale: Locale, args: &[&str]) -> Command {
        let mut command = self.command(common::path(&self.exe));
        command.args(args);
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            command.env_remove(variable);
        }
        command.env(
            "LC_ALL",
            match locale {
                Locale::Ja => "ja_JP.UTF-8",
                Locale::En => "C.UTF-8",
            },
        );
        command
    }

    fn run(&self, locale: Locale, args: &[&str]) -> Output {
        self.policy_site(locale, args)
            .output()
            .expect("run policy-site.exe")
    }

    /// `C:\…` under the prefix, as a Unix path, made if missing.
    fn drive_c(&self, windows: &str) -> PathBuf {
        let path = windows
            .trim_start_matches("C:\\")
            .split('\\')
            .fold(self.prefix.join("drive_c"), |path, part| path.join(part));
        std::fs::create_dir_all(&path).expect("folder on C:");
        path
    }
}

/// A bundled-site copy in `C:\Users\人事 課\方針サイト` of the shared prefix, cleared
/// first; its Unix path.
fn hr_site(wine: &Wine, name: &str) -> (PathBuf, String) {
    let windows = format!("C:\\users\\人事 課\\方針サイト {name}");
    let path = wine.drive_c(&windows);
    for part in ["content", "public"] {
        let _ = std::fs::remove_dir_all(path.join(part));
    }
    common::copy_tree(
        &common::bundled_site().join("content"),
        &path.join("content"),
    );
    (path, windows)
}

#[test]
fn the_windows_binary_builds_the_bundled_site_byte_for_byte_as_linux_does() {
    let wine = wine();
    let out = tempfile::tempdir().expect("temp dir");
    let (linux, windows) = (out.path().join("linux"), out.path().join("windows"));
    common::build(&common::bundled_site(), &linux);
    let root = windows_path(&common::bundled_site());
    let output = wine.run(
        Locale::En,
        &["build", "--root", &root, "--out", &windows_path(&windows)],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    let files = common::files_under(&linux);
    assert_eq!(files, common::files_under(&windows), "the same files");
    assert!(files.len() > 50, "{} files", files.len());
    for file in &files {
        let same = std::fs::read(linux.join(file)).ok() == std::fs::read(windows.join(file)).ok();
        assert!(same, "{} differs between Linux and Windows", file.display());
    }
}

/// A Notepad save: UTF-8 with a byte-order mark, CRLF line ends.
fn save_as_notepad(path: &Path, text: &str) {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
    std::fs::write(path, bytes).expect("write as Notepad does");
}

#[test]
fn check_names_the_file_and_line_of_a_yaml_mistake_in_the_language_of_windows() {
    let wine = wine();
    let (site, windows) = hr_site(wine, "check");
    let mindsets = site.join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&mindsets).expect("read mindsets");
    let (line, original) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.trim_start().starts_with("title:"))
        .expect("a title line");
    let broken = text.replacen(original, &original.replacen("title:", "titel:", 1), 1);
    save_as_notepad(&mindsets, &broken);
    let place = format!("content/mindsets.yaml:{}:", line + 1);

    let ja = wine.run(Locale::Ja, &["check", "--root", &windows]);
    let ja_text = common::stderr(&ja);
    assert_eq!(ja.status.code(), Some(1), "{ja_text}");
    assert!(ja_text.contains("エラー[unknown-field]"), "{ja_text}");
    assert!(ja_text.contains(&place), "{place} in:\n{ja_text}");
    assert!(ja_text.contains("ここでは使えない項目です"), "{ja_text}");

    let en = wine.run(Locale::En, &["check", "--root", &windows]);
    let en_text = common::stderr(&en);
    assert!(en_text.contains("error[unknown-field]"), "{en_text}");
    assert!(en_text.contains(&place), "{en_text}");
}

#[test]
fn a_japanese_windows_with_no_locale_variables_gets_japanese() {
    // What a Japanese PC looks like to the exe: Windows says Japanese (Wine's locale),
    // and no LC_ALL or LANG is set (cmd clears them before starting the exe).
    let wine = wine();
    let site = common::fixture("error-weights-sum");
    // No spaces in these paths: Wine quotes cmd's argument its own way.
    let script = format!(
        "set LC_ALL=&& set LANG=&& set LC_MESSAGES=&& {} check --root {}",
        windows_path(&wine.exe),
        windows_path(&site),
    );
    let output = wine
        .command("cmd")
        .args(["/c", &script])
        .env("LC_ALL", "ja_JP.UTF-8")
        .output()
        .expect("run cmd");
    let text = common::stderr(&output);
    assert!(text.contains("エラー[weights-sum]"), "{text}");
}

#[test]
fn new_page_writes_both_languages_under_a_japanese_folder_with_a_space() {
    let wine = wine();
    let (site, windows) = hr_site(wine, "new-page");
    // Page names are ASCII (they become URLs and files on any share); the folder above
    // them is Japanese with a space.
    let output = wine.run(
        Locale::Ja,
        &["new", "page", "training-guide", "--root", &windows],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    for file in ["training-guide.ja.md", "training-guide.en.md"] {
        let path = site.join("content/pages").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text.starts_with("---"),
            "{} has front matter: {text:?}",
            path.display()
        );
    }
    // Written again: never overwritten.
    let again = wine.run(
        Locale::Ja,
        &["new", "page", "training-guide", "--root", &windows],
    );
    assert!(!again.status.success());
    // A Japanese name is refused with a suggestion, in Japanese, writing nothing.
    let japanese = wine.run(Locale::Ja, &["new", "page", "研修案内", "--root", &windows]);
    assert!(!japanese.status.success());
    assert!(
        common::stderr(&japanese).contains("何も書き込んでいません"),
        "{}",
        common::stderr(&japanese)
    );
}

/// A running `policy-site.exe` under Wine, its output collected; killed when dropped.
struct Running {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    /// A folder the exe runs in when `child` is cmd.exe, which starts the exe as a
    /// process of its own (so killing cmd does not end it).
    exe_folder: Option<PathBuf>,
}

impl Running {
    fn start(mut command: Command) -> Running {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start policy-site.exe");
        let collect = |pipe: Box<dyn Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = Arc::clone(&text);
            thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut all = sink.lock().expect("output lock");
                    all.push_str(&line);
                    all.push('\n');
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().expect("stdout")));
        let stderr = collect(Box::new(child.stderr.take().expect("stderr")));
        Running {
            child,
            stdout,
            stderr,
            exe_folder: None,
        }
    }

    fn output(&self) -> String {
        let out = self.stdout.lock().expect("lock").clone();
        format!("{out}{}", self.stderr.lock().expect("lock"))
    }

    /// Waits until the output holds `needle`; the whole output.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.output();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "no {needle:?} in:\n{text}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// The port of the `http://127.0.0.1:PORT/` it printed.
    fn port(&self) -> u16 {
        let text = self.wait_for("http://127.0.0.1:");
        text.split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {text}"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(folder) = &self.exe_folder {
            for pid in exe_processes_in(folder) {
                let _ = Command::new("kill").arg(pid.to_string()).status();
            }
        }
    }
}

/// The Wine processes of policy-site.exe whose current folder is `folder`.
fn exe_processes_in(folder: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let proc = Path::new("/proc").join(pid.to_string());
            let cmdline = std::fs::read(proc.join("cmdline")).unwrap_or_default();
            std::fs::read_link(proc.join("cwd")).ok().as_deref() == Some(folder)
                && String::from_utf8_lossy(&cmdline).contains("policy-site.exe")
        })
        .collect()
}

/// `GET path`: the body of a 200 answer, else None.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let raw = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(raw.as_bytes()).ok()?;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

/// Polls `path` until its page contains `needle` (a rebuild after a save).
fn wait_for_page(port: u16, path: &str, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let page = get(port, path).unwrap_or_default();
        if page.contains(needle) {
            return page;
        }
        assert!(Instant::now() < deadline, "{path} never showed {needle:?}");
        thread::sleep(Duration::from_millis(100));
    }
}

/// What an editor that saves by replace-and-rename does: a new file beside the old,
/// renamed over it.
fn save_by_rename(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp~");
    save_as_notepad(&temp, text);
    std::fs::rename(&temp, path).expect("rename over");
}

#[test]
fn serve_answers_and_rebuilds_after_a_notepad_save_and_a_replace_and_rename_save() {
    let wine = wine();
    let (site, windows) = hr_site(wine, "serve");
    let mut command = wine.policy_site(Locale::En, &["serve", "--root", &windows, "--port", "0"]);
    command.current_dir(&site);
    let serve = Running::start(command);
    let port = serve.port();
    let page = wait_for_page(port, "/ja/introduction.html", "<html");
    assert!(page.contains("lang=\"ja\""), "{page}");

    // Notepad's save of a YAML file: a mindset's new title shows on its page.
    let mindsets = site.join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&mindsets).expect("read");
    assert!(text.contains("      ja: 公務意識\n"), "a mindset title");
    let edited = text.replacen("      ja: 公務意識\n", "      ja: メモ帳で直した意識\n", 1);
    save_as_notepad(&mindsets, &edited);
    wait_for_page(port, "/ja/mindsets.html", "メモ帳で直した意識");

    // An editor that saves by writing a new file and renaming it over the old one.
    // (This one is in content/pages/: Wine 8 reports changes in subfolders of a
    // watched folder only once it has reported one in the folder itself, so the
    // YAML save above comes first. Windows reports both from the start.)
    let intro = site.join("content/pages/introduction.ja.md");
    let text = std::fs::read_to_string(&intro).expect("read");
    save_by_rename(&intro, &format!("{text}\n置き換えて保存した段落。\n"));
    wait_for_page(port, "/ja/introduction.html", "置き換えて保存した段落");
    assert!(!site.join("public").exists(), "serve writes nothing");
}

/// A double-click: no arguments, started in `folder`, a console that is not a
/// terminal here (so it never waits for Enter).
fn double_click(wine: &Wine, folder: &Path, locale: Locale) -> Command {
    let mut command = wine.policy_site(locale, &[]);
    command
        .current_dir(folder)
        // No browser can be opened: the preview must still run and say its address.
        .env("BROWSER", "no-such-browser-program");
    command
}

#[test]
fn a_double_click_beside_content_previews_the_site_and_says_how_to_stop() {
    let wine = wine();
    let (site, _) = hr_site(wine, "double-click");
    let preview = Running::start(double_click(wine, &site, Locale::Ja));
    let port = preview.port();
    let text = preview.wait_for("ブラウザを開けませんでした");
    assert!(
        text.contains("この画面を閉じてください"),
        "how to stop:\n{text}"
    );
    assert!(
        text.contains("方針サイト") || text.contains("double-click"),
        "{text}"
    );
    let page = wait_for_page(port, "/ja/index.html", "<html");
    assert!(page.contains("lang=\"ja\""));
}

#[test]
fn a_double_click_elsewhere_says_what_to_do_in_both_languages_and_does_not_wait() {
    let wine = wine();
    let empty = wine.drive_c("C:\\users\\人事 課\\Downloads");
    let output = double_click(wine, &empty, Locale::Ja)
        .output()
        .expect("run policy-site.exe");
    let text = common::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("content フォルダがあるフォルダ"), "{text}");
    assert!(text.contains("double-click it"), "{text}");
    assert!(
        !text.contains("Press Enter"),
        "stdin is no console: no wait\n{text}"
    );
}

#[test]
fn the_preview_script_in_the_site_folder_starts_an_exe_kept_elsewhere() {
    let wine = wine();
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    common::copy_tree(
        &common::bundled_site().join("content"),
        &site.join("content"),
    );
    // The release's script as the zip has it (CRLF), under its Japanese name.
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release-files/preview.cmd"),
    )
    .expect("read preview.cmd");
    let cmd = site.join("プレビュー.cmd");
    std::fs::write(&cmd, script.replace('\n', "\r\n")).expect("write the script");
    // The exe is not beside the script: Windows finds it on PATH (WINEPATH).
    let tools = wine.exe.parent().expect("exe folder");
    let mut command = wine.command("cmd");
    command
        .args(["/c", &windows_path(&cmd)])
        .current_dir(dir.path())
        .env("WINEPATH", windows_path(tools))
        .env("LC_ALL", "C.UTF-8")
        .env("BROWSER", "no-such-browser-program");
    let mut preview = Running::start(command);
    preview.exe_folder = Some(site.clone());
    let port = preview.port();
    let text = preview.wait_for("could not open a browser");
    assert!(
        text.contains("To stop the preview, close this window"),
        "{text}"
    );
    wait_for_page(port, "/en/index.html", "<html");
}
