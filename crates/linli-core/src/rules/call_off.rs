//! Calling a deal off: the organiser stops an open or formed deal (the farm can't deliver,
//! the price was wrong). Every active order is cancelled with [`CancelReason::CalledOff`]
//! and everything charged is refunded in full; once goods arrived it is too late (those
//! are settled by arrival refunds and complaints).

use super::ledger;
use crate::model::{
    CancelReason, Deal, DealState, LedgerEntry, Order, OrderState, RefundReason, Timestamp,
};
use thiserror::Error;

/// Why a deal can't be called off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CallOffError {
    #[error("only an open or formed deal can be called off")]
    NotCallable,
}

/// What calling off changed: the deal, the orders cancelled and the refunds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingOff {
    pub deal: Deal,
    pub orders: Vec<Order>,
    pub refunds: Vec<LedgerEntry>,
}

/// Calls off `deal` given all its orders and the ledger entries of those orders. Each
/// active order is cancelled; each gets back what is left of its charge (never more).
pub fn call_off(
    deal: &Deal,
    orders: &[Order],
    entries: &[LedgerEntry],
    now: Timestamp,
) -> Result<CallingOff, CallOffError> {
    if !matches!(deal.state, DealState::Open | DealState::Formed) {
        return Err(CallOffError::NotCallable);
    }
    let mut cancelled = Vec::new();
    let mut refunds = Vec::new();
    for o in orders
        .iter()
        .filter(|o| o.deal_id == deal.id && o.state.is_active())
    {
        let own: Vec<LedgerEntry> = entries
            .iter()
            .filter(|e| e.order_id == Some(o.id))
            .cloned()
            .collect();
        if let Ok(Some(r)) = ledger::refund(o, &own, RefundReason::CalledOff, None, now) {
            refunds.push(r);
        }
        cancelled.push(Order {
            state: OrderState::Cancelled(CancelReason::CalledOff),
            updated_at: now,
            ..o.clone()
        });
    }
    Ok(CallingOff {
        deal: Deal {
            state: DealState::CalledOff,
            ..deal.clone()
        },
        orders: cancelled,
        refunds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;
    use crate::rules::cutoff::close;
    use crate::rules::orders::cancel;
    use crate::rules::testkit::{at, deal, orders_of};

    #[test]
    fn open_deal_cancels_without_refunds() {
        let d = deal(50, 5, 5);
        let mut os = orders_of(&d, &[2, 3, 1]);
        os[2] = cancel(&d, &os[2], at(11)).unwrap();
        let c = call_off(&d, &os, &[], at(12)).unwrap();
        assert_eq!(c.deal.state, DealState::CalledOff);
        assert_eq!(
            c.orders.len(),
            2,
            "the member's own cancellation stays as it was"
        );
        assert!(
            c.orders
                .iter()
                .all(|o| o.state == OrderState::Cancelled(CancelReason::CalledOff))
        );
        assert!(c.refunds.is_empty());
    }

    #[test]
    fn formed_deal_refunds_exactly_what_is_left_of_each_charge() {
        let d = deal(50, 1, 5);
        let os = orders_of(&d, &[2, 3]);
        let closed = close(&d, &os, at(22)).unwrap();
        let mut entries = closed.charges.clone();
        // A complaint already gave back ¥1 on the first order.
        let part = ledger::refund(
            &closed.orders[0],
            &entries,
            RefundReason::Complaint,
            Some(Fen(100)),
            at(23),
        )
        .unwrap()
        .unwrap();
        entries.push(part);
        let c = call_off(&closed.deal, &closed.orders, &entries, at(24)).unwrap();
        let back: Vec<Fen> = c.refunds.iter().map(|r| r.amount).collect();
        assert_eq!(back, vec![Fen(760 - 100), Fen(1140)]);
        entries.extend(c.refunds.iter().cloned());
        for o in &closed.orders {
            assert_eq!(ledger::net_charged(o.id, &entries), Fen::ZERO);
        }
        assert!(
            c.refunds
                .iter()
                .all(|r| r.kind == crate::model::LedgerKind::Refund(RefundReason::CalledOff))
        );
        assert_eq!(
            call_off(&c.deal, &c.orders, &entries, at(25)),
            Err(CallOffError::NotCallable)
        );
    }

    #[test]
    fn not_once_goods_arrived_nor_after_failing() {
        for state in [DealState::Arrived, DealState::Failed] {
            let mut d = deal(10, 1, 5);
            d.state = state;
            assert_eq!(
                call_off(&d, &[], &[], at(30)),
                Err(CallOffError::NotCallable)
            );
        }
    }
}
