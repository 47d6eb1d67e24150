//! What happens on Ctrl-C or SIGTERM while a build writes: writes in progress finish,
//! no new one starts, the staging folders this build made are removed, and the
//! program exits with status 130. The swap itself is never cut in half: it holds the
//! same lock, so a signal waits for it.

use crate::diagnostics::MessageLanguage;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, Once, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Writers hold it shared; the swap and the signal handler hold it alone.
static WRITES: RwLock<()> = RwLock::new(());
/// Set by the handler: no more writes.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Folders to remove if a signal arrives now.
static TO_REMOVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// 0 English, 1 Japanese: the language of the message the handler prints.
static LANGUAGE: AtomicU8 = AtomicU8::new(0);
static INSTALL: Once = Once::new();

/// The exit status after an interruption (128 + SIGINT, as shells report Ctrl-C).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler (once per process; a process that has its own, like serve,
/// keeps it).
pub fn install(language: MessageLanguage) {
    LANGUAGE.store(u8::from(language == MessageLanguage::Ja), Ordering::Relaxed);
    INSTALL.call_once(|| {
        // A handler already set (serve, a test harness) is left alone: the staging
        // folder is then removed by the next build instead.
        let _ = ctrlc::set_handler(on_signal);
    });
}

fn on_signal() {
    let _alone = exclusive();
    INTERRUPTED.store(true, Ordering::SeqCst);
    let folders = std::mem::take(&mut *lock_list());
    for folder in &folders {
        let _ = std::fs::remove_dir_all(folder);
    }
    let language = if LANGUAGE.load(Ordering::Relaxed) == 1 {
        MessageLanguage::Ja
    } else {
        MessageLanguage::En
    };
    eprintln!(
        "{}",
        language.pick(
            "interrupted: the build stopped; the previous output is unchanged and no staging folder is left",
            "中断しました。ビルドを止めました。前回の出力は元のままで、作業用フォルダも残していません",
        )
    );
    std::process::exit(EXIT_INTERRUPTED);
}

fn lock_list() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TO_REMOVE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Held while one file is written; `None` once a signal has arrived.
pub fn shared() -> Option<RwLockReadGuard<'static, ()>> {
    let guard = WRITES
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    (!INTERRUPTED.load(Ordering::SeqCst)).then_some(guard)
}

/// Held by the swap: a signal waits until it is done.
pub fn exclusive() -> RwLockWriteGuard<'static, ()> {
    WRITES
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes `folder` if a signal arrives (until [`forget`]).
pub fn remove_on_signal(folder: &Path) {
    lock_list().push(folder.to_path_buf());
}

pub fn forget(folder: &Path) {
    lock_list().retain(|f| f != folder);
}
