//! Small files written whole (settings, the window's place, the renderer's verdict): the
//! new text goes to a file beside it, reaches the disk, then takes the old one's name in one
//! step, so a crash or a full disk leaves the old file or the new one, never half of one.
//!
//! On Windows the rename can be refused while another program holds the old file open (a
//! virus scanner, a backup, the search indexer; under Wine, any reader): it is tried a few
//! times, then the old file is overwritten in place, so her setting is saved all the same
//! (without the one-step guarantee for that write). tests/files.rs runs under Wine too.
//!
//! What Linli writes is hers alone: on a family computer with several accounts, her store
//! (her device's bearer token is in it), an organiser's hub file (the whole group's names and
//! money), exports, recordings and PDFs must not be readable by the other accounts. On Unix
//! [`private_by_default`] makes every new folder 0700 and file 0600 (SQLite's -wal and -shm
//! files follow the store's), and [`tighten`] brings an existing data folder there; on
//! Windows the per-user profile already keeps them hers.

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

/// From now on this process makes folders 0700 and files 0600 (Unix: umask 077).
/// Call it first thing, before any thread starts. Elsewhere it does nothing.
pub fn private_by_default() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Makes `dir` and everything in it hers alone (Unix: folders 0700, files 0600), for a data
/// folder made before Linli did so. Symbolic links are not followed. Returns how many
/// permissions it changed; elsewhere than Unix it changes nothing.
pub fn tighten(dir: &Path) -> std::io::Result<usize> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::symlink_metadata(dir)?;
        if meta.file_type().is_symlink() {
            return Ok(0);
        }
        let want = if meta.is_dir() { 0o700 } else { 0o600 };
        let mut changed = 0;
        if meta.permissions().mode() & 0o777 != want {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(want))?;
            changed += 1;
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(dir)? {
                changed += tighten(&entry?.path())?;
            }
        }
        Ok(changed)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(0)
    }
}
