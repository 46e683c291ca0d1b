//! What the organiser's screens read: how open deals are doing, the pickup day's sheet
//! (baskets per member, picking lists per product), the pickup desk, a preview of an
//! arrival before she records it, what needs doing now and the last deals to copy.
//!
//! Each is a named query over the connection (each statement reads through an index,
//! checked by `plan_check`) with a [`Store`] method of the same name. Nothing here writes.

use super::codec::{day, ms};
use super::{Result, Store, StoreError, day as ops, rows};
use crate::model::*;
use crate::money::Fen;
use crate::rules::arrival;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

// The SQL texts are public so the organiser benchmark (`benches/organiser.rs` in the app)
// can run the very same statements as its baseline. A deal's columns come first where a
// query joins it as `d` (read by `rows::deal_row`), an order's where it joins it as `o`
// (read by `rows::order_row`). Active order states (counting toward stock and limits, see
// [`OrderState::is_active`]): placed, confirmed, ready, picked_up, unclaimed. Sold states
// (a deal that formed: something is or was packed for the member): the same but placed.

/// [`deal_progress`]: `?1` group. Open deals with product, units sold and orders.
pub const DEAL_PROGRESS: &str = "\
SELECT d.id, d.group_id, d.product_id, d.price_fen, d.unit, d.stock, d.min_total,
    d.per_member_limit, d.cutoff, d.pickup_day, d.pickup_place, d.state, d.arrived_qty, d.created_at, p.name, p.emoji,
    (SELECT COALESCE(SUM(o.qty), 0) FROM orders o
      WHERE o.deal_id = d.id AND o.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')),
    (SELECT COUNT(*) FROM orders o WHERE o.deal_id = d.id AND o.state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed'))
FROM deals d JOIN products p ON p.id = d.product_id
WHERE d.group_id = ?1 AND d.state = 'open' ORDER BY d.cutoff, d.id";

/// [`day_sheet`]: `?1` group, `?2` pickup day. The day's formed or arrived deals.
pub const DAY_SHEET_DEALS: &str = "\
SELECT d.id, d.group_id, d.product_id, d.price_fen, d.unit, d.stock, d.min_total,
    d.per_member_limit, d.cutoff, d.pickup_day, d.pickup_place, d.state, d.arrived_qty, d.created_at, p.name, p.emoji FROM deals d JOIN products p ON p.id = d.product_id
WHERE d.pickup_day = ?2 AND d.state IN ('formed', 'arrived') AND d.group_id = ?1
ORDER BY p.name, d.id";

/// [`day_sheet`], once per deal of [`DAY_SHEET_DEALS`]: `?1` deal. Its sold orders in line
/// order, with the member's name.
pub const DAY_SHEET_ORDERS: &str = "\
SELECT o.id, o.deal_id, o.member_id, o.qty, o.allocated, o.unit_price_fen, o.state,
    o.reason, o.queued_at, o.placed_at, o.updated_at, o.entered_by, m.display_name FROM orders o JOIN members m ON m.id = o.member_id
WHERE o.deal_id = ?1 AND o.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed') ORDER BY o.queued_at, o.id";

/// [`needs_doing`]: `?1` group, `?2` tomorrow. Formed deals with no arrival recorded.
pub const ARRIVALS_TO_RECORD: &str = "\
SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
    cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals
WHERE group_id = ?1 AND state = 'formed' AND arrived_qty IS NULL AND pickup_day <= ?2
ORDER BY pickup_day, cutoff";

/// [`needs_doing`]: `?1` group, `?2` today. Members with goods ready and not collected.
/// Read from the ready orders' own index (schema 4); left to itself the planner walks every
/// arrived deal's orders instead (80 ms against 2 ms on ~1M order lines), hence `INDEXED BY`.
pub const PICKUPS_WAITING: &str = "\
SELECT COUNT(DISTINCT o.member_id) FROM orders o INDEXED BY orders_ready
CROSS JOIN deals d ON d.id = o.deal_id
WHERE o.state = 'ready' AND o.pickup_day <= ?2 AND d.group_id = ?1 AND d.state = 'arrived'";

/// [`needs_doing`]: `?1` group. Help requests no volunteer has taken.
pub const HELP_REQUESTS_OPEN: &str =
    "SELECT COUNT(*) FROM help_requests WHERE group_id = ?1 AND state = 'open'";

/// [`needs_doing`]: `?1` group. Complaints not yet resolved.
pub const COMPLAINTS_OPEN: &str = "\
SELECT COUNT(*) FROM complaints x JOIN members m ON m.id = x.member_id
WHERE x.resolution IS NULL AND m.group_id = ?1";

/// [`yesterdays_deals`]: `?1` group, `?2` start of today (UTC ms). Her last publishing
/// instant before today.
pub const LAST_PUBLISHED: &str =
    "SELECT MAX(created_at) FROM deals WHERE group_id = ?1 AND created_at < ?2";

/// [`yesterdays_deals`]: `?1` group, `?2`…`?3` the day (UTC ms). Deals published then.
pub const PUBLISHED_BETWEEN: &str = "\
SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
    cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals
WHERE group_id = ?1 AND created_at >= ?2 AND created_at < ?3 ORDER BY created_at, id";

/// Every statement of this module with its name, for the benchmark.
pub const ALL: [(&str, &str); 9] = [
    ("deal_progress", DEAL_PROGRESS),
    ("day_sheet_deals", DAY_SHEET_DEALS),
    ("day_sheet_orders", DAY_SHEET_ORDERS),
    ("arrivals_to_record", ARRIVALS_TO_RECORD),
    ("pickups_waiting", PICKUPS_WAITING),
    ("help_requests_open", HELP_REQUESTS_OPEN),
    ("complaints_open", COMPLAINTS_OPEN),
    ("last_published", LAST_PUBLISHED),
    ("published_between", PUBLISHED_BETWEEN),
];

/// How an open deal is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealProgress {
    pub deal: Deal,
    pub product_name: String,
    pub emoji: String,
    /// Units in active orders.
    pub sold: u32,
    /// Active orders.
    pub orders: u32,
    /// Units still free: stock − sold.
    pub left: u32,
    /// Units still needed for the deal to form: min_total − sold, never below 0.
    pub short_of_forming: u32,
}

/// Where one line of a basket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    /// The deal formed; the goods have not arrived.
    Confirmed,
    /// Waiting at the pickup place.
    Ready,
    PickedUp,
    Unclaimed,
}

impl LineState {
    fn of(s: OrderState) -> Option<LineState> {
        Some(match s {
            OrderState::Confirmed => LineState::Confirmed,
            OrderState::Ready => LineState::Ready,
            OrderState::PickedUp => LineState::PickedUp,
            OrderState::Unclaimed => LineState::Unclaimed,
            _ => return None,
        })
    }
}

/// One order in a member's basket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasketLine {
    pub order_id: OrderId,
    pub deal_id: DealId,
    pub product_name: String,
    pub emoji: String,
    /// The deal's unit ("斤", "2 box").
    pub unit: String,
    /// Units ordered.
    pub ordered: u32,
    /// Units the member gets: allocated, or all ordered before the arrival is recorded.
    pub allocated: u32,
    pub unit_price: Fen,
    /// unit_price × allocated.
    pub amount: Fen,
    pub state: LineState,
}

/// Everything one member collects on a pickup day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basket {
    pub member_id: MemberId,
    pub name: String,
    /// The member's pickup code for the day, once issued (it also tells two members of
    /// the same name apart).
    pub code: Option<String>,
    /// By product name.
    pub lines: Vec<BasketLine>,
    /// The sum of the lines' amounts.
    pub total: Fen,
}

/// One member's share of a product on the picking list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickLine {
    pub member_id: MemberId,
    pub name: String,
    pub code: Option<String>,
    /// Units to pack for them (allocated).
    pub qty: u32,
}

/// The picking list of one deal: how many units in all, and who gets how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPick {
    pub deal_id: DealId,
    pub product_id: ProductId,
    pub product_name: String,
    pub emoji: String,
    pub unit: String,
    /// Units to pack in all.
    pub total: u32,
    /// By name, then member id.
    pub who: Vec<PickLine>,
}

/// A pickup day's sheet: every deal of that day that formed or arrived.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DaySheet {
    pub pickup_day: NaiveDate,
    /// One per member, by name then member id.
    pub baskets: Vec<Basket>,
    /// One per deal, by product name.
    pub products: Vec<ProductPick>,
}

/// A member found at the pickup desk, with their code and what waits for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEntry {
    pub member: Member,
    pub code: Option<String>,
    /// Lines ready to hand over that day (empty: nothing waits).
    pub ready: Vec<BasketLine>,
}

/// One member who would get less than ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortFall {
    pub member_id: MemberId,
    pub name: String,
    /// Units ordered on the deal (all their orders).
    pub ordered: u32,
    /// Units they would get.
    pub gets: u32,
    /// Money they would get back.
    pub refund: Fen,
}

/// What recording an arrival would do, computed without writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalPreview {
    pub deal: Deal,
    pub arrived: u32,
    /// Units in confirmed orders.
    pub ordered: u32,
    /// Units handed to orders: min(arrived, ordered).
    pub given: u32,
    /// Units beyond the orders (they stay in stock).
    pub spare: u32,
    /// Members who get less, by name then member id (empty when everything arrived).
    pub short: Vec<ShortFall>,
    pub refund_total: Fen,
}

/// The organiser's "needs doing now" list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NeedsDoing {
    /// Open deals whose cutoff is within two hours (or already due), soonest first.
    pub closing_soon: Vec<Deal>,
    /// Formed deals with no arrival recorded whose pickup day is tomorrow or earlier.
    pub arrivals_to_record: Vec<Deal>,
    /// Members with goods ready and not collected, pickup day today or earlier.
    pub pickups_waiting: u32,
    /// Help requests no volunteer has taken yet.
    pub help_requests: u32,
    /// Complaints not yet resolved.
    pub complaints_open: u32,
}

/// Open deals of `group` with what is sold and what is missing, soonest cutoff first.
pub fn deal_progress(c: &Connection, group: GroupId) -> rusqlite::Result<Vec<DealProgress>> {
    c.prepare_cached(DEAL_PROGRESS)?
        .query_map([group], |r| {
            let deal = rows::deal_row(r)?;
            let sold: u32 = r.get(16)?;
            Ok(DealProgress {
                left: deal.stock.saturating_sub(sold),
                short_of_forming: deal.min_total.saturating_sub(sold),
                product_name: r.get(14)?,
                emoji: r.get(15)?,
                orders: r.get(17)?,
                sold,
                deal,
            })
        })?
        .collect()
}

/// The sheet of `pickup_day`: a basket per member and a picking list per deal, for every
/// deal of `group` with that pickup day that formed or arrived. Members of the same name
/// stay apart (keyed by id; their codes tell them apart on paper).
pub fn day_sheet(c: &Connection, group: GroupId, pickup_day: NaiveDate) -> Result<DaySheet> {
    let deals: Vec<(Deal, String, String)> = c
        .prepare_cached(DAY_SHEET_DEALS)?
        .query_map(params![group, day(pickup_day)], |r| {
            Ok((rows::deal_row(r)?, r.get(14)?, r.get(15)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let codes: BTreeMap<MemberId, String> = rows::pickup_codes(c, group, pickup_day)?
        .into_iter()
        .map(|p| (p.member_id, p.code))
        .collect();
    let mut baskets: BTreeMap<MemberId, Basket> = BTreeMap::new();
    let mut products = Vec::with_capacity(deals.len());
    for (deal, product_name, emoji) in deals {
        let orders: Vec<(Order, String)> = c
            .prepare_cached(DAY_SHEET_ORDERS)?
            .query_map([deal.id], |r| Ok((rows::order_row(r)?, r.get(12)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut who: BTreeMap<MemberId, PickLine> = BTreeMap::new();
        for (o, name) in orders {
            let Some(state) = LineState::of(o.state) else {
                continue;
            };
            let allocated = o.allocated.unwrap_or(o.qty);
            let code = codes.get(&o.member_id).cloned();
            who.entry(o.member_id)
                .or_insert_with(|| PickLine {
                    member_id: o.member_id,
                    name: name.clone(),
                    code: code.clone(),
                    qty: 0,
                })
                .qty += allocated;
            let basket = baskets.entry(o.member_id).or_insert_with(|| Basket {
                member_id: o.member_id,
                name,
                code,
                lines: Vec::new(),
                total: Fen::ZERO,
            });
            basket.total += o.amount();
            basket.lines.push(BasketLine {
                order_id: o.id,
                deal_id: deal.id,
                product_name: product_name.clone(),
                emoji: emoji.clone(),
                unit: deal.unit.clone(),
                ordered: o.qty,
                allocated,
                unit_price: o.unit_price,
                amount: o.amount(),
                state,
            });
        }
        let mut who: Vec<PickLine> = who.into_values().filter(|p| p.qty > 0).collect();
        who.sort_by(|a, b| (&a.name, a.member_id).cmp(&(&b.name, b.member_id)));
        products.push(ProductPick {
            deal_id: deal.id,
            product_id: deal.product_id,
            product_name,
            emoji,
            unit: deal.unit,
            total: who.iter().map(|p| p.qty).sum(),
            who,
        });
    }
    let mut baskets: Vec<Basket> = baskets.into_values().collect();
    baskets.sort_by(|a, b| (&a.name, a.member_id).cmp(&(&b.name, b.member_id)));
    Ok(DaySheet {
        pickup_day,
        baskets,
        products,
    })
}

/// Members of `group` whose display name contains `query` (ignoring case, so "tom" finds
/// "Tom Baker"), with their code for `pickup_day` and what is ready for them that day;
/// by name, then member id. A blank query finds no one.
pub fn desk_lookup_by_name(
    c: &Connection,
    group: GroupId,
    pickup_day: NaiveDate,
    query: &str,
) -> Result<Vec<DeskEntry>> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let sheet = day_sheet(c, group, pickup_day)?;
    let codes: BTreeMap<MemberId, String> = rows::pickup_codes(c, group, pickup_day)?
        .into_iter()
        .map(|p| (p.member_id, p.code))
        .collect();
    let mut found: Vec<DeskEntry> = rows::members(c, group)?
        .into_iter()
        .filter(|m| m.display_name.to_lowercase().contains(&query))
        .map(|member| DeskEntry {
            code: codes.get(&member.id).cloned(),
            ready: ready_lines(&sheet, member.id),
            member,
        })
        .collect();
    found.sort_by(|a, b| {
        (&a.member.display_name, a.member.id).cmp(&(&b.member.display_name, b.member.id))
    });
    Ok(found)
}

/// Members with goods ready and not yet picked up on `pickup_day` (the still-unclaimed
/// list), by name then member id.
pub fn waiting_at_desk(
    c: &Connection,
    group: GroupId,
    pickup_day: NaiveDate,
) -> Result<Vec<DeskEntry>> {
    waiting_in(c, &day_sheet(c, group, pickup_day)?)
}

/// [`waiting_at_desk`] from a day sheet already read (the desk reads it once for this and
/// for the pickup slips).
pub fn waiting_in(c: &Connection, sheet: &DaySheet) -> Result<Vec<DeskEntry>> {
    let mut out = Vec::new();
    for b in &sheet.baskets {
        // A basket is one member's (not `ready_lines`, which searches every basket).
        let ready: Vec<BasketLine> = b
            .lines
            .iter()
            .filter(|l| l.state == LineState::Ready)
            .cloned()
            .collect();
        if ready.is_empty() {
            continue;
        }
        let member = rows::member(c, b.member_id)?.ok_or(StoreError::NotFound("member"))?;
        out.push(DeskEntry {
            member,
            code: b.code.clone(),
            ready,
        });
    }
    Ok(out)
}

fn ready_lines(sheet: &DaySheet, member: MemberId) -> Vec<BasketLine> {
    sheet
        .baskets
        .iter()
        .filter(|b| b.member_id == member)
        .flat_map(|b| b.lines.iter())
        .filter(|l| l.state == LineState::Ready)
        .cloned()
        .collect()
}

/// What recording `arrived` units for the formed `deal` would do (the arrival rule run
/// on the current orders, nothing written): who gets less, and each one's refund.
pub fn arrival_preview(c: &Connection, deal: DealId, arrived: u32) -> Result<ArrivalPreview> {
    let d = rows::deal(c, deal)?.ok_or(StoreError::NotFound("deal"))?;
    let orders = rows::orders_of_deal(c, deal)?;
    let entries = ops::ledger_of_orders(c, &orders)?;
    let a = arrival::record(&d, &orders, &entries, arrived, d.created_at)?;
    let ordered: u32 = a.orders.iter().map(|o| o.qty).sum();
    let given: u32 = a.orders.iter().map(|o| o.allocated.unwrap_or(0)).sum();
    let mut short: BTreeMap<MemberId, ShortFall> = BTreeMap::new();
    for o in &a.orders {
        let s = short.entry(o.member_id).or_insert_with(|| ShortFall {
            member_id: o.member_id,
            name: String::new(),
            ordered: 0,
            gets: 0,
            refund: Fen::ZERO,
        });
        s.ordered += o.qty;
        s.gets += o.allocated.unwrap_or(0);
    }
    for r in &a.refunds {
        if let Some(s) = short.get_mut(&r.member_id) {
            s.refund += r.amount;
        }
    }
    let mut short: Vec<ShortFall> = short.into_values().filter(|s| s.gets < s.ordered).collect();
    for s in &mut short {
        s.name = rows::member(c, s.member_id)?
            .map(|m| m.display_name)
            .unwrap_or_default();
    }
    short.sort_by(|a, b| (&a.name, a.member_id).cmp(&(&b.name, b.member_id)));
    Ok(ArrivalPreview {
        refund_total: a.refunds.iter().map(|r| r.amount).sum(),
        deal: d,
        arrived,
        ordered,
        given,
        spare: arrived.saturating_sub(given),
        short,
    })
}

/// What needs doing at `now` (`today` is the organiser's local date, which the clock
/// alone can't say): deals closing within two hours, arrivals to record (pickup tomorrow
/// or earlier), members whose goods wait, open help requests and complaints.
pub fn needs_doing(
    c: &Connection,
    group: GroupId,
    now: Timestamp,
    today: NaiveDate,
) -> rusqlite::Result<NeedsDoing> {
    let closing_soon = rows::deals_due(c, group, now + Duration::hours(2))?;
    let tomorrow = today.succ_opt().unwrap_or(today);
    let arrivals_to_record = c
        .prepare_cached(ARRIVALS_TO_RECORD)?
        .query_map(params![group, day(tomorrow)], rows::deal_row)?
        .collect::<rusqlite::Result<_>>()?;
    let pickups_waiting = c
        .prepare_cached(PICKUPS_WAITING)?
        .query_row(params![group, day(today)], |r| r.get(0))?;
    let help_requests = c
        .prepare_cached(HELP_REQUESTS_OPEN)?
        .query_row([group], |r| r.get(0))?;
    let complaints_open = c
        .prepare_cached(COMPLAINTS_OPEN)?
        .query_row([group], |r| r.get(0))?;
    Ok(NeedsDoing {
        closing_soon,
        arrivals_to_record,
        pickups_waiting,
        help_requests,
        complaints_open,
    })
}

/// The deals of the most recent day before today on which the organiser published any
/// (yesterday's, or her last publishing day), oldest first, for "copy yesterday's deals".
/// `start_of_today` is her local midnight; days are counted back from it in 24 hours.
/// Every state is included (a failed deal may be worth trying again).
pub fn yesterdays_deals(
    c: &Connection,
    group: GroupId,
    start_of_today: Timestamp,
) -> rusqlite::Result<Vec<Deal>> {
    let last: Option<i64> = c
        .prepare_cached(LAST_PUBLISHED)?
        .query_row(params![group, ms(start_of_today)], |r| r.get(0))?;
    let Some(last) = last else {
        return Ok(Vec::new());
    };
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let end = ms(start_of_today);
    let days_back = (end - last + DAY_MS - 1) / DAY_MS;
    let from = end - days_back * DAY_MS;
    c.prepare_cached(PUBLISHED_BETWEEN)?
        .query_map(params![group, from, from + DAY_MS], rows::deal_row)?
        .collect()
}

impl Store {
    /// See [`deal_progress`].
    pub fn deal_progress(&self, group: GroupId) -> Result<Vec<DealProgress>> {
        Ok(deal_progress(self.conn(), group)?)
    }

    /// See [`day_sheet`].
    pub fn day_sheet(&self, group: GroupId, pickup_day: NaiveDate) -> Result<DaySheet> {
        day_sheet(self.conn(), group, pickup_day)
    }

    /// See [`desk_lookup_by_name`].
    pub fn desk_lookup_by_name(
        &self,
        group: GroupId,
        pickup_day: NaiveDate,
        query: &str,
    ) -> Result<Vec<DeskEntry>> {
        desk_lookup_by_name(self.conn(), group, pickup_day, query)
    }

    /// See [`waiting_at_desk`].
    pub fn waiting_at_desk(&self, group: GroupId, pickup_day: NaiveDate) -> Result<Vec<DeskEntry>> {
        waiting_at_desk(self.conn(), group, pickup_day)
    }

    /// See [`waiting_in`].
    pub fn waiting_in(&self, sheet: &DaySheet) -> Result<Vec<DeskEntry>> {
        waiting_in(self.conn(), sheet)
    }

    /// See [`arrival_preview`].
    pub fn arrival_preview(&self, deal: DealId, arrived: u32) -> Result<ArrivalPreview> {
        arrival_preview(self.conn(), deal, arrived)
    }

    /// See [`needs_doing`].
    pub fn needs_doing(
        &self,
        group: GroupId,
        now: Timestamp,
        today: NaiveDate,
    ) -> Result<NeedsDoing> {
        Ok(needs_doing(self.conn(), group, now, today)?)
    }

    /// See [`yesterdays_deals`].
    pub fn yesterdays_deals(&self, group: GroupId, start_of_today: Timestamp) -> Result<Vec<Deal>> {
        Ok(yesterdays_deals(self.conn(), group, start_of_today)?)
    }
}
