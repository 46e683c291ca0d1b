//! [`Rows`] and [`HubRows`] on one PostgreSQL transaction ([`Tx`]): each record written whole
//! as JSONB beside its lookup columns (see `1_initial.sql`), each statement prepared once per
//! connection. The feed's changes are kept aside ([`Pending`]) and written when the
//! transaction is about to commit ([`Tx::commit`]), with numbers taken last, so they are in
//! commit order.

use crate::storage::commands::HubRows;
use crate::storage::feed::Pending;
use crate::storage::group_commit::Item;
use crate::storage::{audience, role_name};
use bytes::{BufMut, BytesMut};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::rules::orders::Tally;
use linli_core::store::{Result, Rows, StoreError};
use linli_core::sync::protocol::Change;
use postgres::types::{IsNull, ToSql};
use postgres::{Row, Statement, Transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// A connection's prepared statements, by their text (a multi-row write's too, up to
/// [`PREPARED_ROWS`] rows).
pub type Prepared = HashMap<String, Statement>;

/// The most rows a multi-row write has for its statement to be kept prepared (one round
/// trip a use, not two); a larger one (an import, a batch of hundreds) is parsed each time.
const PREPARED_ROWS: usize = 64;

/// A PostgreSQL error as the store's.
pub fn db(e: postgres::Error) -> StoreError {
    StoreError::Database(Box::new(PgError(e)))
}

/// A PostgreSQL error that says its cause ("error connecting to server: Connection refused").
#[derive(Debug)]
pub struct PgError(pub postgres::Error);

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        match std::error::Error::source(&self.0) {
            Some(cause) => write!(f, ": {cause}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for PgError {}

/// One write (or read) transaction with the hub's named queries.
pub struct Tx<'a> {
    t: RefCell<Transaction<'a>>,
    prepared: RefCell<&'a mut Prepared>,
    /// Changes to publish at commit.
    feed: Pending,
    /// The store's count of statements sent to the server (see [`Tx::sent`]).
    trips: &'a AtomicU64,
    /// In bulk mode ([`Tx::bulk`]), the records written and not yet sent.
    bulk: RefCell<Option<Vec<Copy>>>,
    /// Statements kept until the next read or the commit ([`Tx::send_kept`]).
    kept: RefCell<Vec<Op>>,
    marks: RefCell<Vec<Mark>>,
    cache: RefCell<Cache>,
}

/// Rows of one table kept for `COPY … FROM STDIN (FORMAT binary)`, already encoded.
struct Copy {
    /// `COPY table (columns) FROM STDIN (FORMAT binary)`.
    sql: String,
    rows: BytesMut,
}

/// The `COPY` taking the rows of an `INSERT INTO table (columns) VALUES ($1, …)` whose
/// parameters are the columns in order.
fn copy_of(insert: &str) -> String {
    let into = insert
        .trim_start()
        .strip_prefix("INSERT INTO ")
        .expect("an INSERT statement");
    let columns = &into[..=into.find(')').expect("a column list")];
    format!("COPY {columns} FROM STDIN (FORMAT binary)")
}

type Params<'p> = [&'p (dyn ToSql + Sync)];
/// A parameter kept until its statement is sent.
type Param = Box<dyn ToSql + Sync + Send>;

/// The parameters of a record's write, owned (it may be sent later).
macro_rules! row {
    ($($x:expr),* $(,)?) => { vec![$(Box::new($x) as Param),*] };
}

/// A statement kept until the next one that reads (or the commit): writes of records
/// (nothing is read from them) and savepoint statements.
enum Op {
    /// A record's `INSERT INTO table (columns) VALUES ($1, …) [ON CONFLICT …]`, with the key it
    /// is written under when that is one uuid (writes of one table with keys are sent
    /// together, in one statement, the last write of each key).
    Write {
        sql: &'static str,
        key: Option<Uuid>,
        params: Vec<Param>,
    },
    /// `SAVEPOINT`, `RELEASE`, `ROLLBACK TO`, sent as they are.
    Sql(String),
}

/// An open savepoint: where it began in the kept statements, and whether it was sent (it is
/// sent only when statements after it are: a command that fails before anything of it
/// reached the server is undone by forgetting what it kept).
struct Mark {
    name: String,
    at: usize,
    sent: bool,
}

/// What this transaction knows without asking the server: records it has read or written
/// whose rows no other transaction can change before it ends (deals it locked, the orders
/// of those deals, command answers), and each locked deal's units taken (`deal_taken`, the
/// trigger's sums) and the taken units of some members on it, kept as the trigger keeps
/// them. Forgotten when a savepoint is rolled back.
#[derive(Default)]
struct Cache {
    answers: HashMap<Uuid, Option<(MemberId, String)>>,
    deals: HashMap<DealId, Deal>,
    orders: HashMap<OrderId, Option<Order>>,
    /// Units taken and sold on a deal by its active orders.
    taken: HashMap<DealId, (i64, i64)>,
    /// Units taken on a deal by one member's active orders.
    mine: HashMap<(DealId, MemberId), i64>,
}

impl Cache {
    /// Order `o` was written: kept as known if its deal is locked here, and its deal's sums
    /// moved as the trigger moves them (forgotten when its previous version is unknown).
    fn wrote(&mut self, o: &Order) {
        let before = self.orders.get(&o.id).cloned();
        let locked = self.deals.contains_key(&o.deal_id);
        match before {
            Some(before) if locked => {
                for (x, sign) in before.iter().map(|b| (b, -1)).chain([(o, 1)]) {
                    let (active, qty, sold) = share(x);
                    if !active {
                        continue;
                    }
                    if let Some(t) = self.taken.get_mut(&x.deal_id) {
                        t.0 += sign * qty;
                        t.1 += sign * sold;
                    }
                    if let Some(n) = self.mine.get_mut(&(x.deal_id, x.member_id)) {
                        *n += sign * qty;
                    }
                }
                self.orders.insert(o.id, Some(o.clone()));
            }
            _ => {
                self.orders.remove(&o.id);
                for d in [Some(o.deal_id), before.flatten().map(|b| b.deal_id)]
                    .into_iter()
                    .flatten()
                {
                    self.taken.remove(&d);
                    self.mine.retain(|(deal, _), _| *deal != d);
                }
            }
        }
    }

    /// [`Rows::tally`] from what is known, if enough is.
    fn tally(&self, d: DealId, m: MemberId, except: Option<OrderId>) -> Option<Tally> {
        let &(taken, _) = self.taken.get(&d)?;
        let &mine = self.mine.get(&(d, m))?;
        let except = match except {
            None => None,
            Some(e) => self.orders.get(&e)?.as_ref(),
        };
        let (mut total, mut member) = (taken, mine);
        if let Some(o) = except.filter(|o| o.deal_id == d && o.state.is_active()) {
            total -= i64::from(o.qty);
            if o.member_id == m {
                member -= i64::from(o.qty);
            }
        }
        Some(Tally {
            total: total as u32,
            member: member as u32,
        })
    }
}

/// An order's share of its deal's sums (`deal_taken`): (active, qty, sold), as the trigger
/// counts it (see `1_initial.sql` and [`Rows::put_order`]).
fn share(o: &Order) -> (bool, i64, i64) {
    (
        o.state.is_active(),
        i64::from(o.qty),
        i64::from(o.allocated.unwrap_or(o.qty)),
    )
}

/// Writes of one statement: its rows, and where each key's row is.
type Writes = (&'static str, Vec<Vec<Param>>, HashMap<Uuid, usize>);

/// The multi-row form of `insert` (`INSERT INTO t (columns) VALUES ($1, …, $k) rest`) for
/// `n` rows.
fn multi_row(insert: &str, n: usize) -> String {
    let values = insert.find("VALUES (").expect("an INSERT … VALUES") + "VALUES ".len();
    let close = values + insert[values..].find(')').expect("a closed VALUES list");
    let k = insert[values..close].matches('$').count();
    let mut sql = String::with_capacity(insert.len() + n * k * 5);
    sql.push_str(&insert[..values]);
    for r in 0..n {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..k {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * k + c + 1));
        }
        sql.push(')');
    }
    sql.push_str(&insert[close + 1..]);
    sql
}

impl<'a> Tx<'a> {
    pub fn new(t: Transaction<'a>, prepared: &'a mut Prepared, trips: &'a AtomicU64) -> Tx<'a> {
        Tx {
            t: RefCell::new(t),
            prepared: RefCell::new(prepared),
            feed: Pending::default(),
            trips,
            bulk: RefCell::new(None),
            kept: RefCell::new(Vec::new()),
            marks: RefCell::new(Vec::new()),
            cache: RefCell::new(Cache::default()),
        }
    }

    /// Bulk mode, for writing many new records (an imported group): records put are kept
    /// and sent with one `COPY` per table before the next other statement (or the commit),
    /// instead of one upsert each. The records must be new (a `COPY` does not update).
    pub fn bulk(&self) {
        *self.bulk.borrow_mut() = Some(Vec::new());
    }

    /// Writes a record with `upsert` (an `INSERT INTO table (columns) VALUES ($1, …) ON
    /// CONFLICT …` whose parameters are the columns in order), or keeps it for a `COPY`
    /// in bulk mode.
    fn put(&self, upsert: &'static str, key: Option<Uuid>, params: Vec<Param>) -> Result<()> {
        if self.bulk.borrow().is_none() {
            self.kept.borrow_mut().push(Op::Write {
                sql: upsert,
                key,
                params,
            });
            return Ok(());
        }
        let s = self.statement(upsert)?;
        let mut bulk = self.bulk.borrow_mut();
        let copies = bulk.as_mut().expect("bulk mode");
        let sql = copy_of(upsert);
        if copies.last().is_none_or(|c| c.sql != sql) {
            copies.push(Copy {
                sql,
                rows: BytesMut::new(),
            });
        }
        let rows = &mut copies.last_mut().expect("pushed").rows;
        rows.put_i16(params.len() as i16);
        for (p, ty) in params.iter().map(|p| &**p).zip(s.params()) {
            let at = rows.len();
            rows.put_i32(0);
            let len = match p.to_sql_checked(ty, rows).map_err(StoreError::Database)? {
                IsNull::Yes => -1,
                IsNull::No => (rows.len() - at - 4) as i32,
            };
            rows[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
        Ok(())
    }

    /// Sends the records kept in bulk mode, one `COPY` per table in the order written.
    fn send_bulk(&self) -> Result<()> {
        let copies = match self.bulk.borrow_mut().as_mut() {
            Some(c) if !c.is_empty() => std::mem::take(c),
            _ => return Ok(()),
        };
        let io = |e: std::io::Error| StoreError::Database(Box::new(e));
        for c in copies {
            self.sent(); // COPY started
            self.sent(); // and finished
            let mut t = self.t.borrow_mut();
            let mut w = t.copy_in(&c.sql).map_err(db)?;
            w.write_all(b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0")
                .map_err(io)?;
            w.write_all(&c.rows).map_err(io)?;
            w.write_all(&(-1i16).to_be_bytes()).map_err(io)?;
            w.finish().map_err(db)?;
        }
        Ok(())
    }

    /// Sends the statements kept ([`Op`]), in order, with the savepoints not yet sent
    /// placed where they were taken: runs of savepoint statements in one batch, runs of
    /// writes grouped by statement (one multi-row statement each, the last write of each
    /// key; writes without a key one by one).
    fn send_kept(&self) -> Result<()> {
        self.send_bulk()?;
        let mut ops = std::mem::take(&mut *self.kept.borrow_mut());
        {
            let mut marks = self.marks.borrow_mut();
            if ops.iter().any(|o| matches!(o, Op::Write { .. })) {
                // Writes reach the server: each savepoint not yet sent goes in where it
                // began (from the newest, so the positions of older ones hold).
                for m in marks.iter_mut().rev().filter(|m| !m.sent) {
                    ops.insert(m.at, Op::Sql(format!("SAVEPOINT {}", m.name)));
                    m.sent = true;
                }
            }
            // What is kept from now on comes after every open savepoint.
            for m in marks.iter_mut() {
                m.at = 0;
            }
        }
        let mut ops = ops.into_iter().peekable();
        while let Some(op) = ops.next() {
            match op {
                Op::Sql(mut sql) => {
                    while let Some(Op::Sql(more)) = ops.next_if(|o| matches!(o, Op::Sql(_))) {
                        sql.push_str("; ");
                        sql.push_str(&more);
                    }
                    self.sent();
                    self.t.borrow_mut().batch_execute(&sql).map_err(db)?;
                }
                Op::Write { sql, key, params } => {
                    let mut run = vec![(sql, key, params)];
                    while let Some(Op::Write { sql, key, params }) =
                        ops.next_if(|o| matches!(o, Op::Write { .. }))
                    {
                        run.push((sql, key, params));
                    }
                    self.send_writes(run)?;
                }
            }
        }
        Ok(())
    }

    /// Sends a run of writes with no savepoint between them.
    fn send_writes(&self, run: Vec<(&'static str, Option<Uuid>, Vec<Param>)>) -> Result<()> {
        // By statement, in first-written order; within one, the last write of each key.
        let mut groups: Vec<Writes> = Vec::new();
        for (sql, key, params) in run {
            let g = match groups.iter().position(|(s, ..)| *s == sql) {
                Some(g) => g,
                None => {
                    groups.push((sql, Vec::new(), HashMap::new()));
                    groups.len() - 1
                }
            };
            let (_, rows, keys) = &mut groups[g];
            match key.and_then(|k| keys.get(&k).copied()) {
                Some(at) => rows[at] = params,
                None => {
                    if let Some(k) = key {
                        keys.insert(k, rows.len());
                    }
                    rows.push(params);
                }
            }
            if key.is_none() {
                // Keyless writes go one by one, in order.
                let (sql, mut rows, _) = groups.remove(g);
                let params = rows.pop().expect("just pushed");
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| &**p as _).collect();
                self.execute(sql, &refs)?;
                if !rows.is_empty() {
                    groups.insert(g, (sql, rows, HashMap::new()));
                }
            }
        }
        for (sql, rows, _) in groups {
            if rows.len() == 1 {
                let refs: Vec<&(dyn ToSql + Sync)> = rows[0].iter().map(|p| &**p as _).collect();
                self.execute(sql, &refs)?;
                continue;
            }
            let per = rows[0].len().max(1);
            for chunk in rows.chunks(60_000 / per) {
                let text = multi_row(sql, chunk.len());
                let refs: Vec<&(dyn ToSql + Sync)> =
                    chunk.iter().flatten().map(|p| &**p as _).collect();
                if chunk.len() <= PREPARED_ROWS {
                    let s = self.statement(&text)?;
                    self.sent();
                    self.t.borrow_mut().execute(&s, &refs).map_err(db)?;
                } else {
                    // An unnamed statement: parsed, then run (two round trips).
                    self.sent();
                    self.sent();
                    self.t
                        .borrow_mut()
                        .execute(text.as_str(), &refs)
                        .map_err(db)?;
                }
            }
        }
        Ok(())
    }

    /// Counts one round trip to the server (every statement, prepare, batch and commit
    /// goes through here).
    fn sent(&self) {
        self.trips.fetch_add(1, Ordering::Relaxed);
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        self.sent();
        let s = self.t.borrow_mut().prepare(sql).map_err(db)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub fn query(&self, sql: &'static str, params: &Params) -> Result<Vec<Row>> {
        self.send_kept()?;
        let s = self.statement(sql)?;
        self.sent();
        self.t.borrow_mut().query(&s, params).map_err(db)
    }

    pub fn query_opt(&self, sql: &'static str, params: &Params) -> Result<Option<Row>> {
        self.send_kept()?;
        let s = self.statement(sql)?;
        self.sent();
        self.t.borrow_mut().query_opt(&s, params).map_err(db)
    }

    pub fn execute(&self, sql: &'static str, params: &Params) -> Result<u64> {
        self.send_kept()?;
        let s = self.statement(sql)?;
        self.sent();
        self.t.borrow_mut().execute(&s, params).map_err(db)
    }

    /// Records of a query whose first column is a body.
    fn bodies<T: DeserializeOwned>(&self, sql: &'static str, params: &Params) -> Result<Vec<T>> {
        self.query(sql, params)?.iter().map(body).collect()
    }

    fn one<T: DeserializeOwned>(&self, sql: &'static str, id: Uuid) -> Result<Option<T>> {
        self.query_opt(sql, &[&id])?.as_ref().map(body).transpose()
    }

    /// Writes the changes kept aside to the feed, numbered after every change committed
    /// before (the head row stays locked until this transaction ends), tells the other
    /// processes (`NOTIFY linli_feed`, delivered at commit), and commits. Returns the new head.
    pub fn commit(self) -> Result<Option<i64>> {
        self.send_kept()?;
        let changes = self.feed.take();
        let mut head = None;
        if !changes.is_empty() {
            let n = changes.len() as i64;
            let (mut groups, mut entities, mut audiences, mut members, mut jsons) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (g, change) in &changes {
                let (aud, member) = audience(change);
                groups.push(g.0);
                entities.push(change.entity());
                audiences.push(aud);
                members.push(member.map(|m| m.0));
                jsons.push(serde_json::to_string(change).expect("changes serialize"));
            }
            let last: i64 = if self.bulk.borrow().is_some() {
                let row = self
                    .query_opt(
                        "UPDATE hub_head SET seq = seq + $1 WHERE one RETURNING seq",
                        &[&n],
                    )?
                    .ok_or_else(|| StoreError::NotFound("the feed's head row"))?;
                let last: i64 = row.get(0);
                // New records' changes (a COPY refuses any whose entity is in the feed
                // already, as it refuses their records): one COPY, nothing to replace.
                let rows = groups.into_iter().zip(entities).zip(audiences);
                for (i, (((g, entity), aud), (member, json))) in
                    rows.zip(members.into_iter().zip(jsons)).enumerate()
                {
                    self.put(
                        "INSERT INTO hub_changes (seq, group_id, entity, audience, member_id, change)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                        None,
                        row![last - n + 1 + i as i64, g, entity, aud, member, json],
                    )?;
                }
                self.execute("SELECT pg_notify('linli_feed', $1)", &[&last.to_string()])?;
                last
            } else {
                // One round trip: the head moves on (its row stays locked until this
                // transaction ends), each change takes its number after the head's old
                // value, replacing its entity's older change, and the other processes
                // are told (delivered at commit). The entities are distinct ([`Pending`]).
                self.query_opt(
                    "WITH head AS (UPDATE hub_head SET seq = seq + $1 WHERE one RETURNING seq),
                          fed AS (
                            INSERT INTO hub_changes (seq, group_id, entity, audience, member_id, change)
                            SELECT (SELECT seq FROM head) - $1 + c.n, c.g, c.e, c.a, c.m, c.j
                            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[])
                                 WITH ORDINALITY AS c(g, e, a, m, j, n)
                            ON CONFLICT (entity) DO UPDATE
                              SET seq = excluded.seq, group_id = excluded.group_id,
                                  audience = excluded.audience, member_id = excluded.member_id,
                                  change = excluded.change)
                     SELECT seq, pg_notify('linli_feed', seq::text) FROM head",
                    &[&n, &groups, &entities, &audiences, &members, &jsons],
                )?
                .ok_or_else(|| StoreError::NotFound("the feed's head row"))?
                .get(0)
            };
            head = Some(last);
        }
        self.sent();
        self.t.into_inner().commit().map_err(db)?;
        Ok(head)
    }
}

fn body<T: DeserializeOwned>(r: &Row) -> Result<T> {
    let v: serde_json::Value = r.get(0);
    serde_json::from_value(v).map_err(|e| StoreError::Database(Box::new(e)))
}

fn json<T: Serialize>(x: &T) -> serde_json::Value {
    serde_json::to_value(x).expect("records serialize")
}

fn ms(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

/// A state's name as serde writes it (`"open"`, or the tag of a tagged enum).
fn state_name<T: Serialize>(state: &T) -> String {
    match json(state) {
        serde_json::Value::String(s) => s,
        serde_json::Value::Object(o) => o
            .get("state")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

impl Rows for Tx<'_> {
    fn group(&self, id: GroupId) -> Result<Option<Group>> {
        self.one("SELECT body FROM groups WHERE id = $1", id.0)
    }

    fn put_group(&self, g: &Group) -> Result<()> {
        self.put(
            "INSERT INTO groups (id, body) VALUES ($1, $2)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(g.id.0),
            row![g.id.0, json(g)],
        )?;
        Ok(())
    }

    fn member(&self, id: MemberId) -> Result<Option<Member>> {
        self.one("SELECT body FROM members WHERE id = $1", id.0)
    }

    fn put_member(&self, m: &Member) -> Result<()> {
        self.put(
            "INSERT INTO members (id, group_id, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(m.id.0),
            row![m.id.0, m.group_id.0, json(m)],
        )?;
        Ok(())
    }

    fn product(&self, id: ProductId) -> Result<Option<Product>> {
        self.one("SELECT body FROM products WHERE id = $1", id.0)
    }

    fn put_product(&self, p: &Product) -> Result<()> {
        self.put(
            "INSERT INTO products (id, group_id, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(p.id.0),
            row![p.id.0, p.group_id.0, json(p)],
        )?;
        Ok(())
    }

    /// Locks the deal's row until commit: orders on one deal are decided one at a time,
    /// whichever hub process receives them.
    /// (A deal read or written before in this transaction is known: its row is locked.)
    fn deal(&self, id: DealId) -> Result<Option<Deal>> {
        if let Some(d) = self.cache.borrow().deals.get(&id) {
            return Ok(Some(d.clone()));
        }
        let d: Option<Deal> = self.one("SELECT body FROM deals WHERE id = $1 FOR UPDATE", id.0)?;
        if let Some(d) = &d {
            self.cache.borrow_mut().deals.insert(id, d.clone());
        }
        Ok(d)
    }

    fn put_deal(&self, d: &Deal) -> Result<()> {
        self.put(
            "INSERT INTO deals (id, group_id, state, cutoff, body) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, cutoff = excluded.cutoff,
                 body = excluded.body",
            Some(d.id.0),
            row![
                d.id.0,
                d.group_id.0,
                state_name(&d.state),
                ms(d.cutoff),
                json(d)
            ],
        )?;
        if self.bulk.borrow().is_none() {
            // Its row is this transaction's now (inserted or updated: locked).
            self.cache.borrow_mut().deals.insert(d.id, d.clone());
        }
        Ok(())
    }

    fn deals_due(&self, g: GroupId, now: Timestamp) -> Result<Vec<Deal>> {
        self.bodies(
            "SELECT body FROM deals WHERE group_id = $1 AND state = 'open' AND cutoff <= $2
             ORDER BY cutoff FOR UPDATE",
            &[&g.0, &ms(now)],
        )
    }

    fn order(&self, id: OrderId) -> Result<Option<Order>> {
        if let Some(o) = self.cache.borrow().orders.get(&id) {
            return Ok(o.clone());
        }
        self.one("SELECT body FROM orders WHERE id = $1", id.0)
    }

    fn put_order(&self, o: &Order, d: &Deal) -> Result<()> {
        let active = o.state.is_active();
        let sold = o.allocated.unwrap_or(o.qty) as i32;
        self.put(
            "INSERT INTO orders (id, deal_id, member_id, pickup_day, ready, active, qty, sold,
                                 queued_at, placed_at, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (id) DO UPDATE SET ready = excluded.ready, active = excluded.active,
                 qty = excluded.qty, sold = excluded.sold, queued_at = excluded.queued_at,
                 body = excluded.body",
            Some(o.id.0),
            row![
                o.id.0,
                o.deal_id.0,
                o.member_id.0,
                d.pickup_day,
                o.state == OrderState::Ready,
                active,
                o.qty as i32,
                sold,
                ms(o.queued_at),
                ms(o.placed_at),
                json(o)
            ],
        )?;
        if self.bulk.borrow().is_none() {
            self.cache.borrow_mut().wrote(o);
        }
        Ok(())
    }

    fn orders_of_deal(&self, d: DealId) -> Result<Vec<Order>> {
        self.bodies(
            "SELECT body FROM orders WHERE deal_id = $1 ORDER BY queued_at, id",
            &[&d.0],
        )
    }

    fn ready_orders(&self, m: MemberId, pickup_day: chrono::NaiveDate) -> Result<Vec<Order>> {
        self.bodies(
            "SELECT body FROM orders WHERE member_id = $1 AND pickup_day = $2 AND ready
             ORDER BY placed_at",
            &[&m.0, &pickup_day],
        )
    }

    fn tally(&self, d: DealId, m: MemberId, except: Option<OrderId>) -> Result<Tally> {
        if let Some(t) = self.cache.borrow().tally(d, m, except) {
            return Ok(t);
        }
        let except = except.map(|o| o.0);
        let row = self
            .query_opt(
                "SELECT COALESCE((SELECT qty FROM deal_taken WHERE deal_id = $1), 0)
                          - COALESCE((SELECT qty FROM orders
                                      WHERE id = $3 AND deal_id = $1 AND active), 0),
                        (SELECT COALESCE(SUM(qty), 0) FROM orders
                         WHERE deal_id = $1 AND member_id = $2 AND active
                           AND id IS DISTINCT FROM $3)::bigint",
                &[&d.0, &m.0, &except],
            )?
            .expect("a select without FROM has a row");
        let total: i64 = row.get(0);
        let member: i64 = row.get(1);
        Ok(Tally {
            total: total as u32,
            member: member as u32,
        })
    }

    fn sold(&self, d: DealId) -> Result<u32> {
        if let Some(&(_, sold)) = self.cache.borrow().taken.get(&d) {
            return Ok(sold as u32);
        }
        let sold: Option<i64> = self
            .query_opt("SELECT sold FROM deal_taken WHERE deal_id = $1", &[&d.0])?
            .map(|r| r.get(0));
        Ok(sold.unwrap_or(0) as u32)
    }

    fn pickup_codes(&self, g: GroupId, d: chrono::NaiveDate) -> Result<Vec<PickupCode>> {
        Ok(self
            .query(
                "SELECT member_id, code FROM pickup_codes WHERE group_id = $1 AND pickup_day = $2",
                &[&g.0, &d],
            )?
            .iter()
            .map(|r| PickupCode {
                group_id: g,
                member_id: MemberId(r.get(0)),
                pickup_day: d,
                code: r.get(1),
            })
            .collect())
    }

    fn put_pickup_code(&self, p: &PickupCode) -> Result<()> {
        self.put(
            "INSERT INTO pickup_codes (group_id, pickup_day, member_id, code) VALUES ($1, $2, $3, $4)
             ON CONFLICT (group_id, pickup_day, member_id) DO UPDATE SET code = excluded.code",
            None, row![p.group_id.0, p.pickup_day, p.member_id.0, p.code.clone()],
        )?;
        Ok(())
    }

    fn put_ledger_entry(&self, e: &LedgerEntry) -> Result<()> {
        self.put(
            "INSERT INTO ledger (id, order_id, at, body) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, at = excluded.at,
                 body = excluded.body",
            Some(e.id.0),
            row![e.id.0, e.order_id.map(|o| o.0), ms(e.at), json(e)],
        )?;
        Ok(())
    }

    fn ledger_of_order(&self, o: OrderId) -> Result<Vec<LedgerEntry>> {
        self.bodies(
            "SELECT body FROM ledger WHERE order_id = $1 ORDER BY at, id",
            &[&o.0],
        )
    }

    fn put_movement(&self, m: &StockMovement) -> Result<()> {
        self.put(
            "INSERT INTO movements (id, product_id, at, body) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET at = excluded.at, body = excluded.body",
            Some(m.id.0),
            row![m.id.0, m.product_id.0, ms(m.at), json(m)],
        )?;
        Ok(())
    }

    fn movements_of_product(&self, p: ProductId) -> Result<Vec<StockMovement>> {
        self.bodies(
            "SELECT body FROM movements WHERE product_id = $1 ORDER BY at, id",
            &[&p.0],
        )
    }

    fn complaint(&self, id: ComplaintId) -> Result<Option<Complaint>> {
        self.one("SELECT body FROM complaints WHERE id = $1", id.0)
    }

    fn complaints_by(&self, m: MemberId) -> Result<Vec<Complaint>> {
        self.bodies(
            "SELECT body FROM complaints WHERE member_id = $1 ORDER BY created_at",
            &[&m.0],
        )
    }

    fn put_complaint(&self, x: &Complaint) -> Result<()> {
        self.put(
            "INSERT INTO complaints (id, member_id, created_at, body) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, body = excluded.body",
            Some(x.id.0),
            row![x.id.0, x.member_id.0, ms(x.created_at), json(x)],
        )?;
        Ok(())
    }

    fn put_notice(&self, n: &Notice) -> Result<()> {
        self.put(
            "INSERT INTO notices (id, group_id, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(n.id.0),
            row![n.id.0, n.group_id.0, json(n)],
        )?;
        Ok(())
    }

    fn tip(&self, id: TipId) -> Result<Option<Tip>> {
        self.one("SELECT body FROM tips WHERE id = $1", id.0)
    }

    fn tips_by(&self, author: MemberId) -> Result<Vec<Tip>> {
        self.bodies(
            "SELECT body FROM tips WHERE author_id = $1 ORDER BY created_at DESC",
            &[&author.0],
        )
    }

    fn put_tip(&self, t: &Tip) -> Result<()> {
        self.put(
            "INSERT INTO tips (id, author_id, created_at, body) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(t.id.0),
            row![t.id.0, t.author_id.0, ms(t.created_at), json(t)],
        )?;
        Ok(())
    }

    fn suggestion(&self, id: SuggestionId) -> Result<Option<Suggestion>> {
        self.one("SELECT body FROM suggestions WHERE id = $1", id.0)
    }

    fn suggestions(&self, g: GroupId, limit: u32) -> Result<Vec<Suggestion>> {
        self.bodies(
            "SELECT body FROM suggestions WHERE group_id = $1 ORDER BY created_at DESC LIMIT $2",
            &[&g.0, &i64::from(limit)],
        )
    }

    fn suggestions_by(&self, author: MemberId) -> Result<Vec<Suggestion>> {
        self.bodies(
            "SELECT body FROM suggestions WHERE author_id = $1 ORDER BY created_at DESC",
            &[&author.0],
        )
    }

    fn put_suggestion(&self, s: &Suggestion) -> Result<()> {
        self.put(
            "INSERT INTO suggestions (id, group_id, author_id, created_at, body)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            Some(s.id.0),
            row![
                s.id.0,
                s.group_id.0,
                s.author_id.0,
                ms(s.created_at),
                json(s)
            ],
        )?;
        Ok(())
    }

    fn help_request(&self, id: HelpRequestId) -> Result<Option<HelpRequest>> {
        self.one("SELECT body FROM help_requests WHERE id = $1", id.0)
    }

    fn help_requests(&self, g: GroupId, state: &str) -> Result<Vec<HelpRequest>> {
        self.bodies(
            "SELECT body FROM help_requests WHERE group_id = $1 AND state = $2 ORDER BY created_at",
            &[&g.0, &state],
        )
    }

    fn help_requests_of(&self, m: MemberId) -> Result<Vec<HelpRequest>> {
        self.bodies(
            "SELECT body FROM help_requests WHERE member_id = $1 ORDER BY created_at DESC",
            &[&m.0],
        )
    }

    fn put_help_request(&self, h: &HelpRequest) -> Result<()> {
        self.put(
            "INSERT INTO help_requests (id, group_id, member_id, state, created_at, body)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body",
            Some(h.id.0),
            row![
                h.id.0,
                h.group_id.0,
                h.member_id.0,
                state_name(&h.state),
                ms(h.created_at),
                json(h)
            ],
        )?;
        Ok(())
    }
}

impl HubRows for Tx<'_> {
    fn emit(&self, g: GroupId, change: &Change) -> Result<()> {
        self.feed.push(g, change);
        Ok(())
    }

    fn answered(&self, id: Uuid) -> Result<Option<(MemberId, String)>> {
        if let Some(a) = self.cache.borrow().answers.get(&id) {
            return Ok(a.clone());
        }
        Ok(self
            .query_opt(
                "SELECT member_id, outcome FROM hub_commands WHERE command_id = $1",
                &[&id],
            )?
            .map(|r| (MemberId(r.get(0)), r.get(1))))
    }

    fn record_answer(
        &self,
        id: Uuid,
        member: MemberId,
        outcome: &str,
        now: Timestamp,
    ) -> Result<()> {
        self.put(
            "INSERT INTO hub_commands (command_id, member_id, outcome, at) VALUES ($1, $2, $3, $4)",
            Some(id),
            row![id, member.0, outcome.to_string(), ms(now)],
        )?;
        self.cache
            .borrow_mut()
            .answers
            .insert(id, Some((member, outcome.to_string())));
        Ok(())
    }

    fn put_invite(
        &self,
        code_hash: &[u8],
        g: GroupId,
        role: Role,
        member: Option<MemberId>,
        now: Timestamp,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO hub_invites (code_hash, group_id, role, member_id, created_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &code_hash,
                &g.0,
                &role_name(role),
                &member.map(|m| m.0),
                &ms(now),
            ],
        )?;
        Ok(())
    }

    fn drop_invites_of(&self, member: MemberId) -> Result<()> {
        self.execute("DELETE FROM hub_invites WHERE member_id = $1", &[&member.0])?;
        Ok(())
    }

    /// Sent only when writes after it are ([`Mark`]).
    fn savepoint(&self, name: &str) -> Result<()> {
        self.marks.borrow_mut().push(Mark {
            name: name.to_string(),
            at: self.kept.borrow().len(),
            sent: false,
        });
        self.feed.mark();
        Ok(())
    }

    fn release(&self, name: &str) -> Result<()> {
        let m = self.marks.borrow_mut().pop();
        let m = m
            .filter(|m| m.name == name)
            .ok_or(StoreError::NotFound("savepoint"))?;
        if m.sent {
            self.kept
                .borrow_mut()
                .push(Op::Sql(format!("RELEASE {name}")));
        }
        self.feed.release();
        Ok(())
    }

    fn rollback_to(&self, name: &str) -> Result<()> {
        let m = self.marks.borrow_mut().pop();
        let m = m
            .filter(|m| m.name == name)
            .ok_or(StoreError::NotFound("savepoint"))?;
        let mut kept = self.kept.borrow_mut();
        kept.truncate(m.at);
        if m.sent {
            kept.push(Op::Sql(format!("ROLLBACK TO {name}; RELEASE {name}")));
        }
        // What it wrote or locked may be undone: ask the server again.
        *self.cache.borrow_mut() = Cache::default();
        self.feed.rollback();
        Ok(())
    }

    /// Locks the deals the batch's orders name (in id order), then reads what deciding
    /// them reads: the deals' units taken, the members' units on them, the new orders' ids
    /// and every command's earlier answer. Five statements for the batch instead of some
    /// for each command.
    fn prefetch(&self, batch: &[Item]) -> Result<()> {
        let (mut deals, mut orders, mut members) = (Vec::new(), Vec::new(), Vec::new());
        for (_, a, env, _) in batch {
            if let Command::PlaceOrder {
                order_id,
                deal_id,
                member_id,
                ..
            } = &env.command
            {
                deals.push(deal_id.0);
                orders.push(order_id.0);
                members.push(member_id.unwrap_or(a.member_id).0);
            }
        }
        deals.sort();
        deals.dedup();
        members.sort();
        members.dedup();
        if !deals.is_empty() {
            let rows = self.query(
                "SELECT id, body FROM deals WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                &[&deals],
            )?;
            let mut cache = self.cache.borrow_mut();
            for r in &rows {
                let v: serde_json::Value = r.get(1);
                let d: Deal =
                    serde_json::from_value(v).map_err(|e| StoreError::Database(Box::new(e)))?;
                cache.deals.insert(d.id, d);
            }
        }
        // After the locks: what they guard is read as it stands now.
        let locked: Vec<Uuid> = self.cache.borrow().deals.keys().map(|d| d.0).collect();
        if !locked.is_empty() {
            let taken = self.query(
                "SELECT deal_id, qty, sold FROM deal_taken WHERE deal_id = ANY($1)",
                &[&locked],
            )?;
            let mine = self.query(
                "SELECT deal_id, member_id, SUM(qty)::bigint FROM orders
                 WHERE deal_id = ANY($1) AND member_id = ANY($2) AND active
                 GROUP BY deal_id, member_id",
                &[&locked, &members],
            )?;
            let found = self.query("SELECT body FROM orders WHERE id = ANY($1)", &[&orders])?;
            let mut cache = self.cache.borrow_mut();
            for &d in &locked {
                cache.taken.insert(DealId(d), (0, 0));
                for &m in &members {
                    cache.mine.insert((DealId(d), MemberId(m)), 0);
                }
            }
            for r in &taken {
                cache.taken.insert(DealId(r.get(0)), (r.get(1), r.get(2)));
            }
            for r in &mine {
                cache
                    .mine
                    .insert((DealId(r.get(0)), MemberId(r.get(1))), r.get(2));
            }
            for &o in &orders {
                cache.orders.insert(OrderId(o), None);
            }
            for r in &found {
                let o: Order = body(r)?;
                if cache.deals.contains_key(&o.deal_id) {
                    cache.orders.insert(o.id, Some(o));
                } else {
                    cache.orders.remove(&o.id);
                }
            }
        }
        let ids: Vec<Uuid> = batch.iter().map(|(_, _, env, _)| env.id).collect();
        let answered = self.query(
            "SELECT command_id, member_id, outcome FROM hub_commands WHERE command_id = ANY($1)",
            &[&ids],
        )?;
        let mut cache = self.cache.borrow_mut();
        for id in ids {
            cache.answers.insert(id, None);
        }
        for r in &answered {
            cache
                .answers
                .insert(r.get(0), Some((MemberId(r.get(1)), r.get(2))));
        }
        Ok(())
    }
}
