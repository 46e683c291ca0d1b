//! Placing, changing and cancelling orders. The connection-level functions check the order
//! rules and write the order (the hub calls them inside its own transaction); the
//! [`Store`] methods wrap each in an immediate transaction (so two writers can't both take
//! the last unit) and queue the command for the hub.

use super::{Result, Rows, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::{Deal, DealId, MemberId, Order, OrderId, Timestamp};
use crate::rules::orders as rule;
use rusqlite::TransactionBehavior;

/// Checks and writes a new order. A refusal ([`StoreError::Rejected`]) writes nothing.
pub fn place(
    c: &dyn Rows,
    member: MemberId,
    deal: DealId,
    id: OrderId,
    qty: u32,
    now: Timestamp,
) -> Result<(Order, Deal)> {
    let d = c.deal(deal)?.ok_or(StoreError::NotFound("deal"))?;
    let tally = c.tally(deal, member, None)?;
    let order = rule::place(&d, tally, id, member, qty, now)?;
    c.put_order(&order, &d)?;
    Ok((order, d))
}

/// Checks and writes a new quantity for a placed order.
pub fn change(c: &dyn Rows, id: OrderId, qty: u32, now: Timestamp) -> Result<(Order, Deal)> {
    let o = c.order(id)?.ok_or(StoreError::NotFound("order"))?;
    let d = c.deal(o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
    let tally = c.tally(d.id, o.member_id, Some(o.id))?;
    let changed = rule::change(&d, tally, &o, qty, now)?;
    c.put_order(&changed, &d)?;
    Ok((changed, d))
}

/// Checks and writes the cancellation of a placed order.
pub fn cancel(c: &dyn Rows, id: OrderId, now: Timestamp) -> Result<(Order, Deal)> {
    let o = c.order(id)?.ok_or(StoreError::NotFound("order"))?;
    let d = c.deal(o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
    let cancelled = rule::cancel(&d, &o, now)?;
    c.put_order(&cancelled, &d)?;
    Ok((cancelled, d))
}

impl Store {
    /// Places an order of `qty` units of `deal` for `member`. A refusal
    /// ([`StoreError::Rejected`]) writes nothing.
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
        let (order, _) = place(&*tx, member, deal, id, qty, now)?;
        let command = Command::PlaceOrder {
            order_id: id,
            deal_id: deal,
            qty,
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
        let (changed, _) = change(&*tx, id, qty, now)?;
        outbox::push(&tx, &Command::ChangeOrder { order_id: id, qty }, now)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Cancels a placed order before cutoff.
    pub fn cancel_order(&mut self, id: OrderId, now: Timestamp) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (cancelled, _) = cancel(&*tx, id, now)?;
        outbox::push(&tx, &Command::CancelOrder { order_id: id }, now)?;
        tx.commit()?;
        Ok(cancelled)
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
