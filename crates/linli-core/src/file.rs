//! Small files written whole (settings, the window's place, the renderer's verdict): the
//! new text goes to a file beside it, reaches the disk, then takes the old one's name in one
//! step, so a crash or a full disk leaves the old file or the new one, never half of one.
//!
//! On Windows the rename can be refused while another program holds the old file open (a
//! virus scanner, a backup, the search indexer; under Wine, any reader): it is tried a few
//! times, then the old file is overwritten in place, so her setting is saved all the same
//! (without the one-step guarantee for that write). tests/files.rs runs under Wine too.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`, replacing what was there in one step (see the module's note).
/// On failure the old file is untouched and the half-written new one removed.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = beside(path);
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })()
    .and_then(|()| rename(&tmp, path, bytes));
    if written.is_err() || tmp.exists() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(not(windows))]
fn rename(tmp: &Path, path: &Path, _bytes: &[u8]) -> std::io::Result<()> {
    std::fs::rename(tmp, path)
}

/// The rename, tried five times over about a tenth of a second while the old file is held
/// open, then an overwrite in place (see the module's note).
#[cfg(windows)]
fn rename(tmp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    for _ in 0..5 {
        match std::fs::rename(tmp, path) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            done => return done,
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .create(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// `settings.toml` → `settings.toml.new`, in the same folder (a rename never crosses disks).
fn beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    path.with_file_name(name)
}
