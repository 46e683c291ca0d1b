//! The hub's default storage: linli-core's store in one SQLite file (WAL,
//! `synchronous=FULL`, so anything acknowledged is on disk), plus the hub's own tables
//! (invites, device tokens, answered commands, the change feed). One connection behind a
//! mutex: commands are applied one at a time, so stock can never be oversold; commands that
//! arrive together are applied one after another in one transaction (group commit), so they
//! share one write to disk.

use super::commands::{self, HubRows};
use super::feed::Pending;
use super::group_commit::{self, Answers, GroupCommit, Item};
use super::{Actor, Applied, HubError, HubStorage, Invites, SEEN_EVERY};
use crate::limits::JoinGuard;
use crate::secrets;
use linli_core::command::Envelope;
use linli_core::model::*;
use linli_core::store::{Durability, OnSqlite, Rows, Store, StoreError};
use linli_core::sync::protocol::{Change, DeviceInfo, Joined, PullPage};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use uuid::Uuid;

pub struct SqliteHub {
    store: Mutex<Store>,
    /// Commands waiting to be applied together.
    commits: GroupCommit,
    /// The feed's newest change number, refreshed after every write.
    head: AtomicI64,
    /// Device tokens already looked up (tokens never change their member), with the
    /// device's id and when its `last_seen_at` was last written. Revoking removes it.
    actors: Mutex<HashMap<Vec<u8>, Known>>,
    /// Bumped by every revocation, so a lookup that raced one is not cached.
    revocations: AtomicU64,
    /// Wrong invite codes per address (one process: kept in memory).
    joins: JoinGuard,
}

/// A device token the hub has looked up.
#[derive(Debug, Clone, Copy)]
struct Known {
    actor: Actor,
    device_id: Uuid,
    seen: Option<Timestamp>,
}

impl SqliteHub {
    /// Opens (or creates) the hub's file.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteHub, HubError> {
        Self::open_with(path, true)
    }

    /// [`SqliteHub::open`] with `secure_delete` on or off: off only to measure what it costs
    /// (benches/secure_delete.rs); the hub always runs with it on.
    #[doc(hidden)]
    pub fn open_with(path: impl AsRef<Path>, secure_delete: bool) -> Result<SqliteHub, HubError> {
        let store = Store::open(path, Durability::Full)?;
        // Deleted content is overwritten, so words erased when a member leaves (and the
        // feed's superseded copies) are gone from the file, not only unlinked.
        let on = if secure_delete { "ON" } else { "OFF" };
        store.read(|c| c.pragma_update(None, "secure_delete", on))?;
        let head = store.read(feed_head)?;
        Ok(SqliteHub {
            store: Mutex::new(store),
            commits: GroupCommit::default(),
            head: AtomicI64::new(head),
            actors: Mutex::default(),
            revocations: AtomicU64::new(0),
            joins: JoinGuard::default(),
        })
    }

    /// Applies `batch` in one transaction ([`commands::apply_batch`]); if the commit
    /// fails, every command gets the error and none was applied.
    fn apply_batch(&self, batch: &[Item]) -> Answers {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let result = store.immediate(|c| SqliteTx::run(c, |tx| commands::apply_batch(tx, batch)));
        if let Ok(h) = store.read(feed_head) {
            self.head.store(h, Ordering::Release);
        }
        result.unwrap_or_else(|e| group_commit::all_failed(batch, &e.to_string()))
    }

    /// Runs `f` in one write transaction and publishes the changes it emitted.
    fn with<T>(&self, f: impl FnOnce(&SqliteTx) -> Result<T, HubError>) -> Result<T, HubError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let out = store.immediate(|c| SqliteTx::run(c, f));
        self.head.store(store.read(feed_head)?, Ordering::Release);
        out
    }

    /// Reads without a write transaction (the mutex keeps writers out meanwhile).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, HubError>) -> Result<T, HubError> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.read(f)
    }
}

fn feed_head(c: &Connection) -> Result<i64, HubError> {
    Ok(
        c.query_row("SELECT COALESCE(MAX(seq), 0) FROM hub_changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// A write transaction on the hub's file with the changes it publishes kept aside until
/// it ends ([`Pending`]).
pub(super) struct SqliteTx<'a> {
    c: &'a Connection,
    feed: Pending,
}

impl<'a> SqliteTx<'a> {
    /// Runs `f` on `c` (inside a transaction) and writes the changes it emitted to the feed.
    fn run<T, E: From<StoreError>>(
        c: &'a Connection,
        f: impl FnOnce(&SqliteTx) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = SqliteTx {
            c,
            feed: Pending::default(),
        };
        let out = f(&tx)?;
        tx.publish()?;
        Ok(out)
    }

    /// Appends each change to the feed, superseding the entity's older change.
    fn publish(&self) -> Result<(), StoreError> {
        for (group, change) in self.feed.take() {
            let entity = change.entity();
            let (audience, member) = super::audience(&change);
            self.prepare_cached("DELETE FROM hub_changes WHERE entity = ?1")?
                .execute([&entity])?;
            let json = serde_json::to_string(&change).expect("changes serialize");
            self.prepare_cached(
                "INSERT INTO hub_changes (group_id, entity, audience, member_id, change)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![group, entity, audience, member, json])?;
        }
        Ok(())
    }
}

impl std::ops::Deref for SqliteTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.c
    }
}

impl OnSqlite for SqliteTx<'_> {
    fn sqlite(&self) -> &Connection {
        self.c
    }
}

impl HubRows for SqliteTx<'_> {
    fn emit(&self, group: GroupId, change: &Change) -> Result<(), StoreError> {
        self.feed.push(group, change);
        Ok(())
    }

    fn answered(&self, id: Uuid) -> Result<Option<(MemberId, String)>, StoreError> {
        Ok(self
            .prepare_cached("SELECT member_id, outcome FROM hub_commands WHERE command_id = ?1")?
            .query_row([id.as_bytes()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn record_answer(
        &self,
        id: Uuid,
        member: MemberId,
        outcome: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.prepare_cached(
            "INSERT INTO hub_commands (command_id, member_id, outcome, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id.as_bytes(),
            member,
            outcome,
            now.timestamp_millis()
        ])?;
        Ok(())
    }

    fn put_invite(
        &self,
        code_hash: &[u8],
        g: GroupId,
        role: Role,
        member: Option<MemberId>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.prepare_cached(
            "INSERT INTO hub_invites (code_hash, group_id, role, member_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            code_hash,
            g,
            super::role_name(role),
            member,
            now.timestamp_millis()
        ])?;
        Ok(())
    }

    fn drop_invites_of(&self, member: MemberId) -> Result<(), StoreError> {
        self.prepare_cached("DELETE FROM hub_invites WHERE member_id = ?1")?
            .execute([member])?;
        Ok(())
    }

    // Each statement prepared once per connection (a savepoint is taken twice per command).
    fn savepoint(&self, name: &str) -> Result<(), StoreError> {
        self.prepare_cached(&format!("SAVEPOINT {name}"))?
            .execute([])?;
        Ok(())
    }

    fn release(&self, name: &str) -> Result<(), StoreError> {
        self.prepare_cached(&format!("RELEASE {name}"))?
            .execute([])?;
        Ok(())
    }

    fn rollback_to(&self, name: &str) -> Result<(), StoreError> {
        self.prepare_cached(&format!("ROLLBACK TO {name}"))?
            .execute([])?;
        self.release(name)
    }
}

impl HubStorage for SqliteHub {
    fn import_group(
        &self,
        data: &linli_core::demo::Dataset,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        self.with(|c| commands::import_group(c, data, now))
    }

    fn create_group(
        &self,
        name: &str,
        organiser: &str,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        self.with(|c| commands::create_group(c, name, organiser, now))
    }

    fn link_code(
        &self,
        actor: &Actor,
        member: MemberId,
        now: Timestamp,
    ) -> Result<String, HubError> {
        self.with(|c| commands::link_code(c, actor, member, now))
    }

    fn join(&self, invite: &str, display_name: &str, now: Timestamp) -> Result<Joined, HubError> {
        let name = commands::valid_name(display_name)?;
        let code_hash = secrets::hash(&secrets::normalize_invite(invite));
        self.with(|c| {
            let found: Option<(GroupId, String, Option<MemberId>)> = c
                .prepare_cached(
                    "SELECT group_id, role, member_id FROM hub_invites WHERE code_hash = ?1",
                )?
                .query_row([&code_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let (group, role, bound) = found.ok_or(HubError::BadInvite)?;
            let role: Role = serde_json::from_value(role.into())
                .map_err(|e| HubError::BadInput(e.to_string()))?;
            let member = commands::joining(c, group, role, bound, name, now)?;
            let token = secrets::new_token();
            c.prepare_cached(
                "INSERT INTO hub_devices (token_hash, member_id, created_at, device_id, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?3)",
            )?
            .execute(params![
                secrets::hash(&token),
                member.id,
                now.timestamp_millis(),
                Uuid::new_v4().as_bytes(),
            ])?;
            Ok(Joined {
                member_id: member.id,
                group_id: group,
                role: member.role,
                token,
            })
        })
    }

    fn actor(&self, token: &str, now: Timestamp) -> Result<Option<Actor>, HubError> {
        let h = secrets::hash(token);
        let generation = self.revocations.load(Ordering::Acquire);
        let cached = self
            .actors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&h)
            .copied();
        let known = match cached {
            Some(k) => k,
            None => {
                let found = self.read(|c| {
                    Ok(c.prepare_cached(
                        "SELECT m.id, m.group_id, m.role, d.device_id, d.last_seen_at
                         FROM hub_devices d JOIN members m ON m.id = d.member_id
                         WHERE d.token_hash = ?1",
                    )?
                    .query_row([&h], |r| {
                        let role: String = r.get(2)?;
                        let id: Vec<u8> = r.get(3)?;
                        let seen: Option<i64> = r.get(4)?;
                        Ok(Known {
                            actor: Actor {
                                member_id: r.get(0)?,
                                group_id: r.get(1)?,
                                role: super::role_of(role),
                            },
                            device_id: Uuid::from_slice(&id).unwrap_or_default(),
                            seen: seen.and_then(Timestamp::from_timestamp_millis),
                        })
                    })
                    .optional()?)
                })?;
                match found {
                    Some(k) => k,
                    None => return Ok(None),
                }
            }
        };
        let known = if known.seen.is_none_or(|t| now - t >= SEEN_EVERY) {
            let written = self.with(|c| {
                Ok(c.prepare_cached(
                    "UPDATE hub_devices SET last_seen_at = ?2 WHERE token_hash = ?1",
                )?
                .execute(params![&h, now.timestamp_millis()])?)
            })?;
            if written == 0 {
                return Ok(None); // revoked meanwhile
            }
            Known {
                seen: Some(now),
                ..known
            }
        } else {
            known
        };
        let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
        if self.revocations.load(Ordering::Acquire) != generation {
            // A device was revoked meanwhile: perhaps this one; ask the file next time.
            actors.remove(&h);
        } else {
            actors.insert(h, known);
        }
        Ok(Some(known.actor))
    }

    fn devices(&self, a: &Actor, actor_token: &str) -> Result<Vec<DeviceInfo>, HubError> {
        let mine = secrets::hash(actor_token);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT d.device_id, m.id, m.display_name, m.role, d.created_at, d.last_seen_at,
                        d.token_hash
                 FROM members m JOIN hub_devices d ON d.member_id = m.id
                 WHERE m.group_id = ?1 ORDER BY m.display_name, m.id, d.created_at",
            )?;
            let rows = st.query_map([a.group_id], |r| {
                let id: Vec<u8> = r.get(0)?;
                let role: String = r.get(3)?;
                let joined: i64 = r.get(4)?;
                let seen: Option<i64> = r.get(5)?;
                let hash: Vec<u8> = r.get(6)?;
                Ok(DeviceInfo {
                    device_id: Uuid::from_slice(&id).unwrap_or_default(),
                    member_id: r.get(1)?,
                    display_name: r.get(2)?,
                    role: super::role_of(role),
                    joined_at: Timestamp::from_timestamp_millis(joined).unwrap_or_default(),
                    last_seen_at: seen.and_then(Timestamp::from_timestamp_millis),
                    this_device: hash == mine,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn revoke_device(&self, a: &Actor, actor_token: &str, device_id: Uuid) -> Result<(), HubError> {
        let mine = secrets::hash(actor_token);
        self.with(|c| {
            let found: Option<Vec<u8>> = c
                .prepare_cached(
                    "SELECT d.token_hash FROM hub_devices d JOIN members m ON m.id = d.member_id
                     WHERE d.device_id = ?1 AND m.group_id = ?2",
                )?
                .query_row(params![device_id.as_bytes(), a.group_id], |r| r.get(0))
                .optional()?;
            let hash = found.ok_or(HubError::NoSuchDevice)?;
            if hash == mine {
                return Err(HubError::OwnDevice);
            }
            c.prepare_cached("DELETE FROM hub_devices WHERE device_id = ?1")?
                .execute([device_id.as_bytes()])?;
            Ok(())
        })?;
        let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
        self.revocations.fetch_add(1, Ordering::AcqRel);
        actors.retain(|_, k| k.device_id != device_id);
        Ok(())
    }

    fn leave(&self, a: &Actor, now: Timestamp) -> Result<(), HubError> {
        if a.role == Role::Organiser {
            return Err(HubError::OrganiserStays);
        }
        self.with(|c| {
            commands::leave(c, a, now)?;
            c.prepare_cached("DELETE FROM hub_devices WHERE member_id = ?1")?
                .execute([a.member_id])?;
            Ok(())
        })?;
        {
            let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
            self.revocations.fetch_add(1, Ordering::AcqRel);
            actors.retain(|_, k| k.actor.member_id != a.member_id);
        }
        // The write-ahead log still holds the pages as they were: fold it into the file
        // (whose freed space secure_delete zeroed) and empty it.
        self.read(|c| {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }

    fn apply(
        &self,
        actor: &Actor,
        command: &Envelope,
        now: Timestamp,
    ) -> Result<Applied, HubError> {
        self.commits
            .apply(actor, command, now, |batch| self.apply_batch(batch))
    }

    fn pull(&self, a: &Actor, since: i64, limit: u32) -> Result<PullPage, HubError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, change FROM hub_changes INDEXED BY hub_changes_feed
                 WHERE group_id = ?1 AND seq > ?2
                   AND (audience = 'all' OR ?3 OR member_id = ?4 OR (audience = 'helpers' AND ?5)
                        OR (audience = 'coordinators' AND ?6))
                 ORDER BY seq LIMIT ?7",
            )?;
            // A coordinator (老年协调员) follows up help requests and suggestions.
            let coordinator = c.member(a.member_id)?.is_some_and(|m| m.coordinator);
            let rows: Vec<(i64, String)> = st
                .query_map(
                    params![
                        a.group_id,
                        since,
                        a.role == Role::Organiser,
                        a.member_id,
                        a.role == Role::Volunteer || coordinator,
                        coordinator,
                        limit + 1
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let more = rows.len() > limit as usize;
            let mut changes = Vec::with_capacity(rows.len());
            let mut next = since;
            for (seq, json) in rows.into_iter().take(limit as usize) {
                changes.push(
                    serde_json::from_str(&json).map_err(|e| HubError::BadInput(e.to_string()))?,
                );
                next = seq;
            }
            if !more {
                // Nothing else visible to this device up to the group's newest change.
                let head: Option<i64> = c
                    .prepare_cached("SELECT MAX(seq) FROM hub_changes WHERE group_id = ?1")?
                    .query_row([a.group_id], |r| r.get(0))?;
                next = next.max(head.unwrap_or(0));
            }
            Ok(PullPage {
                changes,
                next,
                more,
            })
        })
    }

    fn close_due(&self, now: Timestamp) -> Result<usize, HubError> {
        self.with(|c| {
            let groups: Vec<GroupId> = c
                .prepare_cached(
                    "SELECT DISTINCT group_id FROM deals WHERE state = 'open' AND cutoff <= ?1",
                )?
                .query_map([now.timestamp_millis()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut closed = 0;
            for g in groups {
                for d in c.deals_due(g, now)? {
                    commands::close_at_cutoff(c, g, &d, now)?;
                    closed += 1;
                }
            }
            Ok(closed)
        })
    }

    fn may_try_join(&self, ip: IpAddr, _now: Timestamp) -> Result<bool, HubError> {
        Ok(self.joins.may_try(ip))
    }

    fn failed_join(&self, ip: IpAddr, _now: Timestamp) -> Result<(), HubError> {
        self.joins.failed(ip);
        Ok(())
    }

    fn command_transactions(&self) -> u64 {
        self.commits.batches()
    }

    fn head(&self) -> Result<i64, HubError> {
        Ok(self.head.load(Ordering::Acquire))
    }
}
