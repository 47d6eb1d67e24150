//! Writing the built site: each file goes, as soon as it is rendered, into a fresh
//! staging folder beside the target, which is swapped in only when complete. On any
//! error or interruption the previous output stays exactly as it was. Only a folder
//! this program made (it holds [`MARKER`]) or an empty one is ever replaced.

pub mod interrupt;
mod stale;
mod target;

use crate::diagnostics::{io_error, Diagnostic, Diagnostics, MessageLanguage};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
pub use target::MARKER;

/// What the build is about to write, for recognising an output of an older version
/// (one made before the marker existed).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The names at the top of the output (`index.html`, `static`, `ja`, …).
    pub top_names: Vec<String>,
    /// The language of the message printed on Ctrl-C.
    pub language: MessageLanguage,
}

/// A build being written: the staging folder, filled file by file (from many threads
/// at once), then swapped in place of the target by [`Staging::finish`]. Dropped
/// without `finish`, it removes the staging folder.
#[derive(Debug)]
pub struct Staging {
    /// The folder replaced: `--out`, or the folder a symlink `--out` leads to.
    target: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// Problems that did not stop the build (a stale folder that could not be removed).
    warnings: Diagnostics,
    done: bool,
}

impl Staging {
    /// Checks that `out` may be replaced, cleans what killed builds left, and makes
    /// the staging folder (with the marker in it).
    pub fn begin(out: &Path, plan: &Plan) -> Result<Staging, Diagnostic> {
        let target = target::resolve(out)?;
        target::refuse_unless_ours(&target.path, &plan.top_names)?;
        interrupt::install(plan.language);
        let warnings = stale::clean(&target.parent, &target.name, &target.path);
        let pid = std::process::id();
        let staging = target.parent.join(format!("{}.new-{pid}", target.name));
        let previous = target.parent.join(format!("{}.old-{pid}", target.name));
        let _ = fs::remove_dir_all(&staging);
        interrupt::remove_on_signal(&staging);
        let mut begun = Staging {
            target: target.path,
            staging,
            previous,
            warnings,
            done: false,
        };
        fs::create_dir(&begun.staging)
            .and_then(|()| fs::write(begun.staging.join(MARKER), target::MARKER_TEXT))
            .map_err(|e| {
                begun.done = true;
                interrupt::forget(&begun.staging);
                let _ = fs::remove_dir_all(&begun.staging);
                io_error(
                    &begun.staging,
                    ("create the staging folder", "作業用フォルダの作成"),
                    &e,
                )
                .hint(
                    "the build writes beside the output folder first; that folder must be writable",
                    "ビルドはまず出力先フォルダの隣に書き込みます。そのフォルダに書き込めるようにしてください",
                )
            })?;
        Ok(begun)
    }

    /// Writes one file into the staging folder, making its folders.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let interrupted = || {
            Diagnostic::error(
                "interrupted",
                "the build was interrupted",
                "ビルドが中断されました",
            )
        };
        let _writing = interrupt::shared().ok_or_else(interrupted)?;
        crate::fs::write(&self.staging.join(&file.path), file.bytes.as_slice())
    }

    /// Writes many files in parallel: at 10,000 pages writing is much of a build's
    /// time, spent copying into the page cache, which one core cannot keep up with.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files.par_iter().try_for_each(|file| self.write(file))
    }

    /// Puts the staging folder in place of the target, keeping the old one until the
    /// new one is in place. Returns the warnings found on the way.
    pub fn finish(mut self) -> Result<Diagnostics, Diagnostic> {
        self.done = true;
        let swapped = {
            let _alone = interrupt::exclusive();
            let swapped = self.swap();
            interrupt::forget(&self.staging);
            if swapped.is_ok() {
                interrupt::remove_on_signal(&self.previous);
            }
            swapped
        };
        if let Err(error) = swapped {
            let _ = fs::remove_dir_all(&self.staging);
            return Err(error);
        }
        let mut warnings = std::mem::take(&mut self.warnings);
        if let Err(error) = remove_if_present(&self.previous) {
            warnings.push(cleanup_warning(&self.previous, &error));
        }
        interrupt::forget(&self.previous);
        Ok(warnings)
    }

    /// The two renames. On failure the target is as it was.
    fn swap(&self) -> Result<(), Diagnostic> {
        let had_previous = self.target.exists();
        if had_previous {
            keep_permissions(&self.target, &self.staging);
            let _ = fs::remove_dir_all(&self.previous);
            fs::rename(&self.target, &self.previous).map_err(|error| {
                io_error(
                    &self.target,
                    ("move aside the previous output", "前回の出力の退避"),
                    &error,
                )
            })?;
        }
        fs::rename(&self.staging, &self.target).map_err(|error| {
            if had_previous {
                let _ = fs::rename(&self.previous, &self.target);
            }
            io_error(
                &self.target,
                ("put the new output in place of", "新しい出力への置き換え"),
                &error,
            )
        })
    }

    /// Gives up: removes the staging folder. Returns a warning if that fails.
    pub fn abandon(mut self) -> Option<Diagnostic> {
        self.done = true;
        let removed = remove_if_present(&self.staging);
        interrupt::forget(&self.staging);
        removed
            .err()
            .map(|error| cleanup_warning(&self.staging, &error))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
            interrupt::forget(&self.staging);
        }
    }
}

/// The new folder gets the old one's permissions (a web server's folder keeps its mode).
fn keep_permissions(from: &Path, to: &Path) {
    if let Ok(metadata) = fs::metadata(from) {
        let _ = fs::set_permissions(to, metadata.permissions());
    }
}

fn remove_if_present(folder: &Path) -> std::io::Result<()> {
    match fs::remove_dir_all(folder) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

pub(crate) fn cleanup_warning(folder: &Path, error: &std::io::Error) -> Diagnostic {
    let folder = folder.display();
    Diagnostic::warning(
        "cleanup-failed",
        format!("could not remove the build's working folder {folder}: {error}"),
        format!(
            "ビルドの作業用フォルダ {folder} を削除できませんでした（{}）",
            crate::diagnostics::io_reason_ja(error)
        ),
    )
    .hint(
        "the site was written; remove that folder by hand (the next build also tries)",
        "サイトは書き出せています。このフォルダは手で削除してください（次のビルドでも削除を試みます）",
    )
}

/// Writes `files` to `out` atomically (as far as the file system allows: two renames).
/// Returns the warnings (a working folder that could not be removed).
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<Diagnostics, Diagnostic> {
    let mut top_names: Vec<String> = files
        .iter()
        .map(|f| f.path.split('/').next().unwrap_or_default().to_string())
        .collect();
    top_names.dedup();
    let plan = Plan {
        top_names,
        ..Plan::default()
    };
    let staging = Staging::begin(out, &plan)?;
    if let Err(error) = staging.write_all(files) {
        drop(staging);
        return Err(error);
    }
    staging.finish()
}

#[cfg(test)]
mod tests;
