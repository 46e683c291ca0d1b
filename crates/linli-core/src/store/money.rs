//! Money and stock on the store: payments, balances, complaints, losses, and the
//! suggested quantity for a product's next deal.

use super::{Result, Store, StoreError, rows};
use crate::model::*;
use crate::money::Fen;
use crate::rules::{forecast, inventory, ledger};
use chrono::NaiveDate;
use rusqlite::TransactionBehavior;

impl Store {
    /// Books cash or a transfer the organiser received.
    pub fn record_payment(
        &mut self,
        member: MemberId,
        amount: Fen,
        now: Timestamp,
    ) -> Result<LedgerEntry> {
        let e = ledger::payment(member, amount, now)?;
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

    /// Saves a new complaint about an order.
    pub fn file_complaint(&mut self, complaint: &Complaint) -> Result<()> {
        Ok(rows::put_complaint(self.conn(), complaint)?)
    }

    /// Resolves a complaint; a refund is booked in the same transaction.
    pub fn resolve_complaint(
        &mut self,
        id: ComplaintId,
        resolution: Resolution,
        now: Timestamp,
    ) -> Result<Complaint> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let c = rows::complaint(&tx, id)?.ok_or(StoreError::NotFound("complaint"))?;
        let o = rows::order(&tx, c.order_id)?.ok_or(StoreError::NotFound("order"))?;
        let entries = rows::ledger_of_order(&tx, o.id)?;
        let (resolved, refund) = ledger::resolve_complaint(&c, &o, &entries, resolution, now)?;
        rows::put_complaint(&tx, &resolved)?;
        if let Some(e) = refund {
            rows::put_ledger_entry(&tx, &e)?;
        }
        tx.commit()?;
        Ok(resolved)
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
