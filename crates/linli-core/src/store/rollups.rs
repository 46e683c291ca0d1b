//! The rollups the triggers on `orders` keep — `deal_sales` and `member_weeks`
//! (schema.sql: `orders_sales_insert`, `orders_sales_update`, `orders_member_week`) and
//! `deal_taken` (schema_5_deal_taken.sql: `orders_taken_*`) — computed afresh for some
//! deals, for writes made with triggers off (a device catching up: [`super::catch_up`]'s bulk
//! path). Each statement here says what its triggers say, once more, in one pass:
//!
//! - `deal_sales`: per deal, orders in a sold state (confirmed, ready, picked_up,
//!   unclaimed) by their allocated units, else their ordered units, and those units at
//!   the order's unit price;
//! - `deal_taken`: per deal, active orders (placed or sold): `qty` their ordered units,
//!   `sold` their allocated units, else ordered;
//! - `member_weeks`: each member with an order for pickup in a Monday-to-Sunday week
//!   (`(pickup_day + 3) / 7`), whatever its state; never removed.
//!
//! A deal's rows are set, not added to: applying the same orders twice changes nothing.
//! A deal whose orders no longer count keeps a row of zeros, as the triggers leave it.
//! `Store::rollup_mismatches` and `Store::taken_mismatches` check both ways of keeping
//! them, and a test (tests/store_bulk_sync.rs) compares them row for row.

use crate::model::{DealId, MemberId};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeSet;

/// The deals whose rollups [`Touched::rebuild`] sets, and their orders' sums.
const TEMP: &str = "\
CREATE TEMP TABLE IF NOT EXISTS rollup_deals (deal_id BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS rollup_days (
    pickup_day INTEGER, member_id BLOB, PRIMARY KEY (pickup_day, member_id)) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS rollup_sums (
    deal_id BLOB PRIMARY KEY, pickup_day INTEGER, product_id BLOB,
    sold_units INTEGER, sold_revenue INTEGER, taken_qty INTEGER, taken_sold INTEGER,
    counted INTEGER, active INTEGER);";

/// Per touched deal, its orders' sums in one pass over them (`orders_deal` finds them).
const SUMS: &str = "\
INSERT INTO temp.rollup_sums
SELECT o.deal_id, o.pickup_day, o.product_id,
       COALESCE(SUM(COALESCE(o.allocated, o.qty))
                FILTER (WHERE o.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed')), 0),
       COALESCE(SUM(COALESCE(o.allocated, o.qty) * o.unit_price_fen)
                FILTER (WHERE o.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed')), 0),
       COALESCE(SUM(o.qty)
                FILTER (WHERE o.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')), 0),
       COALESCE(SUM(COALESCE(o.allocated, o.qty))
                FILTER (WHERE o.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')), 0),
       COUNT(*) FILTER (WHERE o.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed')),
       COUNT(*) FILTER (WHERE o.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed'))
FROM temp.rollup_deals t CROSS JOIN orders o INDEXED BY orders_deal ON o.deal_id = t.deal_id
GROUP BY o.deal_id";

/// Sets the touched deals' rows from [`SUMS`]: a deal with counted orders gets its row
/// (made if missing, as the insert triggers make it); one without keeps a row it had, at
/// zero, and gets none if it had none. Then the weeks of the orders written (an order's
/// member and pickup day never change, so the weeks of its first write are its weeks).
const SET: &str = "\
UPDATE deal_sales SET units = 0, revenue_fen = 0
 WHERE deal_id IN (SELECT deal_id FROM temp.rollup_deals);
INSERT INTO deal_sales (deal_id, pickup_day, product_id, units, revenue_fen)
SELECT deal_id, pickup_day, product_id, sold_units, sold_revenue
FROM temp.rollup_sums WHERE counted > 0
ON CONFLICT(deal_id) DO UPDATE SET units = excluded.units, revenue_fen = excluded.revenue_fen;
UPDATE deal_taken SET qty = 0, sold = 0
 WHERE deal_id IN (SELECT deal_id FROM temp.rollup_deals);
INSERT INTO deal_taken (deal_id, qty, sold)
SELECT deal_id, taken_qty, taken_sold
FROM temp.rollup_sums WHERE active > 0
ON CONFLICT(deal_id) DO UPDATE SET qty = excluded.qty, sold = excluded.sold;
INSERT OR IGNORE INTO member_weeks (week, member_id)
SELECT DISTINCT (pickup_day + 3) / 7, member_id FROM temp.rollup_days;
DELETE FROM temp.rollup_deals;
DELETE FROM temp.rollup_days;
DELETE FROM temp.rollup_sums;";

/// The deals whose orders a batch wrote with triggers off, and the weeks (pickup day,
/// member) of those orders: what [`Touched::rebuild`] sets. Kept here, not in the store,
/// while the rows go in (a few thousand deals for a hundred thousand orders).
#[derive(Default)]
pub(crate) struct Touched {
    deals: BTreeSet<DealId>,
    days: BTreeSet<(i64, MemberId)>,
}

impl Touched {
    /// Notes that an order of `deal`, for `member` to collect on `pickup_day`, was written.
    pub(crate) fn order(&mut self, deal: DealId, member: MemberId, pickup_day: NaiveDate) {
        self.deals.insert(deal);
        self.days.insert((super::codec::day(pickup_day), member));
    }

    /// Sets the rollups of every deal noted from its orders, as the triggers would have
    /// kept them. Run in the transaction that wrote the orders.
    pub(crate) fn rebuild(&self, c: &Connection) -> rusqlite::Result<()> {
        if self.deals.is_empty() {
            return Ok(());
        }
        c.execute_batch(TEMP)?;
        let mut deal = c.prepare_cached("INSERT INTO temp.rollup_deals (deal_id) VALUES (?1)")?;
        for d in &self.deals {
            deal.execute([d])?;
        }
        let mut day = c.prepare_cached(
            "INSERT INTO temp.rollup_days (pickup_day, member_id) VALUES (?1, ?2)",
        )?;
        for (d, m) in &self.days {
            day.execute(rusqlite::params![d, m])?;
        }
        c.execute_batch(SUMS)?;
        c.execute_batch(SET)
    }
}

/// The triggers this module stands in for: a trigger added to the schema must be added
/// here (and to [`Touched::rebuild`]) or the bulk path would skip it (a test compares this list
/// with the schema's).
pub const TRIGGERS: [&str; 6] = [
    "orders_member_week",
    "orders_sales_insert",
    "orders_sales_update",
    "orders_taken_delete",
    "orders_taken_insert",
    "orders_taken_update",
];

impl super::Store {
    /// Every table's rows as text, sorted, to compare two stores that should hold the same:
    /// of `sync_state` only the cursor (a device's identity and sync time are its own), and
    /// no rollup rows of zeros (the triggers leave one where a deal's orders stopped
    /// counting; a batch that saw only the final state, none).
    pub fn contents(&self) -> super::Result<std::collections::BTreeMap<String, Vec<String>>> {
        let c = self.conn();
        let names: Vec<String> = c
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut all = std::collections::BTreeMap::new();
        for name in names {
            let filter = match name.as_str() {
                "sync_state" => "WHERE key = 'cursor'",
                "deal_sales" => "WHERE units <> 0 OR revenue_fen <> 0",
                "deal_taken" => "WHERE qty <> 0 OR sold <> 0",
                _ => "",
            };
            let mut st = c.prepare(&format!("SELECT * FROM {name} {filter}"))?;
            let n = st.column_count();
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|v| v.join("|"))
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.sort();
            all.insert(name, rows);
        }
        Ok(all)
    }
}
