//! Closing a deal at cutoff: it forms when its active units reach the minimum, else it fails.

use super::ledger;
use crate::model::{CancelReason, Deal, DealState, LedgerEntry, Order, OrderState, Timestamp};
use thiserror::Error;

/// Why a deal can't be closed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CloseError {
    #[error("the cutoff has not passed yet")]
    BeforeCutoff,
    #[error("the deal is already closed")]
    NotOpen,
}

/// What closing changed: the deal, the orders whose state moved, and the charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub deal: Deal,
    pub orders: Vec<Order>,
    pub charges: Vec<LedgerEntry>,
}

/// Closes `deal` given all its orders. Forms: placed orders are confirmed with their full
/// quantity allocated, and each is charged. Fails: placed orders are cancelled with
/// [`CancelReason::DealFailed`]; nothing is charged, so nothing needs refunding.
pub fn close(deal: &Deal, orders: &[Order], now: Timestamp) -> Result<Closing, CloseError> {
    if deal.state != DealState::Open {
        return Err(CloseError::NotOpen);
    }
    if now < deal.cutoff {
        return Err(CloseError::BeforeCutoff);
    }
    Ok(settle(deal, orders, now))
}

/// Closes `deal` now, before its cutoff (the organiser's "close early"), by the same rule
/// as [`close`]. The deal's cutoff becomes `now`, the instant orders stopped.
pub fn close_early(deal: &Deal, orders: &[Order], now: Timestamp) -> Result<Closing, CloseError> {
    if deal.state != DealState::Open {
        return Err(CloseError::NotOpen);
    }
    let mut closing = settle(deal, orders, now);
    closing.deal.cutoff = deal.cutoff.min(now);
    Ok(closing)
}

/// Forms or fails an open deal (the state and cutoff already checked).
fn settle(deal: &Deal, orders: &[Order], now: Timestamp) -> Closing {
    let placed: Vec<&Order> = orders
        .iter()
        .filter(|o| o.deal_id == deal.id && o.state == OrderState::Placed)
        .collect();
    let total: u32 = placed.iter().map(|o| o.qty).sum();
    let formed = total >= deal.min_total && total > 0;
    let (state, next) = if formed {
        (DealState::Formed, OrderState::Confirmed)
    } else {
        (
            DealState::Failed,
            OrderState::Cancelled(CancelReason::DealFailed),
        )
    };
    let orders: Vec<Order> = placed
        .into_iter()
        .map(|o| Order {
            state: next,
            allocated: formed.then_some(o.qty),
            updated_at: now,
            ..o.clone()
        })
        .collect();
    let charges = if formed {
        orders.iter().map(|o| ledger::charge(o, now)).collect()
    } else {
        Vec::new()
    };
    Closing {
        deal: Deal {
            state,
            ..deal.clone()
        },
        orders,
        charges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;
    use crate::rules::testkit::{at, deal, orders_of};
    use proptest::prelude::*;

    #[test]
    fn forms_at_minimum_and_charges_everyone() {
        let d = deal(50, 5, 5);
        let os = orders_of(&d, &[2, 3]);
        let c = close(&d, &os, at(22)).unwrap();
        assert_eq!(c.deal.state, DealState::Formed);
        assert!(
            c.orders
                .iter()
                .all(|o| o.state == OrderState::Confirmed && o.allocated == Some(o.qty))
        );
        assert_eq!(
            c.charges.iter().map(|e| e.amount).sum::<Fen>(),
            Fen(-380 * 5)
        );
    }

    #[test]
    fn fails_below_minimum_with_reason_and_no_charge() {
        let d = deal(50, 6, 5);
        let os = orders_of(&d, &[2, 3]);
        let c = close(&d, &os, at(23)).unwrap();
        assert_eq!(c.deal.state, DealState::Failed);
        assert!(
            c.orders
                .iter()
                .all(|o| o.state == OrderState::Cancelled(CancelReason::DealFailed))
        );
        assert!(c.charges.is_empty());
    }

    #[test]
    fn not_before_cutoff_nor_twice() {
        let d = deal(50, 1, 5);
        assert_eq!(close(&d, &[], at(21)), Err(CloseError::BeforeCutoff));
        let c = close(&d, &[], at(22)).unwrap();
        assert_eq!(c.deal.state, DealState::Failed, "no orders never forms");
        assert_eq!(close(&c.deal, &[], at(23)), Err(CloseError::NotOpen));
    }

    #[test]
    fn closes_early_by_the_same_rule() {
        let d = deal(50, 5, 5);
        let os = orders_of(&d, &[2, 3]);
        assert_eq!(close(&d, &os, at(12)), Err(CloseError::BeforeCutoff));
        let c = close_early(&d, &os, at(12)).unwrap();
        assert_eq!((c.deal.state, c.deal.cutoff), (DealState::Formed, at(12)));
        assert_eq!(c.charges.len(), 2);
        let late = close(&d, &os, at(22)).unwrap();
        assert_eq!(c.orders.len(), late.orders.len());
        let few = orders_of(&d, &[2]);
        let f = close_early(&d, &few, at(12)).unwrap();
        assert_eq!(f.deal.state, DealState::Failed);
        assert!(f.charges.is_empty());
        assert_eq!(close_early(&c.deal, &os, at(13)), Err(CloseError::NotOpen));
    }

    proptest! {
        #[test]
        fn forms_iff_minimum_reached(min in 0..40u32, qtys in proptest::collection::vec(1..5u32, 0..12)) {
            let d = deal(100, min, 5);
            let os = orders_of(&d, &qtys);
            let total: u32 = qtys.iter().sum();
            let c = close(&d, &os, at(22)).unwrap();
            prop_assert_eq!(c.deal.state == DealState::Formed, total >= min && total > 0);
            prop_assert_eq!(c.orders.len(), qtys.len());
            let charged: Fen = c.charges.iter().map(|e| e.amount).sum();
            prop_assert_eq!(charged, if c.deal.state == DealState::Formed { Fen(-380 * i64::from(total)) } else { Fen::ZERO });
        }
    }
}
