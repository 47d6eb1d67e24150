//! Working folders a killed build left behind (SIGKILL, power loss): `NAME.new-PID`
//! and `NAME.old-PID` beside the output, holding the marker, of a process that is no
//! longer running. The next build removes them, or puts back a previous output that
//! was moved aside when the build died between the two renames of the swap.

use super::target::MARKER;
use crate::diagnostics::Diagnostics;
use std::fs;
use std::path::{Path, PathBuf};

/// Removes the stale working folders of the output `target` (named `name`, in
/// `parent`); returns a warning for each that cannot be removed.
pub(super) fn clean(parent: &Path, name: &str, target: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return warnings;
    };
    let mut stale: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().to_string();
            let is_old = working_folder(&file_name, name)?;
            let path = entry.path();
            let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                && path.join(MARKER).is_file();
            ours.then_some((path, is_old))
        })
        .collect();
    stale.sort();
    if !target.exists() {
        if let Some(at) = stale.iter().position(|(_, is_old)| *is_old) {
            let (previous, _) = stale.remove(at);
            if fs::rename(&previous, target).is_ok() {
                let target = target.display();
                warnings.push(crate::diagnostics::Diagnostic::warning(
                    "output-restored",
                    format!("put back the previous output {target}, which an interrupted build had moved aside"),
                    format!("中断されたビルドが退避したままだった前回の出力 {target} を元に戻しました"),
                ));
            }
        }
    }
    for (path, _) in stale {
        if let Err(error) = super::remove_if_present(&path) {
            warnings.push(super::cleanup_warning(&path, &error));
        }
    }
    warnings
}

/// For `NAME.new-PID` or `NAME.old-PID` of a process that is not running: whether it
/// is an `old` one.
fn working_folder(file_name: &str, name: &str) -> Option<bool> {
    let rest = file_name.strip_prefix(name)?;
    let (is_old, pid) = if let Some(pid) = rest.strip_prefix(".new-") {
        (false, pid)
    } else {
        (true, rest.strip_prefix(".old-")?)
    };
    let pid: u32 = pid.parse().ok()?;
    (pid != std::process::id() && !running(pid)).then_some(is_old)
}

/// Whether process `pid` is running. Where that cannot be told cheaply (not Linux),
/// a folder of another process is taken as stale.
fn running(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::working_folder;

    #[test]
    fn only_working_folders_of_this_output_are_recognised() {
        // PID 0 never names a running process in /proc.
        assert_eq!(working_folder("public.new-0", "public"), Some(false));
        assert_eq!(working_folder("public.old-0", "public"), Some(true));
        for other in [
            "public",
            "public.new-",
            "public.new-12x",
            "public2.new-0",
            "www.new-0",
            "public.bak",
        ] {
            assert_eq!(working_folder(other, "public"), None, "{other}");
        }
        let own = format!("public.new-{}", std::process::id());
        assert_eq!(working_folder(&own, "public"), None);
    }
}
