//! Finding a Chromium-family browser on this computer (Chromium, Chrome, Edge) and
//! having it print one page to PDF through its headless command line.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable naming the browser to use, before any other.
pub const BROWSER_VARIABLE: &str = "POLICY_SITE_BROWSER";

/// Program names looked for on the PATH, in order.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Where the browsers install themselves when they are not on the PATH.
fn usual_places() -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/snap/bin/chromium",
        "/usr/bin/google-chrome",
        "/opt/google/chrome/chrome",
        "/usr/bin/microsoft-edge",
        "/opt/microsoft/msedge/msedge",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let windows = [
        (
            "ProgramFiles(x86)",
            r"Microsoft\Edge\Application\msedge.exe",
        ),
        ("ProgramFiles", r"Microsoft\Edge\Application\msedge.exe"),
        ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
        ("ProgramFiles(x86)", r"Google\Chrome\Application\chrome.exe"),
        ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ];
    for (variable, tail) in windows {
        if let Some(base) = std::env::var_os(variable) {
            places.push(PathBuf::from(base).join(tail));
        }
    }
    places
}

/// Why no browser could be used: what was looked for, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    /// `POLICY_SITE_BROWSER` names a file that does not exist.
    Named(PathBuf),
    /// Nothing at any of these names or places.
    Nowhere {
        names: Vec<String>,
        places: Vec<PathBuf>,
    },
}

/// The browser to print with: the one `POLICY_SITE_BROWSER` names, else the first of
/// [`NAMES`] on the PATH, else the first of the usual places that exists.
pub fn find() -> Result<PathBuf, NotFound> {
    if let Some(named) = std::env::var_os(BROWSER_VARIABLE).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(named);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(NotFound::Named(path))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    find_in(&path, &usual_places())
}

/// [`find`] over a given PATH and list of places.
pub fn find_in(path: &std::ffi::OsStr, places: &[PathBuf]) -> Result<PathBuf, NotFound> {
    let executable = |name: &str| -> OsString {
        if cfg!(windows) {
            format!("{name}.exe").into()
        } else {
            name.into()
        }
    };
    for name in NAMES {
        for dir in std::env::split_paths(path) {
            let candidate = dir.join(executable(name));
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    if let Some(place) = places.iter().find(|p| p.is_file()) {
        return Ok(place.clone());
    }
    Err(NotFound::Nowhere {
        names: NAMES.iter().map(|n| n.to_string()).collect(),
        places: places.to_vec(),
    })
}

/// `file:///…` for a local file, with anything but plain characters percent-encoded.
pub fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    url.extend(utf8_percent_encode(&text, FILE_URL));
    url
}

/// What a `file://` address escapes: everything but letters, digits and `/-_.~:`.
const FILE_URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// Whether this process runs as root on Linux, where Chromium will not start with its
/// sandbox (containers, CI).
fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// How long one page may take to print before the browser is taken to have hung.
const PATIENCE: Duration = Duration::from_secs(300);

/// Prints the page `page` to `pdf` with `browser` (headless, the browser's own header
/// and footer off, headings as the PDF's outline). `work` is a folder of this run's
/// own for the browser's profile and log. The error is the browser's last words.
pub fn print(browser: &Path, page: &Path, pdf: &Path, work: &Path) -> Result<(), String> {
    let log_path = work.join("browser.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut command = Command::new(browser);
    command
        .arg("--headless")
        .args([
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
        ])
        .args([
            "--disable-extensions",
            "--disable-sync",
            "--disable-component-update",
        ])
        .args(["--disable-background-networking", "--no-pdf-header-footer"])
        .args([
            "--print-to-pdf-no-header",
            "--generate-pdf-document-outline",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    if running_as_root() {
        command.arg("--no-sandbox");
    }
    let mut child = command.spawn().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if started.elapsed() > PATIENCE => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no PDF after {} s", PATIENCE.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let printed = std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0);
    if status.success() && printed {
        return Ok(());
    }
    let words = std::fs::read_to_string(&log_path).unwrap_or_default();
    let last: Vec<&str> = words.lines().rev().take(5).collect();
    Err(format!(
        "{status}; {}",
        last.into_iter().rev().collect::<Vec<_>>().join(" / ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_on_the_path_comes_first_then_the_usual_places() {
        let dir = tempfile::tempdir().expect("dir");
        let place = dir.path().join("msedge.exe");
        std::fs::write(&place, "").expect("write");
        let empty = std::ffi::OsString::new();
        assert_eq!(
            find_in(&empty, std::slice::from_ref(&place)),
            Ok(place.clone())
        );
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("dir");
        let name = if cfg!(windows) {
            "google-chrome.exe"
        } else {
            "google-chrome"
        };
        std::fs::write(bin.join(name), "").expect("write");
        let path = std::env::join_paths([&bin]).expect("path");
        assert_eq!(find_in(&path, &[place]), Ok(bin.join(name)));
    }

    #[test]
    fn nothing_found_says_what_was_looked_for() {
        let missing = PathBuf::from("/nowhere/chrome");
        let Err(NotFound::Nowhere { names, places }) =
            find_in(&std::ffi::OsString::new(), std::slice::from_ref(&missing))
        else {
            panic!("found a browser in an empty PATH");
        };
        assert!(names.contains(&"chromium".to_string()) && names.contains(&"msedge".to_string()));
        assert_eq!(places, vec![missing]);
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        let url = file_url(Path::new("/tmp/方針 site/ja/print.html"));
        assert_eq!(url, "file:///tmp/%E6%96%B9%E9%87%9D%20site/ja/print.html");
    }
}
