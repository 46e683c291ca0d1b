//! Writing and reading each domain type. Writes are upserts keyed by id, so replaying a
//! change from the hub is harmless. All functions take a `&Connection` so callers can
//! group them in one transaction.

use super::codec::*;
use crate::model::*;
use crate::money::Fen;
use rusqlite::types::FromSql;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

// ---------------------------------------------------------------- groups, members, products

pub fn put_group(c: &Connection, g: &Group) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO groups (id, name, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name",
    )?
    .execute(params![g.id, g.name, ms(g.created_at)])?;
    Ok(())
}

pub fn group(c: &Connection, id: GroupId) -> rusqlite::Result<Option<Group>> {
    c.prepare_cached("SELECT id, name, created_at FROM groups WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Group {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: from_ms(r.get(2)?)?,
            })
        })
        .optional()
}

pub fn put_member(c: &Connection, m: &Member) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO members (id, group_id, display_name, role, joined_at, expert, coordinator, left_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
             expert = excluded.expert, coordinator = excluded.coordinator, left_at = excluded.left_at",
    )?
    .execute(params![
        m.id,
        m.group_id,
        m.display_name,
        name(&m.role),
        ms(m.joined_at),
        m.expert,
        m.coordinator,
        m.left_at.map(ms)
    ])?;
    Ok(())
}

pub(crate) const MEMBER: &str =
    "SELECT id, group_id, display_name, role, joined_at, expert, coordinator, left_at FROM members";

pub(crate) fn member_row(r: &Row) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(0)?,
        group_id: r.get(1)?,
        display_name: r.get(2)?,
        role: from_name(r.get(3)?)?,
        joined_at: from_ms(r.get(4)?)?,
        expert: r.get(5)?,
        coordinator: r.get(6)?,
        left_at: r.get::<_, Option<i64>>(7)?.map(from_ms).transpose()?,
    })
}

pub fn member(c: &Connection, id: MemberId) -> rusqlite::Result<Option<Member>> {
    c.prepare_cached(&format!("{MEMBER} WHERE id = ?1"))?
        .query_row([id], member_row)
        .optional()
}

/// Members of a group by name.
pub fn members(c: &Connection, g: GroupId) -> rusqlite::Result<Vec<Member>> {
    c.prepare_cached(&format!(
        "{MEMBER} WHERE group_id = ?1 ORDER BY display_name"
    ))?
    .query_map([g], member_row)?
    .collect()
}

pub fn put_product(c: &Connection, p: &Product) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO products (id, group_id, name, emoji, unit, shop_price_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, emoji = excluded.emoji, unit = excluded.unit,
             shop_price_fen = excluded.shop_price_fen",
    )?
    .execute(params![p.id, p.group_id, p.name, p.emoji, p.unit, p.shop_price.map(|f| f.0)])?;
    Ok(())
}

const PRODUCT: &str = "SELECT id, group_id, name, emoji, unit, shop_price_fen FROM products";

fn product_row(r: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        group_id: r.get(1)?,
        name: r.get(2)?,
        emoji: r.get(3)?,
        unit: r.get(4)?,
        shop_price: r.get::<_, Option<i64>>(5)?.map(Fen),
    })
}

pub fn product(c: &Connection, id: ProductId) -> rusqlite::Result<Option<Product>> {
    c.prepare_cached(&format!("{PRODUCT} WHERE id = ?1"))?
        .query_row([id], product_row)
        .optional()
}

/// Products of a group by name.
pub fn products(c: &Connection, g: GroupId) -> rusqlite::Result<Vec<Product>> {
    c.prepare_cached(&format!("{PRODUCT} WHERE group_id = ?1 ORDER BY name"))?
        .query_map([g], product_row)?
        .collect()
}

// ---------------------------------------------------------------- deals

pub fn put_deal(c: &Connection, d: &Deal) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO deals (id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
                            cutoff, pickup_day, pickup_place, state, arrived_qty, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT(id) DO UPDATE SET price_fen = excluded.price_fen, unit = excluded.unit,
             stock = excluded.stock, min_total = excluded.min_total,
             per_member_limit = excluded.per_member_limit, cutoff = excluded.cutoff,
             pickup_day = excluded.pickup_day, pickup_place = excluded.pickup_place,
             state = excluded.state, arrived_qty = excluded.arrived_qty",
    )?
    .execute(params![
        d.id, d.group_id, d.product_id, d.price.0, d.unit, d.stock, d.min_total, d.per_member_limit,
        ms(d.cutoff), day(d.pickup_day), d.pickup_place, name(&d.state), d.arrived_qty, ms(d.created_at)
    ])?;
    Ok(())
}

pub(crate) const DEAL: &str = "SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
                           cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals";

pub(crate) fn deal_row(r: &Row) -> rusqlite::Result<Deal> {
    Ok(Deal {
        id: r.get(0)?,
        group_id: r.get(1)?,
        product_id: r.get(2)?,
        price: Fen(r.get(3)?),
        unit: r.get(4)?,
        stock: r.get(5)?,
        min_total: r.get(6)?,
        per_member_limit: r.get(7)?,
        cutoff: from_ms(r.get(8)?)?,
        pickup_day: parse_day(r.get(9)?)?,
        pickup_place: r.get(10)?,
        state: from_name(r.get(11)?)?,
        arrived_qty: r.get(12)?,
        created_at: from_ms(r.get(13)?)?,
    })
}

pub fn deal(c: &Connection, id: DealId) -> rusqlite::Result<Option<Deal>> {
    c.prepare_cached(&format!("{DEAL} WHERE id = ?1"))?
        .query_row([id], deal_row)
        .optional()
}

/// Deals of a group in one state, soonest cutoff first.
pub fn deals_in_state(c: &Connection, g: GroupId, state: DealState) -> rusqlite::Result<Vec<Deal>> {
    c.prepare_cached(&format!(
        "{DEAL} WHERE group_id = ?1 AND state = ?2 ORDER BY cutoff"
    ))?
    .query_map(params![g, name(&state)], deal_row)?
    .collect()
}

/// Open deals whose cutoff has passed at `now` (ready to close).
pub fn deals_due(c: &Connection, g: GroupId, now: Timestamp) -> rusqlite::Result<Vec<Deal>> {
    c.prepare_cached(&format!(
        "{DEAL} WHERE group_id = ?1 AND state = 'open' AND cutoff <= ?2 ORDER BY cutoff"
    ))?
    .query_map(params![g, ms(now)], deal_row)?
    .collect()
}

/// A product's deals with a pickup day before `before`, oldest first (forecast history).
pub fn deals_of_product(
    c: &Connection,
    p: ProductId,
    before: chrono::NaiveDate,
) -> rusqlite::Result<Vec<Deal>> {
    c.prepare_cached(&format!(
        "{DEAL} WHERE product_id = ?1 AND pickup_day < ?2 ORDER BY pickup_day, cutoff"
    ))?
    .query_map(params![p, day(before)], deal_row)?
    .collect()
}

// ---------------------------------------------------------------- orders

/// Writes an order; `d` is its deal (for the copied product and pickup day).
pub fn put_order(c: &Connection, o: &Order, d: &Deal) -> rusqlite::Result<()> {
    put_order_of(c, o, d.product_id, d.pickup_day)
}

/// Writes an order with its deal's product and pickup day given directly (a synced order
/// may arrive before its deal).
pub fn put_order_of(
    c: &Connection,
    o: &Order,
    product: ProductId,
    pickup_day: chrono::NaiveDate,
) -> rusqlite::Result<()> {
    let (state, reason) = tagged(&o.state, "state", "reason");
    c.prepare_cached(
        "INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated, unit_price_fen,
                             state, reason, queued_at, placed_at, updated_at, entered_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT(id) DO UPDATE SET qty = excluded.qty, allocated = excluded.allocated,
             unit_price_fen = excluded.unit_price_fen, state = excluded.state, reason = excluded.reason,
             queued_at = excluded.queued_at, updated_at = excluded.updated_at,
             entered_by = excluded.entered_by",
    )?
    .execute(params![
        o.id, o.deal_id, o.member_id, product, day(pickup_day), o.qty, o.allocated, o.unit_price.0,
        state, reason, ms(o.queued_at), ms(o.placed_at), ms(o.updated_at), o.entered_by
    ])?;
    Ok(())
}

pub(crate) const ORDER: &str =
    "SELECT id, deal_id, member_id, qty, allocated, unit_price_fen, state, reason,
                            queued_at, placed_at, updated_at, entered_by FROM orders";

pub(crate) fn order_row(r: &Row) -> rusqlite::Result<Order> {
    Ok(Order {
        id: r.get(0)?,
        deal_id: r.get(1)?,
        member_id: r.get(2)?,
        qty: r.get(3)?,
        allocated: r.get(4)?,
        unit_price: Fen(r.get(5)?),
        state: untagged("state", "reason", r.get(6)?, r.get(7)?)?,
        queued_at: from_ms(r.get(8)?)?,
        placed_at: from_ms(r.get(9)?)?,
        updated_at: from_ms(r.get(10)?)?,
        entered_by: r.get(11)?,
    })
}

pub fn order(c: &Connection, id: OrderId) -> rusqlite::Result<Option<Order>> {
    c.prepare_cached(&format!("{ORDER} WHERE id = ?1"))?
        .query_row([id], order_row)
        .optional()
}

/// All orders of a deal, in line order.
pub fn orders_of_deal(c: &Connection, d: DealId) -> rusqlite::Result<Vec<Order>> {
    c.prepare_cached(&format!(
        "{ORDER} WHERE deal_id = ?1 ORDER BY queued_at, id"
    ))?
    .query_map([d], order_row)?
    .collect()
}

/// A member's orders, newest first.
pub fn orders_of_member(c: &Connection, m: MemberId, limit: u32) -> rusqlite::Result<Vec<Order>> {
    c.prepare_cached(&format!(
        "{ORDER} WHERE member_id = ?1 ORDER BY placed_at DESC LIMIT ?2"
    ))?
    .query_map(params![m, limit], order_row)?
    .collect()
}

/// A member's orders for a pickup day that are ready to collect.
pub fn ready_orders(
    c: &Connection,
    m: MemberId,
    pickup_day: chrono::NaiveDate,
) -> rusqlite::Result<Vec<Order>> {
    c.prepare_cached(&format!(
        "{ORDER} WHERE member_id = ?1 AND pickup_day = ?2 AND state = 'ready' ORDER BY placed_at"
    ))?
    .query_map(params![m, day(pickup_day)], order_row)?
    .collect()
}

/// [`tally`]: `?1` deal, `?2` member, `?3` the order to leave out (or NULL).
pub const TALLY: &str = "\
SELECT COALESCE((SELECT qty FROM deal_taken WHERE deal_id = ?1), 0)
         - COALESCE((SELECT qty FROM orders WHERE id = ?3 AND deal_id = ?1
                       AND state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')), 0),
       COALESCE(SUM(qty), 0)
         - COALESCE((SELECT qty FROM orders WHERE id = ?3 AND deal_id = ?1 AND member_id = ?2
                       AND state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')), 0)
FROM orders INDEXED BY orders_deal
WHERE deal_id = ?1 AND member_id = ?2
  AND state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')";

/// Active units on a deal, in total and of one member (the stock and limit rule's input),
/// leaving out the order `except`. The total is read from `deal_taken` (kept by triggers,
/// schema 5), the member's units from `orders_deal` (deal, state, member): neither grows
/// with the deal.
pub fn tally(
    c: &Connection,
    d: DealId,
    m: MemberId,
    except: Option<OrderId>,
) -> rusqlite::Result<crate::rules::orders::Tally> {
    c.prepare_cached(TALLY)?
        .query_row(params![d, m, except], |r| {
            Ok(crate::rules::orders::Tally {
                total: r.get(0)?,
                member: r.get(1)?,
            })
        })
}

/// Units sold on a deal as the hub publishes them: active orders counted by their
/// allocated units once arrival set them, else by their ordered units (`deal_taken.sold`).
pub fn sold(c: &Connection, d: DealId) -> rusqlite::Result<u32> {
    Ok(
        c.prepare_cached("SELECT sold FROM deal_taken WHERE deal_id = ?1")?
            .query_row([d], |r| r.get(0))
            .optional()?
            .unwrap_or(0),
    )
}

/// Deals whose `deal_taken` row disagrees with their active orders summed afresh (a
/// missing row counts as zero); 0 when the triggers kept it exact.
pub const TAKEN_MISMATCHES: &str = "\
WITH raw AS (
    SELECT deal_id, SUM(qty) AS qty, SUM(COALESCE(allocated, qty)) AS sold FROM orders
    WHERE state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed') GROUP BY deal_id),
kept AS (SELECT deal_id, qty, sold FROM deal_taken)
SELECT COUNT(*) FROM (
    SELECT deal_id FROM raw LEFT JOIN kept USING (deal_id)
    WHERE kept.qty IS NOT raw.qty OR kept.sold IS NOT raw.sold
    UNION ALL
    SELECT deal_id FROM kept WHERE (qty != 0 OR sold != 0)
      AND deal_id NOT IN (SELECT deal_id FROM raw))";

/// See [`TAKEN_MISMATCHES`].
pub fn taken_mismatches(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row(TAKEN_MISMATCHES, [], |r| r.get(0))
}

// ---------------------------------------------------------------- pickup codes

pub fn put_pickup_code(c: &Connection, p: &PickupCode) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO pickup_codes (group_id, pickup_day, member_id, code) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(group_id, pickup_day, member_id) DO UPDATE SET code = excluded.code",
    )?
    .execute(params![p.group_id, day(p.pickup_day), p.member_id, p.code])?;
    Ok(())
}

/// Every code of a group for one pickup day.
pub fn pickup_codes(
    c: &Connection,
    g: GroupId,
    d: chrono::NaiveDate,
) -> rusqlite::Result<Vec<PickupCode>> {
    c.prepare_cached(
        "SELECT member_id, code FROM pickup_codes WHERE group_id = ?1 AND pickup_day = ?2",
    )?
    .query_map(params![g, day(d)], |r| {
        Ok(PickupCode {
            group_id: g,
            member_id: r.get(0)?,
            pickup_day: d,
            code: r.get(1)?,
        })
    })?
    .collect()
}

// ---------------------------------------------------------------- ledger and stock

pub fn put_ledger_entry(c: &Connection, e: &LedgerEntry) -> rusqlite::Result<()> {
    let (kind, reason) = tagged(&e.kind, "kind", "reason");
    c.prepare_cached(
        "INSERT INTO ledger (id, member_id, kind, reason, amount_fen, order_id, complaint_id, at, method)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING",
    )?
    .execute(params![
        e.id,
        e.member_id,
        kind,
        reason,
        e.amount.0,
        e.order_id,
        e.complaint_id,
        ms(e.at),
        e.method.as_ref().map(name),
    ])?;
    Ok(())
}

const LEDGER: &str = "SELECT id, member_id, kind, reason, amount_fen, order_id, complaint_id, at, method FROM ledger";

pub(crate) fn ledger_row(r: &Row) -> rusqlite::Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: r.get(0)?,
        member_id: r.get(1)?,
        kind: untagged("kind", "reason", r.get(2)?, r.get(3)?)?,
        amount: Fen(r.get(4)?),
        order_id: r.get(5)?,
        complaint_id: r.get(6)?,
        at: from_ms(r.get(7)?)?,
        method: r.get::<_, Option<String>>(8)?.map(from_name).transpose()?,
    })
}

/// A member's ledger, oldest first.
pub fn ledger_of_member(c: &Connection, m: MemberId) -> rusqlite::Result<Vec<LedgerEntry>> {
    c.prepare_cached(&format!("{LEDGER} WHERE member_id = ?1 ORDER BY at, id"))?
        .query_map([m], ledger_row)?
        .collect()
}

/// The ledger lines of one order.
pub fn ledger_of_order(c: &Connection, o: OrderId) -> rusqlite::Result<Vec<LedgerEntry>> {
    c.prepare_cached(&format!("{LEDGER} WHERE order_id = ?1 ORDER BY at, id"))?
        .query_map([o], ledger_row)?
        .collect()
}

pub fn put_movement(c: &Connection, m: &StockMovement) -> rusqlite::Result<()> {
    let (kind, reason) = tagged(&m.kind, "kind", "reason");
    c.prepare_cached(
        "INSERT INTO stock_movements (id, product_id, deal_id, kind, reason, qty, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING",
    )?
    .execute(params![
        m.id,
        m.product_id,
        m.deal_id,
        kind,
        reason,
        m.qty,
        m.note,
        ms(m.at)
    ])?;
    Ok(())
}

/// A product's movements, oldest first.
pub fn movements_of_product(c: &Connection, p: ProductId) -> rusqlite::Result<Vec<StockMovement>> {
    c.prepare_cached(
        "SELECT id, product_id, deal_id, kind, reason, qty, note, at FROM stock_movements
         WHERE product_id = ?1 ORDER BY at, id",
    )?
    .query_map([p], movement_row)?
    .collect()
}

/// A movement from columns 0–7: id, product_id, deal_id, kind, reason, qty, note, at.
pub(crate) fn movement_row(r: &Row) -> rusqlite::Result<StockMovement> {
    Ok(StockMovement {
        id: r.get(0)?,
        product_id: r.get(1)?,
        deal_id: r.get(2)?,
        kind: untagged("kind", "reason", r.get(3)?, r.get(4)?)?,
        qty: r.get(5)?,
        note: r.get(6)?,
        at: from_ms(r.get(7)?)?,
    })
}

// ---------------------------------------------------------------- after-sales and community

/// Writes a complaint; an existing one (same id) takes the given copy's answer, kind and
/// words (the hub's copy is the true one; the rules never change a filed complaint except
/// to answer it once).
pub fn put_complaint(c: &Connection, x: &Complaint) -> rusqlite::Result<()> {
    let resolution = x
        .resolution
        .as_ref()
        .map(|r| serde_json::to_string(r).expect("serializes"));
    c.prepare_cached(
        "INSERT INTO complaints (id, member_id, order_id, kind, text, resolution, created_at, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, text = excluded.text,
             resolution = excluded.resolution, created_at = excluded.created_at,
             resolved_at = excluded.resolved_at",
    )?
    .execute(params![x.id, x.member_id, x.order_id, name(&x.kind), x.text, resolution, ms(x.created_at), x.resolved_at.map(ms)])?;
    Ok(())
}

/// A complaint's columns, as [`complaint_row`] reads them from position `at` on.
pub(crate) const COMPLAINT: &str =
    "SELECT x.id, x.member_id, x.order_id, x.kind, x.text, x.resolution,
    x.created_at, x.resolved_at FROM complaints x";

/// Reads a complaint from columns `at`..`at + 8` (the order of [`COMPLAINT`]).
pub(crate) fn complaint_row(r: &Row, at: usize) -> rusqlite::Result<Complaint> {
    let res: Option<String> = r.get(at + 5)?;
    Ok(Complaint {
        id: r.get(at)?,
        member_id: r.get(at + 1)?,
        order_id: r.get(at + 2)?,
        kind: from_name(r.get(at + 3)?)?,
        text: r.get(at + 4)?,
        resolution: res
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    at + 5,
                    rusqlite::types::Type::Text,
                    e.into(),
                )
            })?,
        created_at: from_ms(r.get(at + 6)?)?,
        resolved_at: r.get::<_, Option<i64>>(at + 7)?.map(from_ms).transpose()?,
    })
}

pub fn complaint(c: &Connection, id: ComplaintId) -> rusqlite::Result<Option<Complaint>> {
    c.prepare_cached(&format!("{COMPLAINT} WHERE x.id = ?1"))?
        .query_row([id], |r| complaint_row(r, 0))
        .optional()
}

/// A member's complaints, oldest first.
pub fn complaints_by(c: &Connection, m: MemberId) -> rusqlite::Result<Vec<Complaint>> {
    c.prepare_cached(&format!(
        "{COMPLAINT} WHERE x.member_id = ?1 ORDER BY x.created_at"
    ))?
    .query_map([m], |r| complaint_row(r, 0))?
    .collect()
}

/// Removes a complaint the hub refused (it never existed there).
pub fn delete_open_complaint(c: &Connection, id: ComplaintId) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM complaints WHERE id = ?1 AND resolution IS NULL")?
        .execute([id])?;
    Ok(())
}

// Notices and tips are the same shape: a titled text by a member of the group.

fn put_post(
    c: &Connection,
    table: &str,
    v: (&dyn ToSql, GroupId, MemberId, &str, &str, Timestamp),
) -> rusqlite::Result<()> {
    c.prepare_cached(&format!(
        "INSERT INTO {table} (id, group_id, author_id, title, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body"
    ))?
    .execute(params![v.0, v.1, v.2, v.3, v.4, ms(v.5)])?;
    Ok(())
}

/// The newest rows of `table` for a group, built by `make` from
/// (id, group, author, title, body, created).
fn posts<I: FromSql, T>(
    c: &Connection,
    table: &str,
    g: GroupId,
    limit: u32,
    make: fn(I, GroupId, MemberId, String, String, Timestamp) -> T,
) -> rusqlite::Result<Vec<T>> {
    c.prepare_cached(&format!(
        "SELECT id, group_id, author_id, title, body, created_at FROM {table}
         WHERE group_id = ?1 ORDER BY created_at DESC LIMIT ?2"
    ))?
    .query_map(params![g, limit], |r| {
        Ok(make(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            from_ms(r.get(5)?)?,
        ))
    })?
    .collect()
}

pub fn put_notice(c: &Connection, n: &Notice) -> rusqlite::Result<()> {
    put_post(
        c,
        "notices",
        (
            &n.id,
            n.group_id,
            n.author_id,
            &n.title,
            &n.body,
            n.created_at,
        ),
    )
}

/// The newest notices of a group.
pub fn notices(c: &Connection, g: GroupId, limit: u32) -> rusqlite::Result<Vec<Notice>> {
    posts(
        c,
        "notices",
        g,
        limit,
        |id, group_id, author_id, title, body, created_at| Notice {
            id,
            group_id,
            author_id,
            title,
            body,
            created_at,
        },
    )
}

pub fn put_tip(c: &Connection, t: &Tip) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO tips (id, group_id, author_id, product_id, title, body, approved, created_at,
                           withdrawn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET product_id = excluded.product_id, title = excluded.title,
             body = excluded.body, approved = excluded.approved, withdrawn = excluded.withdrawn",
    )?
    .execute(params![
        t.id,
        t.group_id,
        t.author_id,
        t.product_id,
        t.title,
        t.body,
        t.approved,
        ms(t.created_at),
        t.withdrawn
    ])?;
    Ok(())
}

const TIP: &str =
    "SELECT id, group_id, author_id, product_id, title, body, approved, created_at, withdrawn
     FROM tips";

fn tip_row(r: &Row) -> rusqlite::Result<Tip> {
    Ok(Tip {
        id: r.get(0)?,
        group_id: r.get(1)?,
        author_id: r.get(2)?,
        product_id: r.get(3)?,
        title: r.get(4)?,
        body: r.get(5)?,
        approved: r.get(6)?,
        created_at: from_ms(r.get(7)?)?,
        withdrawn: r.get(8)?,
    })
}

pub fn tip(c: &Connection, id: TipId) -> rusqlite::Result<Option<Tip>> {
    c.prepare_cached(&format!("{TIP} WHERE id = ?1"))?
        .query_row([id], tip_row)
        .optional()
}

/// The newest tips of a group, approved or waiting (the organiser's view).
pub fn tips(c: &Connection, g: GroupId, limit: u32) -> rusqlite::Result<Vec<Tip>> {
    c.prepare_cached(&format!(
        "{TIP} WHERE group_id = ?1 ORDER BY created_at DESC LIMIT ?2"
    ))?
    .query_map(params![g, limit], tip_row)?
    .collect()
}

/// Tips by one author, newest first.
pub fn tips_by(c: &Connection, author: MemberId) -> rusqlite::Result<Vec<Tip>> {
    c.prepare_cached(&format!(
        "{TIP} WHERE author_id = ?1 ORDER BY created_at DESC"
    ))?
    .query_map([author], tip_row)?
    .collect()
}

pub fn put_suggestion(c: &Connection, s: &Suggestion) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO suggestions (id, group_id, author_id, topic, body, state, response, deal_id,
                                  created_at, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET topic = excluded.topic, body = excluded.body,
             state = excluded.state, response = excluded.response, deal_id = excluded.deal_id,
             answered_at = excluded.answered_at",
    )?
    .execute(params![
        s.id,
        s.group_id,
        s.author_id,
        name(&s.topic),
        s.body,
        name(&s.state),
        s.response,
        s.deal_id,
        ms(s.created_at),
        s.answered_at.map(ms)
    ])?;
    Ok(())
}

const SUGGESTION: &str = "SELECT id, group_id, author_id, topic, body, state, response, deal_id,
                                 created_at, answered_at FROM suggestions";

fn suggestion_row(r: &Row) -> rusqlite::Result<Suggestion> {
    Ok(Suggestion {
        id: r.get(0)?,
        group_id: r.get(1)?,
        author_id: r.get(2)?,
        topic: from_name(r.get(3)?)?,
        body: r.get(4)?,
        state: from_name(r.get(5)?)?,
        response: r.get(6)?,
        deal_id: r.get(7)?,
        created_at: from_ms(r.get(8)?)?,
        answered_at: r.get::<_, Option<i64>>(9)?.map(from_ms).transpose()?,
    })
}

pub fn suggestion(c: &Connection, id: SuggestionId) -> rusqlite::Result<Option<Suggestion>> {
    c.prepare_cached(&format!("{SUGGESTION} WHERE id = ?1"))?
        .query_row([id], suggestion_row)
        .optional()
}

/// The newest suggestions of a group.
pub fn suggestions(c: &Connection, g: GroupId, limit: u32) -> rusqlite::Result<Vec<Suggestion>> {
    c.prepare_cached(&format!(
        "{SUGGESTION} WHERE group_id = ?1 ORDER BY created_at DESC LIMIT ?2"
    ))?
    .query_map(params![g, limit], suggestion_row)?
    .collect()
}

/// Suggestions by one author, newest first.
pub fn suggestions_by(c: &Connection, author: MemberId) -> rusqlite::Result<Vec<Suggestion>> {
    c.prepare_cached(&format!(
        "{SUGGESTION} WHERE author_id = ?1 ORDER BY created_at DESC"
    ))?
    .query_map([author], suggestion_row)?
    .collect()
}

pub fn put_help_request(c: &Connection, h: &HelpRequest) -> rusqlite::Result<()> {
    let (state, volunteer) = match h.state {
        HelpState::Open => ("open", None),
        HelpState::Claimed(v) => ("claimed", Some(v)),
        HelpState::Done(v) => ("done", Some(v)),
    };
    c.prepare_cached(
        "INSERT INTO help_requests (id, group_id, member_id, note, state, volunteer_id, created_at,
                                    updated_at, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET note = excluded.note, state = excluded.state,
             volunteer_id = excluded.volunteer_id, updated_at = excluded.updated_at, kind = excluded.kind",
    )?
    .execute(params![
        h.id,
        h.group_id,
        h.member_id,
        h.note,
        state,
        volunteer,
        ms(h.created_at),
        ms(h.updated_at),
        name(&h.kind)
    ])?;
    Ok(())
}

const HELP: &str =
    "SELECT id, group_id, member_id, note, state, volunteer_id, created_at, updated_at, kind
                    FROM help_requests";

fn help_row(r: &Row) -> rusqlite::Result<HelpRequest> {
    let v: Option<MemberId> = r.get(5)?;
    let state: String = r.get(4)?;
    Ok(HelpRequest {
        id: r.get(0)?,
        group_id: r.get(1)?,
        member_id: r.get(2)?,
        kind: from_name(r.get(8)?)?,
        note: r.get(3)?,
        state: match (state.as_str(), v) {
            ("claimed", Some(v)) => HelpState::Claimed(v),
            ("done", Some(v)) => HelpState::Done(v),
            _ => HelpState::Open,
        },
        created_at: from_ms(r.get(6)?)?,
        updated_at: from_ms(r.get(7)?)?,
    })
}

/// One help request.
pub fn help_request(c: &Connection, id: HelpRequestId) -> rusqlite::Result<Option<HelpRequest>> {
    c.prepare_cached(&format!("{HELP} WHERE id = ?1"))?
        .query_row([id], help_row)
        .optional()
}

/// Help requests of a group in one state name (`open`, `claimed`, `done`), oldest first.
pub fn help_requests(
    c: &Connection,
    g: GroupId,
    state: &str,
) -> rusqlite::Result<Vec<HelpRequest>> {
    c.prepare_cached(&format!(
        "{HELP} WHERE group_id = ?1 AND state = ?2 ORDER BY created_at"
    ))?
    .query_map(params![g, state], help_row)?
    .collect()
}

/// A member's help requests, newest first.
pub fn help_requests_of(c: &Connection, m: MemberId) -> rusqlite::Result<Vec<HelpRequest>> {
    c.prepare_cached(&format!(
        "{HELP} WHERE member_id = ?1 ORDER BY created_at DESC"
    ))?
    .query_map([m], help_row)?
    .collect()
}
