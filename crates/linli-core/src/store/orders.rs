//! Placing, changing and cancelling orders. The connection-level functions check the order
//! rules and write the order (the hub calls them inside its own transaction); the
//! [`Store`] methods wrap each in an immediate transaction (so two writers can't both take
//! the last unit) and queue the command for the hub.

use super::{Result, Rows, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::{Deal, DealId, MemberId, Order, OrderId, Timestamp};
use crate::rules::orders as rule;
use rusqlite::TransactionBehavior;

/// Checks and writes a new order for `member`, entered by `entered_by` when someone else
/// placed it for her ([`rule::entered_by`]). A refusal ([`StoreError::Rejected`]) writes
/// nothing.
pub fn place(
    c: &dyn Rows,
    member: MemberId,
    deal: DealId,
    id: OrderId,
    qty: u32,
    entered_by: Option<MemberId>,
    now: Timestamp,
) -> Result<(Order, Deal)> {
    let d = c.deal(deal)?.ok_or(StoreError::NotFound("deal"))?;
    let tally = c.tally(deal, member, None)?;
    let order = Order {
        entered_by,
        ..rule::place(&d, tally, id, member, qty, now)?
    };
    c.put_order(&order, &d)?;
    Ok((order, d))
}

/// Checks and writes a new quantity for a placed order (`entered_by` as for [`place`]).
pub fn change(
    c: &dyn Rows,
    id: OrderId,
    qty: u32,
    entered_by: Option<MemberId>,
    now: Timestamp,
) -> Result<(Order, Deal)> {
    let o = c.order(id)?.ok_or(StoreError::NotFound("order"))?;
    let d = c.deal(o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
    let tally = c.tally(d.id, o.member_id, Some(o.id))?;
    let changed = Order {
        entered_by,
        ..rule::change(&d, tally, &o, qty, now)?
    };
    c.put_order(&changed, &d)?;
    Ok((changed, d))
}

/// Checks and writes the cancellation of a placed order (`entered_by` as for [`place`]).
pub fn cancel(
    c: &dyn Rows,
    id: OrderId,
    entered_by: Option<MemberId>,
    now: Timestamp,
) -> Result<(Order, Deal)> {
    let o = c.order(id)?.ok_or(StoreError::NotFound("order"))?;
    let d = c.deal(o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
    let cancelled = Order {
        entered_by,
        ..rule::cancel(&d, &o, now)?
    };
    c.put_order(&cancelled, &d)?;
    Ok((cancelled, d))
}

/// Who this device's user is to `member`'s order: `None` when it is hers (or the store has
/// joined no group), else herself as the one entering it for `member`.
fn acting_for(c: &rusqlite::Connection, member: MemberId) -> Result<Option<MemberId>> {
    Ok(super::sync::identity_of(c)?.and_then(|me| rule::entered_by(me.member_id, member)))
}

/// One line of an order taken for a neighbour (代下单): how many of `deal` she wants in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    pub deal: DealId,
    pub qty: u32,
}

/// Why an order taken for a neighbour was not saved: the deal it stopped at (none for a
/// fault of the store) and the refusal.
#[derive(Debug)]
pub struct NotEntered {
    pub deal: Option<DealId>,
    pub error: StoreError,
}

impl Store {
    /// Takes `member`'s order for several deals at once, as read back to her (the organiser
    /// on the telephone, a volunteer for her claimed request): per line, her placed orders
    /// on that deal come to `qty` in all — the first changed, any others cancelled, all
    /// cancelled at 0 — or a new one is placed. Lines she already has as asked are left
    /// alone. All or nothing: a refusal (sold out, over her limit, too late) writes and
    /// queues nothing and names its deal. Each order records who entered it.
    pub fn enter_orders(
        &mut self,
        member: MemberId,
        wants: &[Want],
        now: Timestamp,
    ) -> std::result::Result<Vec<Order>, NotEntered> {
        let fault = |error: StoreError| NotEntered { deal: None, error };
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| fault(e.into()))?;
        let by = acting_for(&tx, member).map_err(fault)?;
        let mine = rows::orders_of_member(&tx, member, u32::MAX).map_err(|e| fault(e.into()))?;
        let mut out = Vec::new();
        for w in wants {
            let at = |error: StoreError| NotEntered {
                deal: Some(w.deal),
                error,
            };
            let placed: Vec<&Order> = mine
                .iter()
                .filter(|o| o.deal_id == w.deal && o.state == crate::model::OrderState::Placed)
                .collect();
            let has: u32 = placed.iter().map(|o| o.qty).sum();
            if has == w.qty {
                continue;
            }
            let mut commands = Vec::new();
            for (i, o) in placed.iter().enumerate() {
                if i == 0 && w.qty > 0 {
                    // Cancel the others first, so her limit counts only what she keeps.
                    continue;
                }
                let (c, _) = cancel(&*tx, o.id, by, now).map_err(at)?;
                out.push(c);
                commands.push(Command::CancelOrder { order_id: o.id });
            }
            if w.qty > 0 {
                let order = match placed.first() {
                    Some(first) => {
                        commands.push(Command::ChangeOrder {
                            order_id: first.id,
                            qty: w.qty,
                        });
                        change(&*tx, first.id, w.qty, by, now).map_err(at)?.0
                    }
                    None => {
                        let id = OrderId::new();
                        commands.push(Command::PlaceOrder {
                            order_id: id,
                            deal_id: w.deal,
                            qty: w.qty,
                            member_id: by.map(|_| member),
                        });
                        place(&*tx, member, w.deal, id, w.qty, by, now)
                            .map_err(at)?
                            .0
                    }
                };
                out.push(order);
            }
            for c in &commands {
                outbox::push(&tx, c, now).map_err(|e| fault(e.into()))?;
            }
        }
        tx.commit().map_err(|e| fault(e.into()))?;
        Ok(out)
    }

    /// Places an order of `qty` units of `deal` for `member`. A refusal
    /// ([`StoreError::Rejected`]) writes nothing. When `member` is not this device's own
    /// (the organiser or a volunteer ordering for a neighbour), the order records who
    /// entered it and the command names her ([`Command::PlaceOrder`]'s `member_id`).
    pub fn place_order(
        &mut self,
        member: MemberId,
        deal: DealId,
        id: OrderId,
        qty: u32,
        now: Timestamp,
    ) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = acting_for(&tx, member)?;
        let (order, _) = place(&*tx, member, deal, id, qty, by, now)?;
        let command = Command::PlaceOrder {
            order_id: id,
            deal_id: deal,
            qty,
            member_id: by.map(|_| member),
        };
        outbox::push(&tx, &command, now)?;
        tx.commit()?;
        Ok(order)
    }

    /// Changes the quantity of a placed order before cutoff.
    pub fn change_order(&mut self, id: OrderId, qty: u32, now: Timestamp) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let owner = rows::order(&tx, id)?.ok_or(StoreError::NotFound("order"))?;
        let by = acting_for(&tx, owner.member_id)?;
        let (changed, _) = change(&*tx, id, qty, by, now)?;
        outbox::push(&tx, &Command::ChangeOrder { order_id: id, qty }, now)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Cancels a placed order before cutoff.
    pub fn cancel_order(&mut self, id: OrderId, now: Timestamp) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let owner = rows::order(&tx, id)?.ok_or(StoreError::NotFound("order"))?;
        let by = acting_for(&tx, owner.member_id)?;
        let (cancelled, _) = cancel(&*tx, id, by, now)?;
        outbox::push(&tx, &Command::CancelOrder { order_id: id }, now)?;
        tx.commit()?;
        Ok(cancelled)
    }

    /// One order by id, if this computer has it.
    pub fn order(&self, id: OrderId) -> Result<Option<Order>> {
        Ok(rows::order(self.conn(), id)?)
    }

    /// A member's orders, newest first.
    pub fn orders_of_member(&self, member: MemberId, limit: u32) -> Result<Vec<Order>> {
        Ok(rows::orders_of_member(self.conn(), member, limit)?)
    }

    /// Deals whose kept units (`deal_taken`) disagree with their orders summed afresh;
    /// 0 when sound (see [`rows::TAKEN_MISMATCHES`]).
    pub fn taken_mismatches(&self) -> Result<i64> {
        Ok(rows::taken_mismatches(self.conn())?)
    }

    /// Every order of a deal in line order.
    pub fn orders_of_deal(&self, deal: DealId) -> Result<Vec<Order>> {
        Ok(rows::orders_of_deal(self.conn(), deal)?)
    }
}
