//! Commands waiting for the hub, oldest first. A command leaves the outbox only when the
//! hub has answered it (applied or rejected); until then it is retried with the same id.

use super::codec::{ms, uuid_blob};
use super::{Result, Store};
use crate::command::{Command, Envelope};
use crate::model::Timestamp;
use rusqlite::{Connection, params};
use uuid::Uuid;

/// Queues `command` under a fresh id, inside the caller's transaction.
pub fn push(c: &Connection, command: &Command, now: Timestamp) -> rusqlite::Result<Uuid> {
    let id = Uuid::new_v4();
    let json = serde_json::to_string(command).expect("commands serialize");
    c.prepare_cached("INSERT INTO outbox (command_id, command, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![uuid_blob(&id), json, ms(now)])?;
    Ok(id)
}

/// A queued command with its retry record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub envelope: Envelope,
    pub attempts: u32,
    pub last_error: Option<String>,
}

impl Store {
    /// Up to `limit` queued commands, oldest first.
    pub fn outbox(&self, limit: u32) -> Result<Vec<Pending>> {
        let mut st = self.conn().prepare_cached(
            "SELECT command_id, command, attempts, last_error FROM outbox WHERE seq > 0 ORDER BY seq LIMIT ?1",
        )?;
        let rows = st.query_map([limit], |r| {
            let id: Vec<u8> = r.get(0)?;
            let json: String = r.get(1)?;
            Ok((id, json, r.get(2)?, r.get(3)?))
        })?;
        rows.map(|row| {
            let (id, json, attempts, last_error) = row?;
            let id = Uuid::from_slice(&id).map_err(|e| conversion(0, e))?;
            let command: Command = serde_json::from_str(&json).map_err(|e| conversion(1, e))?;
            Ok(Pending {
                envelope: Envelope { id, command },
                attempts,
                last_error,
            })
        })
        .collect()
    }

    /// How many commands wait for the hub.
    pub fn outbox_len(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
    }

    /// The hub answered these commands: drop them.
    pub fn outbox_done(&mut self, ids: &[Uuid]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        for id in ids {
            tx.prepare_cached("DELETE FROM outbox WHERE command_id = ?1")?
                .execute([uuid_blob(id)])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Sending failed (network down, hub busy): count the attempt and keep the reason.
    pub fn outbox_failed(&mut self, ids: &[Uuid], error: &str) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        for id in ids {
            tx.prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE command_id = ?1",
            )?
            .execute(params![uuid_blob(id), error])?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn conversion(col: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Blob, Box::new(e))
}
