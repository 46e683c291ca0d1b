//! Placing, changing and cancelling orders on this device: each checks the order rules
//! against the local copy, writes the order and queues the command for the hub, in one
//! immediate transaction (so two writers can't both take the last unit).

use super::{Result, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::{DealId, MemberId, Order, OrderId, Timestamp};
use crate::rules::orders as rule;
use rusqlite::TransactionBehavior;

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
        let d = rows::deal(&tx, deal)?.ok_or(StoreError::NotFound("deal"))?;
        let tally = rows::tally(&tx, deal, member, None)?;
        let order = rule::place(&d, tally, id, member, qty, now)?;
        rows::put_order(&tx, &order, &d)?;
        outbox::push(
            &tx,
            &Command::PlaceOrder {
                order_id: id,
                deal_id: deal,
                qty,
            },
            now,
        )?;
        tx.commit()?;
        Ok(order)
    }

    /// Changes the quantity of a placed order before cutoff.
    pub fn change_order(&mut self, id: OrderId, qty: u32, now: Timestamp) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let o = rows::order(&tx, id)?.ok_or(StoreError::NotFound("order"))?;
        let d = rows::deal(&tx, o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
        let tally = rows::tally(&tx, d.id, o.member_id, Some(o.id))?;
        let changed = rule::change(&d, tally, &o, qty, now)?;
        rows::put_order(&tx, &changed, &d)?;
        outbox::push(&tx, &Command::ChangeOrder { order_id: id, qty }, now)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Cancels a placed order before cutoff.
    pub fn cancel_order(&mut self, id: OrderId, now: Timestamp) -> Result<Order> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let o = rows::order(&tx, id)?.ok_or(StoreError::NotFound("order"))?;
        let d = rows::deal(&tx, o.deal_id)?.ok_or(StoreError::NotFound("deal"))?;
        let cancelled = rule::cancel(&d, &o, now)?;
        rows::put_order(&tx, &cancelled, &d)?;
        outbox::push(&tx, &Command::CancelOrder { order_id: id }, now)?;
        tx.commit()?;
        Ok(cancelled)
    }

    /// A member's orders, newest first.
    pub fn orders_of_member(&self, member: MemberId, limit: u32) -> Result<Vec<Order>> {
        Ok(rows::orders_of_member(self.conn(), member, limit)?)
    }

    /// Every order of a deal in line order.
    pub fn orders_of_deal(&self, deal: DealId) -> Result<Vec<Order>> {
        Ok(rows::orders_of_deal(self.conn(), deal)?)
    }
}
