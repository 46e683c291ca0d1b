//! The organiser's side of the day: publish, close at cutoff, receive goods, pickup codes,
//! hand over, unclaimed goods. Each operation is one transaction around one rule.

use super::{Result, Store, StoreError, rows};
use crate::model::{Deal, DealId, DealState, GroupId, MemberId, Order, PickupCode, Timestamp};
use crate::rules::{arrival, cutoff, pickup};
use chrono::NaiveDate;
use rand::Rng;
use rusqlite::TransactionBehavior;

impl Store {
    /// Saves a new or edited deal.
    pub fn publish_deal(&mut self, deal: &Deal) -> Result<()> {
        Ok(rows::put_deal(self.conn(), deal)?)
    }

    /// A deal by id.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        rows::deal(self.conn(), id)?.ok_or(StoreError::NotFound("deal"))
    }

    /// The group's deals still taking orders, soonest cutoff first.
    pub fn open_deals(&self, group: GroupId) -> Result<Vec<Deal>> {
        Ok(rows::deals_in_state(self.conn(), group, DealState::Open)?)
    }

    /// Closes every open deal whose cutoff has passed: each forms (orders confirmed and
    /// charged) or fails (orders cancelled with the reason). Returns the closed deals.
    pub fn close_due_deals(&mut self, group: GroupId, now: Timestamp) -> Result<Vec<Deal>> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut closed = Vec::new();
        for d in rows::deals_due(&tx, group, now)? {
            let orders = rows::orders_of_deal(&tx, d.id)?;
            let c = cutoff::close(&d, &orders, now)?;
            rows::put_deal(&tx, &c.deal)?;
            for o in &c.orders {
                rows::put_order(&tx, o, &c.deal)?;
            }
            for e in &c.charges {
                rows::put_ledger_entry(&tx, e)?;
            }
            closed.push(c.deal);
        }
        tx.commit()?;
        Ok(closed)
    }

    /// Records the goods that arrived for a formed deal: allocates on a shortage
    /// (first ordered, first served), refunds the rest, and books the stock received.
    pub fn record_arrival(
        &mut self,
        deal: DealId,
        arrived: u32,
        now: Timestamp,
    ) -> Result<arrival::Arrival> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let d = rows::deal(&tx, deal)?.ok_or(StoreError::NotFound("deal"))?;
        let orders = rows::orders_of_deal(&tx, deal)?;
        let mut entries = Vec::new();
        for o in &orders {
            entries.extend(rows::ledger_of_order(&tx, o.id)?);
        }
        let a = arrival::record(&d, &orders, &entries, arrived, now)?;
        rows::put_deal(&tx, &a.deal)?;
        for o in &a.orders {
            rows::put_order(&tx, o, &a.deal)?;
        }
        for e in &a.refunds {
            rows::put_ledger_entry(&tx, e)?;
        }
        rows::put_movement(&tx, &a.received)?;
        tx.commit()?;
        Ok(a)
    }

    /// The member's pickup code for `day`, issuing one if they have none yet. `rng` must be
    /// cryptographic (`rand::rng()`), see [`crate::rules::pickup`].
    pub fn pickup_code<R: Rng + ?Sized>(
        &mut self,
        group: GroupId,
        member: MemberId,
        day: NaiveDate,
        rng: &mut R,
    ) -> Result<String> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let codes = rows::pickup_codes(&tx, group, day)?;
        if let Some(c) = codes.iter().find(|c| c.member_id == member) {
            return Ok(c.code.clone());
        }
        let taken: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
        let code = pickup::new_code(&taken, rng)?;
        rows::put_pickup_code(
            &tx,
            &PickupCode {
                group_id: group,
                member_id: member,
                pickup_day: day,
                code: code.clone(),
            },
        )?;
        tx.commit()?;
        Ok(code)
    }

    /// Checks a code typed or read out at the pickup desk: whose it is, and what waits for them.
    pub fn verify_pickup(
        &self,
        group: GroupId,
        day: NaiveDate,
        input: &str,
    ) -> Result<(MemberId, Vec<Order>)> {
        let codes = rows::pickup_codes(self.conn(), group, day)?;
        let member = pickup::verify(&codes, input)?;
        Ok((member, rows::ready_orders(self.conn(), member, day)?))
    }

    /// Hands a member their ready goods for `day` (after [`Store::verify_pickup`]).
    pub fn hand_over(
        &mut self,
        member: MemberId,
        day: NaiveDate,
        now: Timestamp,
    ) -> Result<Vec<Order>> {
        self.finish_pickup(member, day, now, pickup::hand_over)
    }

    /// At the end of the pickup day: whatever a member did not collect becomes unclaimed.
    pub fn mark_unclaimed(
        &mut self,
        member: MemberId,
        day: NaiveDate,
        now: Timestamp,
    ) -> Result<Vec<Order>> {
        self.finish_pickup(member, day, now, pickup::mark_unclaimed)
    }

    fn finish_pickup(
        &mut self,
        member: MemberId,
        day: NaiveDate,
        now: Timestamp,
        rule: pickup::Finish,
    ) -> Result<Vec<Order>> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ready = rows::ready_orders(&tx, member, day)?;
        let mut deals = Vec::new();
        for o in &ready {
            deals.push(rows::deal(&tx, o.deal_id)?.ok_or(StoreError::NotFound("deal"))?);
        }
        let product_of = |o: &Order| {
            deals
                .iter()
                .find(|d| d.id == o.deal_id)
                .map(|d| d.product_id)
                .expect("loaded above")
        };
        let (orders, moves) = rule(&ready, &product_of, now);
        for (o, d) in orders.iter().zip(&deals) {
            rows::put_order(&tx, o, d)?;
        }
        for m in &moves {
            rows::put_movement(&tx, m)?;
        }
        tx.commit()?;
        Ok(orders)
    }
}
