//! The local store: one SQLite file (WAL, foreign keys on), migrated on open, read and
//! written only through the named functions of this module's children.
//!
//! - [`rows`]: write and read each domain type (upserts, so syncing can replay them);
//! - [`orders`], [`day`], [`money`], [`complaints`], [`community`]: the day's operations,
//!   each one transaction that runs a rule from [`crate::rules`] and writes its result;
//! - [`outbox`]: commands waiting for the hub; [`analytics`]: the organiser's figures;
//! - [`organiser`]: what the organiser's screens read (progress, day sheet, desk, …);
//!   [`members`]: a member's ledger lines for the Members page;
//! - [`import`]: bulk load of a generated dataset; [`rollups`]: the triggers' rollups
//!   computed afresh, for writes made with triggers off (a device catching up).

pub mod access;
pub mod analytics;
pub mod catch_up;
mod codec;
pub mod community;
pub mod complaints;
pub mod day;
mod error;
pub mod import;
pub mod members;
mod migrations;
pub mod money;
pub mod orders;
pub mod organiser;
pub mod outbox;
pub mod paper;
#[cfg(test)]
mod plan_check;
pub mod rollups;
pub mod rows;
pub mod stock;
pub mod sync;

pub use access::{OnSqlite, Rows};
pub use error::{Result, StoreError};
pub use migrations::latest_version;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How hard a commit is pushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=NORMAL`: with WAL, a power cut may lose the last commits but never
    /// damages the file. Right for a member's device, whose outbox the hub re-confirms.
    Normal,
    /// `synchronous=FULL`: every commit is on disk before it returns. For the hub, which
    /// acknowledges commands.
    Full,
}

/// An open Linli data file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (or creates) the data file at `path` and brings its schema up to date.
    /// A file that is not SQLite, one from a newer Linli, or a place that can't be written
    /// gives a clear [`StoreError`] and leaves the file exactly as it was.
    pub fn open(path: impl AsRef<Path>, durability: Durability) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        check_header(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::NotWritable {
                path,
                detail: "the file is read-only".into(),
            });
        }
        Self::prepare(conn, path, durability)
    }

    /// A private store in memory (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            Durability::Normal,
        )
    }

    fn prepare(mut conn: Connection, path: PathBuf, durability: Durability) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        let supported = migrations::latest_version();
        if found > supported {
            return Err(StoreError::NewerSchema {
                path,
                found,
                supported,
            });
        }
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if path.as_os_str() != ":memory:" && !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NotWritable {
                path,
                detail: format!("journal mode stayed {mode}"),
            });
        }
        let sync = match durability {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        };
        conn.pragma_update(None, "synchronous", sync)?;
        // Foreign keys stay off while migrating, so a step may rebuild a table others
        // refer to (SQLite's way to change a constraint); such a step checks them itself.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations::migrations()
            .to_latest(&mut conn)
            .map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => classify(&path, err),
                other => StoreError::Migration(other),
            })?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store { conn, path })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for this crate's query modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let msg: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if msg == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: msg,
            })
        }
    }
}

/// Refuses an existing, non-empty file whose first bytes are not SQLite's, before SQLite
/// is allowed to touch it.
fn check_header(path: &Path) -> Result<()> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(StoreError::NotWritable {
                path: path.into(),
                detail: e.to_string(),
            });
        }
    };
    if f.metadata()?.is_dir() {
        return Err(StoreError::NotWritable {
            path: path.into(),
            detail: "it is a folder".into(),
        });
    }
    let mut head = Vec::with_capacity(16);
    f.by_ref().take(16).read_to_end(&mut head)?;
    if head.is_empty() || head.as_slice() == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotSqlite { path: path.into() })
    }
}

/// Turns SQLite's codes into the errors a person can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            StoreError::NotWritable {
                path,
                detail: e.to_string(),
            }
        }
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
            path,
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
    }
}
