//! What can go wrong with the store, in words a helper at the member's side can act on.

use crate::model::RejectReason;
use crate::rules::{
    arrival::ArrivalError, call_off::CallOffError, cutoff::CloseError, ledger::MoneyError,
    pickup::CodeError, publish::PublishError,
};
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path} is not a Linli data file (it is not an SQLite database); it was left untouched"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path} was written by a newer Linli (data version {found}, this one knows up to {supported}); please update Linli. The file was left untouched"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "can't write Linli's data at {path}: the folder or file is read-only or missing ({detail})"
    )]
    NotWritable { path: PathBuf, detail: String },
    #[error("{path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("refused: {0:?}")]
    Rejected(RejectReason),
    #[error(transparent)]
    Close(#[from] CloseError),
    #[error(transparent)]
    Arrival(#[from] ArrivalError),
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error(transparent)]
    CallOff(#[from] CallOffError),
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    #[error(transparent)]
    Neighbours(#[from] crate::rules::neighbours::NeighbourError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A failure of another database behind [`super::Rows`] (the hub's PostgreSQL store).
    #[error("database error: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<RejectReason> for StoreError {
    fn from(r: RejectReason) -> Self {
        StoreError::Rejected(r)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
