//! The double-click start: `policy-site.exe` opened from Explorer, with no arguments,
//! previews the site it was put in and opens the browser; anywhere else it says, in
//! both languages, what to do, and waits for Enter before its window closes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where a site is looked for, first match wins: the current folder (a double-click
/// in Explorer starts the program in its own folder; `cd` then the bare command does
/// the same), the program's own folder, and the folder above it (the zip unpacked
/// into the site folder makes a folder of its own there).
pub fn site_candidates(current: Option<PathBuf>, program: Option<PathBuf>) -> Vec<PathBuf> {
    let program_folder = program.and_then(|p| p.parent().map(Path::to_path_buf));
    let above = program_folder
        .as_ref()
        .and_then(|folder| folder.parent().map(Path::to_path_buf));
    let mut candidates = Vec::new();
    for folder in [current, program_folder, above].into_iter().flatten() {
        if !candidates.contains(&folder) {
            candidates.push(folder);
        }
    }
    candidates
}

/// The first candidate that holds a `content/` folder.
pub fn find_site(candidates: &[PathBuf]) -> Option<&PathBuf> {
    candidates
        .iter()
        .find(|folder| folder.join("content").is_dir())
}

/// Runs the double-click start and returns the exit code: serve's, or 2 when no site
/// was found.
pub fn without_arguments() -> i32 {
    let language = super::message_language(None);
    let candidates = site_candidates(std::env::current_dir().ok(), std::env::current_exe().ok());
    let Some(root) = find_site(&candidates) else {
        let looked = candidates
            .iter()
            .map(|folder| format!("  {}", folder.display()))
            .collect::<Vec<_>>()
            .join("\n");
        eprintln!("{}", no_site_text(&looked));
        wait_for_enter_if_console();
        return 2;
    };
    println!(
        "{}",
        language.pick(
            &format!("policy-site: previewing the site in {}\nKeep this window open while you edit: every save shows in the browser.\nTo stop the preview, close this window (or press Ctrl-C).", root.display()),
            &format!("policy-site：{} のサイトをプレビューしています\n編集しているあいだは、この画面を開いたままにしてください。保存するたびにブラウザの表示が変わります。\nプレビューを止めるには、この画面を閉じてください（Ctrl-C でも止まります）。", root.display()),
        )
    );
    let options = crate::serve::Options {
        root: root.clone(),
        port: 8000,
        bind: std::net::IpAddr::from([127, 0, 0, 1]),
        open: true,
        drafts: false,
        any_port_if_taken: true,
    };
    let code = crate::serve::run(&options, super::printer(language), language);
    if code != 0 {
        wait_for_enter_if_console();
    }
    code
}

/// What to do, in both languages (the language setting may be the very thing that
/// is wrong, and a few lines cost nothing).
fn no_site_text(looked: &str) -> String {
    format!(
        "サイト（content フォルダ）が見つかりませんでした。探した場所：\n{looked}\n\n\
         policy-site.exe を、content フォルダがあるフォルダ（サイトのフォルダ）に置いて、\
         ダブルクリックしてください。ブラウザにプレビューが開きます。\n\
         ほかの使い方：コマンドプロンプトで policy-site.exe --help\n\n\
         No site (a content folder) was found. Looked in:\n{looked}\n\n\
         Put policy-site.exe in the folder that holds the content folder (the site's\n\
         folder) and double-click it: the preview opens in your browser.\n\
         Other uses: policy-site.exe --help in a command prompt."
    )
}

/// Keeps a double-clicked window open until Enter, so its words can be read. Only
/// when standard input is a console: a script or CI never waits.
fn wait_for_enter_if_console() {
    if !std::io::stdin().is_terminal() {
        return;
    }
    eprintln!("\nEnter キーを押すと、この画面を閉じます。 / Press Enter to close this window.");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_folder_comes_first_then_the_programs_and_the_one_above() {
        let candidates = site_candidates(
            Some(PathBuf::from("/home/hr")),
            Some(PathBuf::from(
                "/site/policy-site-windows-x64/policy-site.exe",
            )),
        );
        assert_eq!(
            candidates,
            [
                PathBuf::from("/home/hr"),
                PathBuf::from("/site/policy-site-windows-x64"),
                PathBuf::from("/site"),
            ]
        );
        // Double-clicked: the current folder is the program's, listed once.
        let candidates = site_candidates(
            Some(PathBuf::from("/site")),
            Some(PathBuf::from("/site/policy-site.exe")),
        );
        assert_eq!(candidates, [PathBuf::from("/site"), PathBuf::from("/")]);
    }

    #[test]
    fn a_site_is_a_folder_with_content_in_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("人事 課").join("方針サイト");
        let unpacked = site.join("policy-site-windows-x64");
        std::fs::create_dir_all(site.join("content")).expect("content");
        std::fs::create_dir_all(&unpacked).expect("unpacked");
        let candidates = site_candidates(
            Some(dir.path().to_path_buf()),
            Some(unpacked.join("policy-site.exe")),
        );
        assert_eq!(find_site(&candidates), Some(&site));
        assert_eq!(find_site(&candidates[..2]), None);
    }

    #[test]
    fn the_no_site_text_says_what_to_do_in_both_languages() {
        let text = no_site_text("  C:\\Users\\人事 課\\Downloads");
        assert!(text.contains("content フォルダがあるフォルダ"), "{text}");
        assert!(text.contains("double-click it"), "{text}");
        assert_eq!(text.matches("C:\\Users\\人事 課\\Downloads").count(), 2);
    }
}
