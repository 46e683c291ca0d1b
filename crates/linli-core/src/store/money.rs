//! Money and stock on the store: payments, balances (one member's, the whole group's,
//! who owes on a pickup day), what a member saved against the market, losses, and the
//! suggested quantity for a product's next deal. (Complaints: [`super::complaints`].)

use super::codec::day;
use super::{Result, Store, rows};
use crate::model::*;
use crate::money::Fen;
use crate::rules::{forecast, inventory, ledger};
use chrono::NaiveDate;
use rusqlite::params;

// A balance is the sum of the member's ledger ([`ledger::balance`]); the group-wide
// statements below sum it in SQL over the `ledger_member` index (a test checks they agree
// with the rule). Public for plan checks and benchmarks.

/// [`Store::balances`]: `?1` group. Every member (by name) with the sum of their ledger.
pub const BALANCES: &str = "\
SELECT m.id, m.group_id, m.display_name, m.role, m.joined_at, m.expert, m.coordinator, m.left_at,
    (SELECT COALESCE(SUM(l.amount_fen), 0) FROM ledger l WHERE l.member_id = m.id)
FROM members m WHERE m.group_id = ?1 ORDER BY m.display_name, m.id";

/// [`Store::owing_for_day`]: `?1` group, `?2` pickup day. Members with orders to collect
/// that day (confirmed or ready) whose balance is below zero, most owed first, with what
/// those orders cost.
pub const OWING_FOR_DAY: &str = "\
SELECT m.id, m.group_id, m.display_name, m.role, m.joined_at, m.expert, m.coordinator, m.left_at,
    t.balance, t.due FROM (
    SELECT o.member_id AS member_id,
        SUM(o.unit_price_fen * COALESCE(o.allocated, o.qty)) AS due,
        (SELECT COALESCE(SUM(l.amount_fen), 0) FROM ledger l WHERE l.member_id = o.member_id) AS balance
    FROM deals d INDEXED BY deals_pickup JOIN orders o ON o.deal_id = d.id
    WHERE d.pickup_day = ?2 AND d.state IN ('formed', 'arrived') AND d.group_id = ?1
      AND o.state IN ('confirmed', 'ready')
    GROUP BY o.member_id) t
JOIN members m ON m.id = t.member_id
WHERE t.balance < 0 ORDER BY t.balance, m.display_name, m.id";

/// [`Store::savings_of_member`]: `?1` member, `?2`…`?3` pickup days. Her sold orders
/// (confirmed, ready, picked up, unclaimed) whose product has a shop price, with it.
pub const SOLD_WITH_SHOP_PRICE: &str = "\
SELECT o.id, o.deal_id, o.member_id, o.qty, o.allocated, o.unit_price_fen, o.state, o.reason,
    o.queued_at, o.placed_at, o.updated_at, o.entered_by, p.shop_price_fen
FROM orders o JOIN products p ON p.id = o.product_id
WHERE o.member_id = ?1 AND o.pickup_day BETWEEN ?2 AND ?3
  AND o.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed') AND p.shop_price_fen IS NOT NULL";

/// Every statement of this module with its name, for plan checks.
pub const ALL: [(&str, &str); 3] = [
    ("balances", BALANCES),
    ("owing_for_day", OWING_FOR_DAY),
    ("sold_with_shop_price", SOLD_WITH_SHOP_PRICE),
];

/// A member and their balance (positive: credit; negative: they owe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberBalance {
    pub member: Member,
    pub balance: Fen,
}

/// A member who owes money and collects goods on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owing {
    pub member: Member,
    /// Below zero.
    pub balance: Fen,
    /// What the orders she collects that day cost (unit price × units she gets).
    pub due: Fen,
}

impl Store {
    /// Books cash or a transfer the organiser received.
    pub fn record_payment(
        &mut self,
        member: MemberId,
        amount: Fen,
        method: PaymentMethod,
        now: Timestamp,
    ) -> Result<LedgerEntry> {
        let e = ledger::payment(member, amount, method, now)?;
        rows::put_ledger_entry(self.conn(), &e)?;
        Ok(e)
    }

    /// A member's ledger, oldest first.
    pub fn ledger(&self, member: MemberId) -> Result<Vec<LedgerEntry>> {
        Ok(rows::ledger_of_member(self.conn(), member)?)
    }

    /// A member's balance: the sum of their ledger (positive: credit).
    pub fn balance(&self, member: MemberId) -> Result<Fen> {
        Ok(ledger::balance(&self.ledger(member)?))
    }

    /// Every member of the group with their balance (0 without ledger lines), by name.
    pub fn balances(&self, group: GroupId) -> Result<Vec<MemberBalance>> {
        let mut st = self.conn().prepare_cached(BALANCES)?;
        let out = st
            .query_map([group], |r| {
                Ok(MemberBalance {
                    member: rows::member_row(r)?,
                    balance: Fen(r.get(8)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Members who collect goods on `pickup_day` (orders confirmed or ready) and whose
    /// balance is below zero, most owed first (then by name).
    pub fn owing_for_day(&self, group: GroupId, pickup_day: NaiveDate) -> Result<Vec<Owing>> {
        let mut st = self.conn().prepare_cached(OWING_FOR_DAY)?;
        let out = st
            .query_map(params![group, day(pickup_day)], |r| {
                Ok(Owing {
                    member: rows::member_row(r)?,
                    balance: Fen(r.get(8)?),
                    due: Fen(r.get(9)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// What a member saved against the market on her sold orders with a pickup day from
    /// `from` to `to` (both included): the sum of [`ledger::saving`]. The product's
    /// *current* shop price is used (the organiser's word today, not kept per deal), so
    /// the figure changes if she corrects it; orders of products without one count 0.
    pub fn savings_of_member(
        &self,
        member: MemberId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Fen> {
        let mut st = self.conn().prepare_cached(SOLD_WITH_SHOP_PRICE)?;
        let total = st
            .query_map(params![member, day(from), day(to)], |r| {
                let o = rows::order_row(r)?;
                Ok(ledger::saving(&o, Some(Fen(r.get(12)?))))
            })?
            .sum::<rusqlite::Result<Fen>>()?;
        Ok(total)
    }

    /// Books a stock movement (a loss, an adjustment after counting).
    pub fn record_movement(&mut self, m: &StockMovement) -> Result<()> {
        Ok(rows::put_movement(self.conn(), m)?)
    }

    /// Units of a product on hand, from its movements.
    pub fn on_hand(&self, product: ProductId) -> Result<i64> {
        Ok(inventory::on_hand(&rows::movements_of_product(
            self.conn(),
            product,
        )?))
    }

    /// A suggested stock for the product's next deal, from its deals before `today`
    /// (see [`crate::rules::forecast`] for the method).
    pub fn suggest_quantity(
        &self,
        product: ProductId,
        today: NaiveDate,
    ) -> Result<Option<forecast::Suggestion>> {
        let mut lost_of_deal = std::collections::HashMap::<DealId, u32>::new();
        for m in rows::movements_of_product(self.conn(), product)? {
            if let (Some(d), MovementKind::Lost(_)) = (m.deal_id, m.kind) {
                *lost_of_deal.entry(d).or_default() += u32::try_from(m.qty).unwrap_or(0);
            }
        }
        let mut history = Vec::new();
        for d in rows::deals_of_product(self.conn(), product, today)? {
            if !matches!(d.state, DealState::Formed | DealState::Arrived) {
                continue;
            }
            let orders = rows::orders_of_deal(self.conn(), d.id)?;
            let sum = |f: &dyn Fn(&Order) -> bool| -> u32 {
                orders
                    .iter()
                    .filter(|o| f(o))
                    .map(|o| o.allocated.unwrap_or(o.qty))
                    .sum()
            };
            history.push(forecast::PastDeal {
                stock: d.stock,
                ordered: orders
                    .iter()
                    .filter(|o| o.state.is_active())
                    .map(|o| o.qty)
                    .sum(),
                picked_up: sum(&|o| o.state == OrderState::PickedUp),
                unclaimed: sum(&|o| o.state == OrderState::Unclaimed),
                lost: lost_of_deal.get(&d.id).copied().unwrap_or(0),
            });
        }
        Ok(forecast::suggest(&history))
    }
}
