//! The organiser's figures, each one named SQL query over an inclusive range of pickup days.
//! A "sale" is an order whose deal formed (confirmed, ready, picked up or unclaimed —
//! unclaimed goods were still paid for), counted by the units allocated to it. A local
//! store holds one group, so the queries need no group filter.
//!
//! Sales and weekly activity read rollup tables (`deal_sales`, `member_weeks`) that
//! triggers in the schema keep in step with `orders`: summing a million order lines takes
//! SQLite 0.3–0.5 s, reading the rollups a few milliseconds. A test checks the rollups
//! against the raw orders.
//!
//! Losses are dated by the UTC day of their movement, like the loss rate. Their money value
//! is the lost units times the unit price of the movement's deal (what members pay, which is
//! what the group forgoes). A loss with no deal (the Stock page records them so) takes the
//! price of the product's latest deal published before the loss — latest by pickup day, as
//! goods often arrive the day before their pickup — and a product with no deal published
//! by then counts at ¥0 (its units are still counted).
//!
//! The SQL texts are public so the benchmark can run the very same statements in the
//! `sqlite3` shell as its baseline; each query's plan is checked in the tests to use an index.

use super::codec::{day, from_ms, ms, parse_day, untagged};
use super::{Result, Store, StoreError};
use crate::model::{
    LedgerKind, LossReason, MemberId, MovementKind, OrderId, OrderState, ProductId, Timestamp,
};
use crate::money::Fen;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::params;

/// Units and money of sales on one pickup day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySales {
    pub day: NaiveDate,
    pub units: i64,
    pub revenue: Fen,
}

/// Sales of one product over the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSales {
    pub product_id: ProductId,
    pub name: String,
    pub emoji: String,
    pub units: i64,
    pub revenue: Fen,
}

/// Deals that formed and failed over the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormingRate {
    pub formed: i64,
    pub failed: i64,
}

impl FormingRate {
    /// Formed share in ‰; `None` when no deal closed in the range.
    pub fn per_mille(&self) -> Option<i64> {
        let all = self.formed + self.failed;
        (all > 0).then(|| self.formed * 1000 / all)
    }
}

/// Distinct members with an order for pickup in one week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekActivity {
    pub week_start: NaiveDate,
    pub members: i64,
}

/// Received and lost units of a product over the range, and the loss rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductLoss {
    pub product_id: ProductId,
    pub name: String,
    pub received: i64,
    pub lost: i64,
}

impl ProductLoss {
    /// Lost share of received units in ‰; `None` if nothing was received.
    pub fn per_mille(&self) -> Option<i64> {
        (self.received > 0).then(|| self.lost * 1000 / self.received)
    }
}

/// An order nobody collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclaimed {
    pub order_id: OrderId,
    pub pickup_day: NaiveDate,
    pub member_id: MemberId,
    pub member_name: String,
    pub product_name: String,
    pub units: i64,
    /// The product's unit (斤, 盒).
    pub unit: String,
}

/// Money lost on one product over the range (see the module comment for the price).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductLossMoney {
    pub product_id: ProductId,
    pub name: String,
    pub lost: i64,
    pub money: Fen,
}

/// Units and money lost in one week (Monday to Sunday, by the loss's UTC day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLoss {
    pub week_start: NaiveDate,
    pub lost: i64,
    pub money: Fen,
}

/// Units and money of all sales over a range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SalesTotal {
    pub units: i64,
    pub revenue: Fen,
}

/// One order, for the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub pickup_day: NaiveDate,
    pub member_name: String,
    pub product_name: String,
    pub unit: String,
    pub unit_price: Fen,
    pub qty: i64,
    pub allocated: Option<i64>,
    pub state: OrderState,
    /// Who placed or last changed it for her (代下单), when someone else did.
    pub entered_by: Option<String>,
}

impl OrderLine {
    /// Units sold: allocated (or ordered) once the deal formed, else 0 — as the sales
    /// figures count them.
    pub fn sold_units(&self) -> i64 {
        match self.state {
            OrderState::Confirmed
            | OrderState::Ready
            | OrderState::PickedUp
            | OrderState::Unclaimed => self.allocated.unwrap_or(self.qty),
            _ => 0,
        }
    }
}

/// One ledger line with its member's name, for the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    pub at: Timestamp,
    pub member_name: String,
    pub kind: LedgerKind,
    pub amount: Fen,
    /// The product of the order a charge or refund is about.
    pub product_name: Option<String>,
}

/// One loss movement valued as the loss figures value it, for the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossMovementLine {
    pub at: Timestamp,
    pub product_name: String,
    pub reason: LossReason,
    pub qty: i64,
    pub unit_price: Fen,
    pub note: String,
}

/// `?1`, `?2`: first and last pickup day (day numbers).
pub const SALES_BY_DAY: &str = "\
SELECT pickup_day, SUM(units), SUM(revenue_fen) FROM deal_sales
WHERE pickup_day BETWEEN ?1 AND ?2
GROUP BY pickup_day HAVING SUM(units) > 0 ORDER BY pickup_day";

/// `?1`, `?2`: day range; `?3`: most rows (-1 for all). Best sellers by money first.
pub const SALES_BY_PRODUCT: &str = "\
SELECT p.id, p.name, p.emoji, s.units, s.revenue FROM (
  SELECT product_id, SUM(units) AS units, SUM(revenue_fen) AS revenue FROM deal_sales
  WHERE pickup_day BETWEEN ?1 AND ?2 GROUP BY product_id HAVING SUM(units) > 0) AS s
JOIN products AS p ON p.id = s.product_id
ORDER BY s.revenue DESC, p.name LIMIT ?3";

/// `?1`, `?2`: day range.
pub const FORMING_RATE: &str = "\
SELECT COALESCE(SUM(state IN ('formed', 'arrived')), 0), COALESCE(SUM(state = 'failed'), 0) FROM deals
WHERE pickup_day BETWEEN ?1 AND ?2";

/// `?1`, `?2`: day range (weeks overlapping it count whole).
pub const ACTIVE_MEMBERS_PER_WEEK: &str = "\
SELECT week, COUNT(*) FROM member_weeks
WHERE week BETWEEN (?1 + 3) / 7 AND (?2 + 3) / 7
GROUP BY week ORDER BY week";

/// `?1`, `?2`: instants (UTC ms) of the range's start and end.
pub const LOSS_RATE_PER_PRODUCT: &str = "\
SELECT p.id, p.name, m.received, m.lost FROM (
  SELECT product_id, SUM(CASE WHEN kind = 'received' THEN qty ELSE 0 END) AS received,
         SUM(CASE WHEN kind = 'lost' THEN qty ELSE 0 END) AS lost
  FROM stock_movements WHERE kind IN ('received', 'lost') AND at >= ?1 AND at < ?2
  GROUP BY product_id) AS m
JOIN products AS p ON p.id = m.product_id
ORDER BY m.lost * 1.0 / MAX(m.received, 1) DESC, p.name";

/// `?1`, `?2`: day range; `?3`: most rows (-1 for all). Newest first.
pub const UNCLAIMED_ORDERS: &str = "\
SELECT o.id, o.pickup_day, o.member_id, m.display_name, p.name, COALESCE(o.allocated, o.qty), p.unit
FROM orders AS o JOIN members AS m ON m.id = o.member_id JOIN products AS p ON p.id = o.product_id
WHERE o.state = 'unclaimed' AND o.pickup_day BETWEEN ?1 AND ?2
ORDER BY o.pickup_day DESC, m.display_name LIMIT ?3";

/// The unit price of a loss movement `m`: its deal's, else that of the product's deal with
/// the latest pickup day among those published before the loss, else 0.
macro_rules! loss_price {
    () => {
        "COALESCE(d.price_fen, (SELECT d2.price_fen FROM deals AS d2
     WHERE d2.product_id = m.product_id AND d2.created_at <= m.at
     ORDER BY d2.pickup_day DESC LIMIT 1), 0)"
    };
}

/// `?1`, `?2`: instants (UTC ms) of the range's start and end. Most money first.
pub const LOSS_MONEY_PER_PRODUCT: &str = concat!(
    "SELECT p.id, p.name, l.lost, l.money FROM (
  SELECT m.product_id, SUM(m.qty) AS lost, SUM(m.qty * ",
    loss_price!(),
    ") AS money
  FROM stock_movements AS m LEFT JOIN deals AS d ON d.id = m.deal_id
  WHERE m.kind IN ('received', 'lost') AND m.kind = 'lost' AND m.at >= ?1 AND m.at < ?2
  GROUP BY m.product_id) AS l
JOIN products AS p ON p.id = l.product_id
ORDER BY l.money DESC, p.name"
);

/// `?1`, `?2`: instants (UTC ms) of the range's start and end. Weeks with a loss, oldest first.
pub const LOSS_MONEY_PER_WEEK: &str = concat!(
    "SELECT (m.at / 86400000 + 3) / 7 AS week, SUM(m.qty), SUM(m.qty * ",
    loss_price!(),
    ")
FROM stock_movements AS m LEFT JOIN deals AS d ON d.id = m.deal_id
WHERE m.kind IN ('received', 'lost') AND m.kind = 'lost' AND m.at >= ?1 AND m.at < ?2
GROUP BY week ORDER BY week"
);

/// `?1`, `?2`: day range. Units and money sold (zeros when nothing was).
pub const SALES_TOTAL: &str = "\
SELECT COALESCE(SUM(units), 0), COALESCE(SUM(revenue_fen), 0) FROM deal_sales
WHERE pickup_day BETWEEN ?1 AND ?2";

/// The pickup day of the first deal anyone ordered from (where "all" starts).
pub const FIRST_ORDER_DAY: &str = "\
SELECT d.pickup_day FROM deals AS d
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.deal_id = d.id)
ORDER BY d.pickup_day LIMIT 1";

/// The pickup day of the last deal anyone ordered from (where "all" ends, if after today).
pub const LAST_ORDER_DAY: &str = "\
SELECT d.pickup_day FROM deals AS d
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.deal_id = d.id)
ORDER BY d.pickup_day DESC LIMIT 1";

/// `?1`, `?2`: day range. How many orders nobody collected, and their units.
pub const UNCLAIMED_TOTAL: &str = "\
SELECT COUNT(*), COALESCE(SUM(COALESCE(allocated, qty)), 0) FROM orders
WHERE state = 'unclaimed' AND pickup_day BETWEEN ?1 AND ?2";

/// `?1`, `?2`: day range. Orders placed for a neighbour by someone else (代下单: the
/// organiser on the telephone, a volunteer with her help request), by pickup day like the
/// other order counts; refused ones and those cancelled before cutoff left out. Reads the
/// partial index `orders_entered`.
pub const ENTERED_FOR_NEIGHBOURS: &str = "\
SELECT COUNT(*) FROM orders
WHERE entered_by IS NOT NULL AND pickup_day BETWEEN ?1 AND ?2
  AND state <> 'rejected' AND NOT (state = 'cancelled' AND reason = 'by_member')";

/// Export: every order with a pickup day in `?1`..`?2` (day numbers), by day, product and
/// member: pickup day, member, product, unit, unit price, ordered, allocated, state, reason,
/// and who entered it for her (代下单; NULL when she did it herself).
pub const ORDER_LINES: &str = "\
SELECT d.pickup_day, m.display_name, p.name, d.unit, o.unit_price_fen, o.qty, o.allocated,
       o.state, o.reason, e.display_name
FROM deals AS d JOIN orders AS o ON o.deal_id = d.id
JOIN members AS m ON m.id = o.member_id JOIN products AS p ON p.id = o.product_id
LEFT JOIN members AS e ON e.id = o.entered_by
WHERE d.pickup_day BETWEEN ?1 AND ?2
ORDER BY d.pickup_day, p.name, m.display_name";

/// Export: ledger lines dated `?1`..`?2` (UTC ms, end excluded), oldest first: instant,
/// member, kind, reason, amount, and the product of the order it is about (if any). An export
/// reads every line of its range: the ledger has no index by time alone, so this scans it.
pub const LEDGER_LINES: &str = "\
SELECT l.at, m.display_name, l.kind, l.reason, l.amount_fen, p.name
FROM ledger AS l JOIN members AS m ON m.id = l.member_id
LEFT JOIN orders AS o ON o.id = l.order_id LEFT JOIN products AS p ON p.id = o.product_id
WHERE l.at >= ?1 AND l.at < ?2
ORDER BY l.at, m.display_name";

/// Export: loss movements dated `?1`..`?2` (UTC ms, end excluded), oldest first: instant,
/// product, reason, units, unit price (as the loss figures value it), note.
pub const LOSS_LINES: &str = concat!(
    "SELECT m.at, p.name, m.reason, m.qty, ",
    loss_price!(),
    ", m.note
FROM stock_movements AS m LEFT JOIN deals AS d ON d.id = m.deal_id
JOIN products AS p ON p.id = m.product_id
WHERE m.kind IN ('received', 'lost') AND m.kind = 'lost' AND m.at >= ?1 AND m.at < ?2
ORDER BY m.at, p.name"
);

const ROLLUP_MISMATCHES: &str = "\
WITH raw AS (
  SELECT deal_id, SUM(COALESCE(allocated, qty)) AS units,
         SUM(COALESCE(allocated, qty) * unit_price_fen) AS revenue FROM orders
  WHERE state IN ('confirmed', 'ready', 'picked_up', 'unclaimed') GROUP BY deal_id),
kept AS (SELECT deal_id, units, revenue_fen AS revenue FROM deal_sales WHERE units <> 0 OR revenue_fen <> 0),
weeks AS (SELECT DISTINCT (pickup_day + 3) / 7 AS week, member_id FROM orders)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM kept))
     + (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM raw))
     + (SELECT COUNT(*) FROM (SELECT * FROM weeks EXCEPT SELECT week, member_id FROM member_weeks))
     + (SELECT COUNT(*) FROM (SELECT week, member_id FROM member_weeks EXCEPT SELECT * FROM weeks))";

/// Every analytics query with its name, for plan checks and the benchmark.
pub const ALL: [(&str, &str); 13] = [
    ("sales_by_day", SALES_BY_DAY),
    ("sales_by_product", SALES_BY_PRODUCT),
    ("forming_rate", FORMING_RATE),
    ("active_members_per_week", ACTIVE_MEMBERS_PER_WEEK),
    ("loss_rate_per_product", LOSS_RATE_PER_PRODUCT),
    ("unclaimed_orders", UNCLAIMED_ORDERS),
    ("loss_money_per_product", LOSS_MONEY_PER_PRODUCT),
    ("loss_money_per_week", LOSS_MONEY_PER_WEEK),
    ("sales_total", SALES_TOTAL),
    ("first_order_day", FIRST_ORDER_DAY),
    ("last_order_day", LAST_ORDER_DAY),
    ("unclaimed_total", UNCLAIMED_TOTAL),
    ("entered_for_neighbours", ENTERED_FOR_NEIGHBOURS),
];

/// The export's table reads (they read every row of their range), for the benchmark.
pub const EXPORTS: [(&str, &str); 3] = [
    ("orders", ORDER_LINES),
    ("ledger", LEDGER_LINES),
    ("loss_movements", LOSS_LINES),
];

/// The instants (UTC ms) from the start of `from` to the end of `to`, UTC days.
pub fn utc_span(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let start = ms(from.and_time(NaiveTime::MIN).and_utc());
    let end = ms(to
        .succ_opt()
        .unwrap_or(to)
        .and_time(NaiveTime::MIN)
        .and_utc());
    (start, end)
}

impl Store {
    /// Units and revenue per pickup day, days without sales left out.
    pub fn sales_by_day(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DaySales>> {
        let mut st = self.conn().prepare_cached(SALES_BY_DAY)?;
        let rows = st.query_map(params![day(from), day(to)], |r| {
            Ok(DaySales {
                day: parse_day(r.get(0)?)?,
                units: r.get(1)?,
                revenue: Fen(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sales per product, best by revenue first.
    pub fn sales_by_product(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ProductSales>> {
        self.product_sales(from, to, -1)
    }

    /// The `n` products with the most revenue.
    pub fn top_products(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        n: u32,
    ) -> Result<Vec<ProductSales>> {
        self.product_sales(from, to, i64::from(n))
    }

    fn product_sales(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<ProductSales>> {
        let mut st = self.conn().prepare_cached(SALES_BY_PRODUCT)?;
        let rows = st.query_map(params![day(from), day(to), limit], |r| {
            Ok(ProductSales {
                product_id: r.get(0)?,
                name: r.get(1)?,
                emoji: r.get(2)?,
                units: r.get(3)?,
                revenue: Fen(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many deals formed and failed (by pickup day).
    pub fn forming_rate(&self, from: NaiveDate, to: NaiveDate) -> Result<FormingRate> {
        Ok(self.conn().prepare_cached(FORMING_RATE)?.query_row(
            params![day(from), day(to)],
            |r| {
                Ok(FormingRate {
                    formed: r.get(0)?,
                    failed: r.get(1)?,
                })
            },
        )?)
    }

    /// Members with any order for pickup in each week that has one (weeks overlapping the
    /// range count whole).
    pub fn active_members_per_week(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<WeekActivity>> {
        let mut st = self.conn().prepare_cached(ACTIVE_MEMBERS_PER_WEEK)?;
        let rows = st.query_map(params![day(from), day(to)], |r| {
            let week: i64 = r.get(0)?;
            Ok(WeekActivity {
                week_start: parse_day(week * 7 - 3)?,
                members: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Received and lost units per product from movements dated in the range (UTC days),
    /// highest loss rate first.
    pub fn loss_rate_per_product(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ProductLoss>> {
        let (start, end) = utc_span(from, to);
        let mut st = self.conn().prepare_cached(LOSS_RATE_PER_PRODUCT)?;
        let rows = st.query_map(params![start, end], |r| {
            Ok(ProductLoss {
                product_id: r.get(0)?,
                name: r.get(1)?,
                received: r.get(2)?,
                lost: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` orders not collected, newest pickup day first, then by member name.
    pub fn unclaimed_orders(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: u32,
    ) -> Result<Vec<Unclaimed>> {
        let mut st = self.conn().prepare_cached(UNCLAIMED_ORDERS)?;
        let rows = st.query_map(params![day(from), day(to), limit], |r| {
            Ok(Unclaimed {
                order_id: r.get(0)?,
                pickup_day: parse_day(r.get(1)?)?,
                member_id: r.get(2)?,
                member_name: r.get(3)?,
                product_name: r.get(4)?,
                units: r.get(5)?,
                unit: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Money lost per product from loss movements dated in the range (UTC days), most first.
    pub fn loss_money_per_product(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ProductLossMoney>> {
        let (start, end) = utc_span(from, to);
        let mut st = self.conn().prepare_cached(LOSS_MONEY_PER_PRODUCT)?;
        let rows = st.query_map(params![start, end], |r| {
            Ok(ProductLossMoney {
                product_id: r.get(0)?,
                name: r.get(1)?,
                lost: r.get(2)?,
                money: Fen(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Units and money lost per week that has a loss in the range, oldest first.
    pub fn loss_money_per_week(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<WeekLoss>> {
        let (start, end) = utc_span(from, to);
        let mut st = self.conn().prepare_cached(LOSS_MONEY_PER_WEEK)?;
        let rows = st.query_map(params![start, end], |r| {
            let week: i64 = r.get(0)?;
            Ok(WeekLoss {
                week_start: parse_day(week * 7 - 3)?,
                lost: r.get(1)?,
                money: Fen(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Units and money of all sales with a pickup day in the range.
    pub fn sales_total(&self, from: NaiveDate, to: NaiveDate) -> Result<SalesTotal> {
        Ok(self.conn().prepare_cached(SALES_TOTAL)?.query_row(
            params![day(from), day(to)],
            |r| {
                Ok(SalesTotal {
                    units: r.get(0)?,
                    revenue: Fen(r.get(1)?),
                })
            },
        )?)
    }

    /// The pickup days of the first and the last deal with an order; `None` before the
    /// first order.
    pub fn order_days(&self) -> Result<Option<(NaiveDate, NaiveDate)>> {
        let day_of = |sql: &str| -> Result<Option<i64>> {
            let mut st = self.conn().prepare_cached(sql)?;
            let mut rows = st.query([])?;
            Ok(match rows.next()? {
                Some(r) => Some(r.get(0)?),
                None => None,
            })
        };
        Ok(match (day_of(FIRST_ORDER_DAY)?, day_of(LAST_ORDER_DAY)?) {
            (Some(a), Some(b)) => Some((parse_day(a)?, parse_day(b)?)),
            _ => None,
        })
    }

    /// How many orders of the range nobody collected, and their units.
    pub fn unclaimed_total(&self, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
        Ok(self
            .conn()
            .prepare_cached(UNCLAIMED_TOTAL)?
            .query_row(params![day(from), day(to)], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// How many orders of the range someone placed for a neighbour
    /// ([`ENTERED_FOR_NEIGHBOURS`]).
    pub fn entered_for_neighbours(&self, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached(ENTERED_FOR_NEIGHBOURS)?
            .query_row(params![day(from), day(to)], |r| r.get(0))?)
    }

    /// Calls `f` with every order of the range ([`ORDER_LINES`]); returns how many.
    pub fn each_order_line<E: From<StoreError>>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut f: impl FnMut(OrderLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let read = |r: &rusqlite::Row| -> rusqlite::Result<OrderLine> {
            Ok(OrderLine {
                pickup_day: parse_day(r.get(0)?)?,
                member_name: r.get(1)?,
                product_name: r.get(2)?,
                unit: r.get(3)?,
                unit_price: Fen(r.get(4)?),
                qty: r.get(5)?,
                allocated: r.get(6)?,
                state: untagged("state", "reason", r.get(7)?, r.get(8)?)?,
                entered_by: r.get(9)?,
            })
        };
        self.each(ORDER_LINES, params![day(from), day(to)], read, &mut f)
    }

    /// Calls `f` with every ledger line dated in the range (UTC days, [`LEDGER_LINES`]).
    pub fn each_ledger_line<E: From<StoreError>>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut f: impl FnMut(LedgerLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let (start, end) = utc_span(from, to);
        let read = |r: &rusqlite::Row| -> rusqlite::Result<LedgerLine> {
            Ok(LedgerLine {
                at: from_ms(r.get(0)?)?,
                member_name: r.get(1)?,
                kind: untagged("kind", "reason", r.get(2)?, r.get(3)?)?,
                amount: Fen(r.get(4)?),
                product_name: r.get(5)?,
            })
        };
        self.each(LEDGER_LINES, params![start, end], read, &mut f)
    }

    /// Calls `f` with every loss dated in the range (UTC days, [`LOSS_LINES`]).
    pub fn each_loss_line<E: From<StoreError>>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut f: impl FnMut(LossMovementLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let (start, end) = utc_span(from, to);
        let read = |r: &rusqlite::Row| -> rusqlite::Result<LossMovementLine> {
            let kind: MovementKind = untagged("kind", "reason", "lost".into(), r.get(2)?)?;
            Ok(LossMovementLine {
                at: from_ms(r.get(0)?)?,
                product_name: r.get(1)?,
                reason: match kind {
                    MovementKind::Lost(why) => why,
                    _ => LossReason::Other,
                },
                qty: r.get(3)?,
                unit_price: Fen(r.get(4)?),
                note: r.get(5)?,
            })
        };
        self.each(LOSS_LINES, params![start, end], read, &mut f)
    }

    fn each<T, E: From<StoreError>>(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        read: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
        f: &mut impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let mut st = self
            .conn()
            .prepare_cached(sql)
            .map_err(|e| E::from(StoreError::from(e)))?;
        let mut rows = st.query(args).map_err(|e| E::from(StoreError::from(e)))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| E::from(StoreError::from(e)))? {
            f(read(r).map_err(|e| E::from(StoreError::from(e)))?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Rows where the rollups disagree with the orders they summarise (0 when sound).
    pub fn rollup_mismatches(&self) -> Result<i64> {
        Ok(self.conn().query_row(ROLLUP_MISMATCHES, [], |r| r.get(0))?)
    }

    /// The lines of `sql`'s plan that read a whole table without an index (empty when every
    /// table is searched or scanned through an index). Subqueries SQLite runs as co-routines
    /// don't count: they are scans of rows already found.
    pub fn full_table_scans(&self, sql: &str) -> Result<Vec<String>> {
        let plan = self.query_plan(sql)?;
        let coroutines: Vec<&str> = plan
            .iter()
            .filter_map(|l| l.strip_prefix("CO-ROUTINE "))
            .collect();
        Ok(plan
            .iter()
            .filter(|l| match l.strip_prefix("SCAN ") {
                Some(target) => {
                    !l.contains("INDEX")
                        && !target.starts_with('(')
                        && !coroutines.contains(&target)
                }
                None => false,
            })
            .cloned()
            .collect())
    }

    /// SQLite's plan for a query (for tests and tuning).
    pub fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut st = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let n = st.parameter_count();
        let args: Vec<i64> = vec![0; n];
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
