//! The hub on PostgreSQL, for several hub processes sharing one database (a street
//! office hosting many groups). The same decisions as the SQLite hub ([`commands`]); what
//! differs is how processes agree:
//! - stock: a deal's row is locked (`FOR UPDATE`) by whoever reads it in a write, so orders
//!   on one deal are decided one at a time whichever process receives them;
//! - the feed: numbers come from one counter row taken as a transaction's last write, so
//!   they are in commit order; `NOTIFY linli_feed` tells every process's waiting pulls;
//! - the cutoff closer runs in every process and takes due deals with `FOR UPDATE SKIP
//!   LOCKED`, so no deal is closed twice;
//! - device tokens are looked up every time (a revocation on one process holds on all),
//!   and wrong invite codes are counted in a table.
//!
//! Within a process, commands arriving together share a transaction ([`GroupCommit`]).
//! A transaction that loses a deadlock or a serialization race is run again (nothing of it
//! was committed).

mod actors;
mod rows;
mod schema;

use super::commands;
use super::group_commit::{self, Answers, GroupCommit, Item};
use super::{Actor, Applied, HubError, HubStorage, Invites, SEEN_EVERY, role_of};
use crate::limits;
use crate::secrets;
use actors::{Actors, Seen};
use linli_core::command::Envelope;
use linli_core::model::*;
use linli_core::store::{Rows, StoreError};
use linli_core::sync::protocol::{DeviceInfo, Joined, PullPage};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, IsolationLevel, NoTls};
use rows::{PgError, Prepared, Tx, db};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// Connections each hub process keeps open at most.
const POOL_SIZE: u32 = 16;
/// How often a transaction that lost a deadlock or serialization race is run again.
const RETRIES: usize = 8;

pub struct PostgresHub {
    /// Taken only when the hub is dropped (see its `Drop`).
    pool: Option<r2d2::Pool<Manager>>,
    commits: GroupCommit,
    /// The feed's newest number this process knows (its own commits and other processes'
    /// notifications).
    head: Arc<AtomicI64>,
    news: watch::Sender<i64>,
    /// Stops the notification listener when the hub is dropped.
    stop: Arc<AtomicBool>,
    /// Statements sent to the server by this process's requests (the listener's aside):
    /// each is one round trip.
    trips: Arc<AtomicU64>,
    /// The devices this process has seen, forgotten on news ([`actors`]).
    actors: Arc<Actors>,
}

/// One pooled connection and the statements prepared on it.
pub struct Conn {
    client: Client,
    prepared: Prepared,
}

struct Manager {
    config: postgres::Config,
    /// The hub's round-trip count (a connection checked on check-out costs one).
    trips: Arc<AtomicU64>,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            prepared: Prepared::new(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        self.trips.fetch_add(1, Ordering::Relaxed);
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

impl From<postgres::Error> for HubError {
    fn from(e: postgres::Error) -> Self {
        HubError::Store(db(e))
    }
}

/// How long a statement may wait for the database's answer on a silent network, and a new
/// connection for the database to answer, before the hub says it can't reach it (503):
/// keepalives and TCP_USER_TIMEOUT end a connection whose packets are lost, so the pool
/// makes new ones once the network is back, by itself.
const CUT_OFF: Duration = Duration::from_secs(5);
/// Longest a request waits for a connection from the pool.
const POOL_WAIT: Duration = Duration::from_secs(10);

/// Sets what the address left unset: connect timeout, keepalives and TCP_USER_TIMEOUT.
fn cut_off_after(config: &mut postgres::Config, after: Duration) {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(after);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(after);
    }
    config.keepalives(true);
    config.keepalives_idle(after);
}

/// A connection-level failure (no SQLSTATE: closed, timed out, unreachable) as
/// [`HubError::Unavailable`]; any other error as it is.
fn unreachable(e: HubError) -> HubError {
    let lost = match &e {
        HubError::Store(StoreError::Database(d)) => d
            .downcast_ref::<PgError>()
            .is_some_and(|p| p.0.code().is_none()),
        _ => false,
    };
    if lost {
        HubError::Unavailable(e.to_string())
    } else {
        e
    }
}

/// Whether `e` is a lost deadlock or serialization race, or a command answered meanwhile by
/// another process (the same command id arriving at two at once): run the transaction
/// again (nothing of it was committed; the command is then answered as a retry is).
fn retryable(e: &HubError) -> bool {
    let HubError::Store(StoreError::Database(e)) = e else {
        return false;
    };
    let Some(e) = e.downcast_ref::<PgError>().and_then(|e| e.0.as_db_error()) else {
        return false;
    };
    let c = e.code();
    *c == SqlState::T_R_DEADLOCK_DETECTED
        || *c == SqlState::T_R_SERIALIZATION_FAILURE
        || (*c == SqlState::UNIQUE_VIOLATION && e.constraint() == Some("hub_commands_pkey"))
}

impl PostgresHub {
    /// Connects to the database at `url` (`postgres://user@host:port/db`, or key=value
    /// form) and brings its schema up to date.
    pub fn open(url: &str) -> Result<PostgresHub, HubError> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| HubError::BadInput(format!("not a PostgreSQL address: {e}")))?;
        cut_off_after(&mut config, CUT_OFF);
        let mut first = config.connect(NoTls)?;
        schema::migrate(&mut first)?;
        let head: i64 = first.query_one("SELECT seq FROM hub_head", &[])?.get(0);
        drop(first);
        let trips = Arc::new(AtomicU64::new(0));
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            // A connection closed while idle shows at its first statement, and is replaced
            // there (`transaction`, `one_row`); checking each on check-out cost a round trip.
            .test_on_check_out(false)
            .connection_timeout(POOL_WAIT)
            .build(Manager {
                config: config.clone(),
                trips: trips.clone(),
            })
            .map_err(|e| HubError::Store(StoreError::Database(Box::new(e))))?;
        let head = Arc::new(AtomicI64::new(head));
        let (news, _) = watch::channel(head.load(Ordering::Acquire));
        let stop = Arc::new(AtomicBool::new(false));
        let actors = Arc::new(Actors::default());
        std::thread::Builder::new()
            .name("linli-hub listen".into())
            .spawn({
                let (head, news, stop) = (head.clone(), news.clone(), stop.clone());
                let actors = actors.clone();
                move || listen(config, &head, &news, &actors, &stop)
            })
            .map_err(|e| HubError::Store(StoreError::Io(e)))?;
        Ok(PostgresHub {
            pool: Some(pool),
            commits: GroupCommit::default(),
            head,
            news,
            stop,
            trips,
            actors,
        })
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<Manager>, HubError> {
        self.pool
            .as_ref()
            .expect("the pool is taken only on drop")
            .get()
            .map_err(|e| HubError::Unavailable(e.to_string()))
    }

    /// Runs `f` in one read-write transaction (`READ COMMITTED`, rows locked as read) and
    /// commits, publishing the changes it emitted; run again after a lost race.
    fn with<T>(&self, f: impl Fn(&Tx) -> Result<T, HubError>) -> Result<T, HubError> {
        self.transaction(IsolationLevel::ReadCommitted, false, f)
            .map_err(unreachable)
    }

    /// Runs `f` on one consistent snapshot, writing nothing.
    fn read<T>(&self, f: impl Fn(&Tx) -> Result<T, HubError>) -> Result<T, HubError> {
        self.transaction(IsolationLevel::RepeatableRead, true, f)
            .map_err(unreachable)
    }

    fn transaction<T>(
        &self,
        level: IsolationLevel,
        read_only: bool,
        f: impl Fn(&Tx) -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let mut conn = self.conn()?;
        let mut tries = 0;
        loop {
            match self.attempt(&mut conn, level, read_only, &f) {
                Ok(out) => return Ok(out),
                // A pooled connection the server closed while it was idle (connections are
                // not checked on check-out: that is a round trip each time): take another.
                Err((e, false)) if conn.client.is_closed() && tries < RETRIES => {
                    tries += 1;
                    tracing::debug!("a closed connection: {e}; taking another");
                    drop(conn);
                    conn = self.conn()?;
                }
                Err((e, _)) if retryable(&e) && tries < RETRIES => tries += 1,
                Err((e, _)) => return Err(e),
            }
        }
    }

    /// One try of [`Self::transaction`]; an error says whether the transaction had begun.
    fn attempt<T>(
        &self,
        conn: &mut Conn,
        level: IsolationLevel,
        read_only: bool,
        f: &impl Fn(&Tx) -> Result<T, HubError>,
    ) -> Result<T, (HubError, bool)> {
        let Conn { client, prepared } = conn;
        self.trips.fetch_add(1, Ordering::Relaxed); // BEGIN
        let t = client
            .build_transaction()
            .isolation_level(level)
            .read_only(read_only)
            .start()
            .map_err(|e| (e.into(), false))?;
        let tx = Tx::new(t, prepared, &self.trips);
        let result = f(&tx).and_then(|out| Ok((out, tx.commit()?)));
        match result {
            Ok((out, head)) => {
                if let Some(h) = head {
                    self.saw(h);
                }
                Ok(out)
            }
            Err(e) => {
                self.trips.fetch_add(1, Ordering::Relaxed); // ROLLBACK, as the transaction drops
                Err((e, true))
            }
        }
    }

    /// One statement on its own (no transaction around it): one round trip.
    fn one_row(
        &self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Option<postgres::Row>, HubError> {
        let mut conn = self.conn()?;
        for _ in 0..RETRIES {
            match self.one_row_on(&mut conn, sql, params) {
                // A connection closed while idle (see `transaction`): take another.
                Err(_) if conn.client.is_closed() => {
                    drop(conn);
                    conn = self.conn()?;
                }
                done => return done.map_err(unreachable),
            }
        }
        self.one_row_on(&mut conn, sql, params).map_err(unreachable)
    }

    fn one_row_on(
        &self,
        conn: &mut Conn,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Option<postgres::Row>, HubError> {
        let Conn { client, prepared } = conn;
        let statement = match prepared.get(sql) {
            Some(s) => s.clone(),
            None => {
                self.trips.fetch_add(1, Ordering::Relaxed);
                let s = client.prepare(sql)?;
                prepared.insert(sql.to_string(), s.clone());
                s
            }
        };
        self.trips.fetch_add(1, Ordering::Relaxed);
        Ok(client.query_opt(&statement, params)?)
    }

    /// [`HubStorage::import_group`] without bulk mode: records through the ordinary write
    /// path (upserts). For tests and the bench comparing the two.
    #[doc(hidden)]
    pub fn import_group_row_by_row(
        &self,
        data: &linli_core::demo::Dataset,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        self.with(|tx| commands::import_group(tx, data, now))
    }

    fn saw(&self, h: i64) {
        saw(&self.head, &self.news, h);
    }

    /// Applies `batch` in one transaction ([`commands::apply_batch`]).
    fn apply_batch(&self, batch: &[Item]) -> Answers {
        self.with(|tx| Ok(commands::apply_batch(tx, batch)?))
            .unwrap_or_else(|e| match e {
                // Each device hears 503 and sends again shortly.
                HubError::Unavailable(why) => batch
                    .iter()
                    .map(|(t, ..)| (*t, Err(HubError::Unavailable(why.clone()))))
                    .collect(),
                e => group_commit::all_failed(batch, &e.to_string()),
            })
    }
}

impl Drop for PostgresHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Closing a connection blocks on the client's own runtime, which panics on an
        // async thread (where the last handle to a served hub may be dropped).
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::Builder::new()
                .name("linli-hub close".into())
                .spawn(move || drop(pool));
        }
    }
}

/// Notes head `h`: waiting pulls wake if it is news.
fn saw(head: &AtomicI64, news: &watch::Sender<i64>, h: i64) {
    head.fetch_max(h, Ordering::AcqRel);
    news.send_if_modified(|mine| {
        let newer = h > *mine;
        *mine = (*mine).max(h);
        newer
    });
}

/// Follows `NOTIFY linli_feed` and `NOTIFY linli_actors` from every hub process until
/// `stop`, reconnecting after a dropped connection (and reading the head then, in case news
/// came meanwhile). While it is not listening, `actors` keeps nothing.
fn listen(
    config: postgres::Config,
    head: &AtomicI64,
    news: &watch::Sender<i64>,
    actors: &Actors,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::Acquire) {
        actors.hearing(false);
        let mut client = match config.connect(NoTls) {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!("listening for news: {e}; trying again");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        if client
            .batch_execute("LISTEN linli_feed; LISTEN linli_actors")
            .is_err()
        {
            continue;
        }
        actors.hearing(true);
        if let Ok(row) = client.query_one("SELECT seq FROM hub_head", &[]) {
            saw(head, news, row.get(0));
        }
        let mut notes = client.notifications();
        while !stop.load(Ordering::Acquire) {
            // A fresh iterator each time: one whose timeout has run out returns at once.
            match notes.timeout_iter(Duration::from_millis(250)).next() {
                Ok(Some(n)) if n.channel() == "linli_actors" => actors.forget(),
                Ok(Some(n)) => {
                    if let Ok(h) = n.payload().parse() {
                        saw(head, news, h);
                    }
                }
                Ok(None) => {} // no news within the timeout: look at `stop` again
                Err(_) => break,
            }
        }
    }
    actors.hearing(false);
}

impl HubStorage for PostgresHub {
    fn import_group(
        &self,
        data: &linli_core::demo::Dataset,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        self.with(|tx| {
            // Its records are new: each table's in one COPY.
            tx.bulk();
            commands::import_group(tx, data, now)
        })
    }

    fn create_group(
        &self,
        name: &str,
        organiser: &str,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        self.with(|tx| commands::create_group(tx, name, organiser, now))
    }

    fn link_code(
        &self,
        actor: &Actor,
        member: MemberId,
        now: Timestamp,
    ) -> Result<String, HubError> {
        self.with(|tx| commands::link_code(tx, actor, member, now))
    }

    fn join(&self, invite: &str, display_name: &str, now: Timestamp) -> Result<Joined, HubError> {
        let name = commands::valid_name(display_name)?;
        let code_hash = secrets::hash(&secrets::normalize_invite(invite));
        self.with(|tx| {
            let found = tx.query_opt(
                // Locked: a link code joins once even when two devices try it together.
                "SELECT group_id, role, member_id FROM hub_invites WHERE code_hash = $1 FOR UPDATE",
                &[&code_hash],
            )?;
            let row = found.ok_or(HubError::BadInvite)?;
            let group = GroupId(row.get(0));
            let role: Role = serde_json::from_value(row.get::<_, String>(1).into())
                .map_err(|e| HubError::BadInput(e.to_string()))?;
            let bound: Option<Uuid> = row.get(2);
            let member =
                commands::joining(tx, group, role, bound.map(MemberId), name.clone(), now)?;
            let token = secrets::new_token();
            tx.execute(
                "INSERT INTO hub_devices (token_hash, member_id, created_at, device_id, last_seen_at)
                 VALUES ($1, $2, $3, $4, $3)",
                &[
                    &secrets::hash(&token),
                    &member.id.0,
                    &now.timestamp_millis(),
                    &Uuid::new_v4(),
                ],
            )?;
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
        let Seen { actor, seen } = match self.actors.find(&h) {
            Ok(known) => known,
            Err(generation) => {
                let found = self
                    .one_row(
                        "SELECT m.id, m.group_id, m.body->>'role', d.last_seen_at
                         FROM hub_devices d JOIN members m ON m.id = d.member_id
                         WHERE d.token_hash = $1",
                        &[&h],
                    )?
                    .map(|r| {
                        let seen: Option<i64> = r.get(3);
                        Seen {
                            actor: Actor {
                                member_id: MemberId(r.get(0)),
                                group_id: GroupId(r.get(1)),
                                role: role_of(r.get(2)),
                            },
                            seen: seen.and_then(Timestamp::from_timestamp_millis),
                        }
                    });
                let Some(found) = found else {
                    return Ok(None);
                };
                self.actors.keep(&h, found, generation);
                found
            }
        };
        if seen.is_none_or(|t| now - t >= SEEN_EVERY) {
            let written = self.with(|tx| {
                Ok(tx.execute(
                    "UPDATE hub_devices SET last_seen_at = $2 WHERE token_hash = $1",
                    &[&h, &now.timestamp_millis()],
                )?)
            })?;
            if written == 0 {
                self.actors.forget();
                return Ok(None); // revoked meanwhile
            }
            self.actors.seen(&h, now);
        }
        Ok(Some(actor))
    }

    fn devices(&self, a: &Actor, actor_token: &str) -> Result<Vec<DeviceInfo>, HubError> {
        let mine = secrets::hash(actor_token);
        self.read(|tx| {
            let rows = tx.query(
                "SELECT d.device_id, m.id, m.body->>'display_name', m.body->>'role', d.created_at,
                        d.last_seen_at, d.token_hash
                 FROM members m JOIN hub_devices d ON d.member_id = m.id
                 WHERE m.group_id = $1
                 ORDER BY m.body->>'display_name' COLLATE \"C\", m.id, d.created_at",
                &[&a.group_id.0],
            )?;
            Ok(rows
                .iter()
                .map(|r| {
                    let joined: i64 = r.get(4);
                    let seen: Option<i64> = r.get(5);
                    let hash: Vec<u8> = r.get(6);
                    DeviceInfo {
                        device_id: r.get(0),
                        member_id: MemberId(r.get(1)),
                        display_name: r.get(2),
                        role: role_of(r.get(3)),
                        joined_at: Timestamp::from_timestamp_millis(joined).unwrap_or_default(),
                        last_seen_at: seen.and_then(Timestamp::from_timestamp_millis),
                        this_device: hash == mine,
                    }
                })
                .collect())
        })
    }

    fn revoke_device(&self, a: &Actor, actor_token: &str, device_id: Uuid) -> Result<(), HubError> {
        let mine = secrets::hash(actor_token);
        self.with(|tx| {
            let hash: Vec<u8> = tx
                .query_opt(
                    "SELECT d.token_hash FROM hub_devices d JOIN members m ON m.id = d.member_id
                     WHERE d.device_id = $1 AND m.group_id = $2",
                    &[&device_id, &a.group_id.0],
                )?
                .ok_or(HubError::NoSuchDevice)?
                .get(0);
            if hash == mine {
                return Err(HubError::OwnDevice);
            }
            tx.execute(
                "DELETE FROM hub_devices WHERE device_id = $1",
                &[&device_id],
            )?;
            Ok(())
        })?;
        self.actors.forget(); // this process at once; the others when told
        Ok(())
    }

    fn leave(&self, a: &Actor, now: Timestamp) -> Result<(), HubError> {
        if a.role == Role::Organiser {
            return Err(HubError::OrganiserStays);
        }
        self.with(|tx| {
            commands::leave(tx, a, now)?;
            tx.execute(
                "DELETE FROM hub_devices WHERE member_id = $1",
                &[&a.member_id.0],
            )?;
            Ok(())
        })?;
        self.actors.forget();
        Ok(())
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
        self.read(|tx| {
            // A coordinator (老年协调员) follows up help requests and suggestions.
            let coordinator = tx.member(a.member_id)?.is_some_and(|m| m.coordinator);
            let rows = tx.query(
                "SELECT seq, change FROM hub_changes
                 WHERE group_id = $1 AND seq > $2
                   AND (audience = 'all' OR $3 OR member_id = $4 OR (audience = 'helpers' AND $5)
                        OR (audience = 'coordinators' AND $6))
                 ORDER BY seq LIMIT $7",
                &[
                    &a.group_id.0,
                    &since,
                    &(a.role == Role::Organiser),
                    &a.member_id.0,
                    &(a.role == Role::Volunteer || coordinator),
                    &coordinator,
                    &(i64::from(limit) + 1),
                ],
            )?;
            let more = rows.len() > limit as usize;
            let mut changes = Vec::with_capacity(rows.len());
            let mut next = since;
            for r in rows.iter().take(limit as usize) {
                let json: &str = r.get(1);
                changes.push(
                    serde_json::from_str(json).map_err(|e| HubError::BadInput(e.to_string()))?,
                );
                next = r.get(0);
            }
            if !more {
                // Nothing else visible to this device up to the group's newest change.
                let head: Option<i64> = tx
                    .query_opt(
                        "SELECT MAX(seq) FROM hub_changes WHERE group_id = $1",
                        &[&a.group_id.0],
                    )?
                    .and_then(|r| r.get(0));
                next = next.max(head.unwrap_or(0));
            }
            Ok(PullPage {
                changes,
                next,
                more,
            })
        })
    }

    /// Closes due deals one transaction each; a deal another process is closing is skipped
    /// (`SKIP LOCKED`), so each closes once.
    fn close_due(&self, now: Timestamp) -> Result<usize, HubError> {
        let mut closed = 0;
        loop {
            let one = self.with(|tx| {
                let Some(row) = tx.query_opt(
                    "SELECT id FROM deals WHERE state = 'open' AND cutoff <= $1
                     ORDER BY cutoff LIMIT 1 FOR UPDATE SKIP LOCKED",
                    &[&now.timestamp_millis()],
                )?
                else {
                    return Ok(false);
                };
                let d = tx
                    .deal(DealId(row.get(0)))?
                    .ok_or(HubError::Store(StoreError::NotFound("deal")))?;
                commands::close_at_cutoff(tx, d.group_id, &d, now)?;
                Ok(true)
            })?;
            if !one {
                return Ok(closed);
            }
            closed += 1;
        }
    }

    fn command_transactions(&self) -> u64 {
        self.commits.batches()
    }

    fn round_trips(&self) -> Option<u64> {
        Some(self.trips.load(Ordering::Relaxed))
    }

    fn head(&self) -> Result<i64, HubError> {
        Ok(self.head.load(Ordering::Acquire))
    }

    fn may_try_join(&self, ip: IpAddr, now: Timestamp) -> Result<bool, HubError> {
        let since = (now - limits::window()).timestamp_millis();
        self.with(|tx| {
            tx.execute("DELETE FROM hub_join_failures WHERE at < $1", &[&since])?;
            let n: i64 = tx
                .query_opt(
                    "SELECT COUNT(*) FROM hub_join_failures WHERE ip = $1 AND at >= $2",
                    &[&ip, &since],
                )?
                .map(|r| r.get(0))
                .unwrap_or(0);
            Ok(n < limits::MAX_FAILED_JOINS as i64)
        })
    }

    fn failed_join(&self, ip: IpAddr, now: Timestamp) -> Result<(), HubError> {
        self.with(|tx| {
            tx.execute(
                "INSERT INTO hub_join_failures (ip, at) VALUES ($1, $2)",
                &[&ip, &now.timestamp_millis()],
            )?;
            Ok(())
        })
    }

    fn news(&self) -> Option<watch::Receiver<i64>> {
        Some(self.news.subscribe())
    }
}
