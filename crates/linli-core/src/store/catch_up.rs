//! A device catching up (a first sync, or back after long): pages written in batches, one
//! transaction each, with the store set for bulk writing meanwhile. The same rows as
//! applying page by page (`tests/store_bulk_sync.rs` compares every table), at a fraction of
//! the cost:
//!
//! - each batch's changes go in table by table, in key order ([`bulk_key`]), with triggers,
//!   foreign keys and CHECKs off ([`BulkModes`]); the rollups the triggers keep are set
//!   once per batch ([`rollups`]);
//! - the store keeps a large page cache and its temporary data in memory meanwhile
//!   ([`Store::begin_catch_up`]).
//!
//! Leaving out secondary indexes while the rows go in and building them at the end was
//! tried and measured: the batches got ~25 % cheaper, but building the indexes at the end
//! (~0.7 s for a 94k-order group) took it all back.

use super::codec::day;
use super::sync::{CURSOR, apply, set};
use super::{Result, Store, rollups};
use crate::sync::protocol::{Change, PullPage};
use rusqlite::Connection;
use rusqlite::config::DbConfig;
use uuid::Uuid;

/// Where a change goes in a catching-up batch: its table, then its key in that table's
/// primary key order, so each table's rows go in as one ordered sweep of its key index
/// rather than at random places (the ids are random UUIDs). Orders go by deal: their
/// largest index (`orders_deal`) is swept in order, and the rollups, which read each
/// touched deal's orders, find them side by side.
fn bulk_key(change: &Change) -> (u8, u128, u128) {
    let id = |u: &Uuid| u128::from_be_bytes(*u.as_bytes());
    match change {
        Change::Order { order, .. } => (4, id(&order.deal_id.0), id(&order.id.0)),
        Change::PickupCode(p) => (5, day(p.pickup_day) as u128, id(&p.member_id.0)),
        Change::Group(g) => (0, id(&g.id.0), 0),
        Change::Member(m) => (1, id(&m.id.0), 0),
        Change::Product(p) => (2, id(&p.id.0), 0),
        Change::Deal { deal, .. } => (3, id(&deal.id.0), 0),
        Change::Ledger(e) => (6, id(&e.id.0), 0),
        Change::Movement(m) => (7, id(&m.id.0), 0),
        Change::Notice(n) => (8, id(&n.id.0), 0),
        Change::Tip(t) => (9, id(&t.id.0), 0),
        Change::HelpRequest(h) => (10, id(&h.id.0), 0),
        Change::Suggestion(x) => (11, id(&x.id.0), 0),
        Change::Complaint(x) => (12, id(&x.id.0), 0),
    }
}

/// The connection set for a catching-up batch while this lives: foreign keys off (as for
/// any page), triggers off (the batch sets the rollups they keep once, [`rollups`]), and
/// CHECK constraints not evaluated: every value written comes from a typed change (enums by
/// their names, counts unsigned) that the hub checked with the same rules; SQLite evaluates
/// each `IN (...)` check by building a small table per row, which cost more than the row.
/// Dropping it (even on an error or a panic) sets everything back.
struct BulkModes<'c>(&'c Connection);

impl<'c> BulkModes<'c> {
    fn set(c: &'c Connection) -> Result<BulkModes<'c>> {
        let modes = BulkModes(c);
        c.pragma_update(None, "foreign_keys", "OFF")?;
        c.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        c.pragma_update(None, "ignore_check_constraints", "ON")?;
        Ok(modes)
    }

    fn reset(&self) -> Result<()> {
        self.0
            .pragma_update(None, "ignore_check_constraints", "OFF")?;
        self.0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        self.0.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }
}

impl Drop for BulkModes<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.reset() {
            tracing::error!("setting the store back after a catching-up batch: {e}");
        }
    }
}

/// The store's settings before [`Store::begin_catch_up`], to set back.
#[derive(Debug, Clone, Copy)]
pub struct CatchUp {
    cache_size: i64,
    temp_store: i64,
}

/// Page cache while catching up: 64 MiB (negative: KiB), about a 100,000-order group's
/// whole store, so each batch finds the pages the last one left.
const CATCH_UP_CACHE_KIB: i64 = -65_536;

impl Store {
    /// Sets the store for a long catch-up (a first sync, or a device far behind): a page
    /// cache big enough to keep a large group's store in memory between batches, and
    /// SQLite's temporary data (statement journals, the rollups' scratch tables) in memory.
    /// Durability is unchanged (`synchronous` stays as it is; each batch's commit folds
    /// the write-ahead log into the file as any commit does, while the next pages are
    /// fetched, rather than all at the end). [`Store::end_catch_up`] with the answer sets it back.
    pub fn begin_catch_up(&mut self) -> Result<CatchUp> {
        let c = self.conn();
        let before = CatchUp {
            cache_size: c.pragma_query_value(None, "cache_size", |r| r.get(0))?,
            temp_store: c.pragma_query_value(None, "temp_store", |r| r.get(0))?,
        };
        c.pragma_update(
            None,
            "cache_size",
            before.cache_size.min(CATCH_UP_CACHE_KIB),
        )?;
        c.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(before)
    }

    /// Sets back what [`Store::begin_catch_up`] changed.
    pub fn end_catch_up(&mut self, before: CatchUp) -> Result<()> {
        let c = self.conn();
        c.pragma_update(None, "temp_store", before.temp_store)?;
        c.pragma_update(None, "cache_size", before.cache_size)?;
        Ok(())
    }

    /// Applies pages pulled one after another while catching up, in one transaction with
    /// the last page's cursor: the same rows as [`Store::apply_pull`] page by page, rollups
    /// included (a test compares every table), at a fraction of the cost. Triggers are off
    /// while the rows go in ([`BulkModes`]), each table's rows in key order ([`bulk_key`];
    /// a thing changed twice keeps its later state); the rollups of the deals whose orders
    /// came are then set from their orders ([`rollups::rebuild`]) before the commit, so
    /// every commit leaves the store as the triggers would have: a sync cut off between
    /// batches resumes from the cursor with nothing missing or counted twice.
    pub fn apply_pulls(&mut self, pages: &[PullPage]) -> Result<()> {
        let Some(last) = pages.last() else {
            return Ok(());
        };
        let mut changes: Vec<&Change> = pages.iter().flat_map(|p| &p.changes).collect();
        changes.sort_by_cached_key(|c| bulk_key(c)); // stable: a later change of a thing stays later
        let c = self.conn();
        let modes = BulkModes::set(c)?;
        let tx = c.unchecked_transaction()?;
        let mut touched = rollups::Touched::default();
        for change in changes {
            apply(&tx, change)?;
            if let Change::Order {
                order, pickup_day, ..
            } = change
            {
                touched.order(order.deal_id, order.member_id, *pickup_day);
            }
        }
        touched.rebuild(&tx)?;
        set(&tx, CURSOR, &last.next.to_string())?;
        tx.commit()?;
        let reset = modes.reset();
        std::mem::forget(modes); // set back just now
        reset
    }
}
