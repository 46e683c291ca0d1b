//! Recording what arrived. On a shortage the units go first-ordered-first-served (by the
//! time each order joined the line, then by id so the result never depends on input order)
//! and every unit not delivered is refunded.

use super::ledger;
use crate::model::{
    CancelReason, Deal, DealState, LedgerEntry, MovementId, MovementKind, Order, OrderState,
    RefundReason, StockMovement, Timestamp,
};
use thiserror::Error;

/// Why an arrival can't be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ArrivalError {
    #[error("only a deal that formed can receive goods")]
    NotFormed,
}

/// What an arrival changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub deal: Deal,
    /// Confirmed orders now ready (maybe fewer units), or cancelled for shortage.
    pub orders: Vec<Order>,
    /// One refund per order that got less than it was charged for.
    pub refunds: Vec<LedgerEntry>,
    /// The goods received, as a stock movement.
    pub received: StockMovement,
}

/// Records `arrived` units for a formed `deal` given all its orders and the ledger entries of
/// those orders. Units beyond what was ordered stay in stock.
pub fn record(
    deal: &Deal,
    orders: &[Order],
    entries: &[LedgerEntry],
    arrived: u32,
    now: Timestamp,
) -> Result<Arrival, ArrivalError> {
    if deal.state != DealState::Formed {
        return Err(ArrivalError::NotFormed);
    }
    let mut line: Vec<&Order> = orders
        .iter()
        .filter(|o| o.deal_id == deal.id && o.state == OrderState::Confirmed)
        .collect();
    line.sort_by_key(|o| (o.queued_at, o.id));
    let mut left = arrived;
    let mut updated = Vec::with_capacity(line.len());
    let mut refunds = Vec::new();
    for o in line {
        let give = o.qty.min(left);
        left -= give;
        let state = if give == 0 {
            OrderState::Cancelled(CancelReason::Shortage)
        } else {
            OrderState::Ready
        };
        let new = Order {
            allocated: Some(give),
            state,
            updated_at: now,
            ..o.clone()
        };
        if give < o.qty {
            let own: Vec<LedgerEntry> = entries
                .iter()
                .filter(|e| e.order_id == Some(o.id))
                .cloned()
                .collect();
            let short = o.unit_price * (o.qty - give);
            if let Ok(Some(r)) = ledger::refund(o, &own, RefundReason::Shortage, Some(short), now) {
                refunds.push(r);
            }
        }
        updated.push(new);
    }
    Ok(Arrival {
        deal: Deal {
            state: DealState::Arrived,
            arrived_qty: Some(arrived),
            ..deal.clone()
        },
        orders: updated,
        refunds,
        received: StockMovement {
            id: MovementId::new(),
            product_id: deal.product_id,
            deal_id: Some(deal.id),
            kind: MovementKind::Received,
            qty: i64::from(arrived),
            note: String::new(),
            at: now,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MemberId, OrderId};
    use crate::money::Fen;
    use crate::rules::cutoff::close;
    use crate::rules::orders::{Tally, place};
    use crate::rules::testkit::{at, deal};
    use proptest::prelude::*;

    /// A formed deal with orders placed at hours 1, 2, 3… in the given quantities.
    fn formed(qtys: &[u32]) -> (Deal, Vec<Order>, Vec<LedgerEntry>) {
        let d = deal(1000, 0, 100);
        let mut os: Vec<Order> = Vec::new();
        for (h, &q) in qtys.iter().enumerate() {
            let m = MemberId::new();
            os.push(
                place(
                    &d,
                    Tally::of(&os, m, None),
                    OrderId::new(),
                    m,
                    q,
                    at(h as u32 % 20 + 1),
                )
                .unwrap(),
            );
        }
        let c = close(&d, &os, at(22)).unwrap();
        (c.deal, c.orders, c.charges)
    }

    #[test]
    fn shortage_goes_to_earliest_and_refunds_the_rest() {
        let (d, os, charges) = formed(&[3, 2, 4]);
        let a = record(&d, &os, &charges, 4, at(30)).unwrap();
        let got: Vec<(Option<u32>, OrderState)> =
            a.orders.iter().map(|o| (o.allocated, o.state)).collect();
        assert_eq!(
            got,
            vec![
                (Some(3), OrderState::Ready),
                (Some(1), OrderState::Ready),
                (Some(0), OrderState::Cancelled(CancelReason::Shortage)),
            ]
        );
        let refunded: Vec<Fen> = a.refunds.iter().map(|r| r.amount).collect();
        assert_eq!(refunded, vec![Fen(380), Fen(380 * 4)]);
        assert_eq!(
            (a.deal.state, a.deal.arrived_qty, a.received.qty),
            (DealState::Arrived, Some(4), 4)
        );
    }

    #[test]
    fn full_arrival_refunds_nothing_and_failed_deal_refused() {
        let (d, os, charges) = formed(&[1, 2]);
        let a = record(&d, &os, &charges, 5, at(30)).unwrap();
        assert!(a.refunds.is_empty());
        assert!(a.orders.iter().all(|o| o.allocated == Some(o.qty)));
        assert_eq!(
            record(&a.deal, &os, &charges, 5, at(31)),
            Err(ArrivalError::NotFormed)
        );
    }

    proptest! {
        #[test]
        fn allocation_is_fair_and_money_adds_up(qtys in proptest::collection::vec(1..6u32, 1..15), arrived in 0..60u32) {
            let (d, os, charges) = formed(&qtys);
            let a = record(&d, &os, &charges, arrived, at(30)).unwrap();
            let ordered: u32 = qtys.iter().sum();
            let given: u32 = a.orders.iter().map(|o| o.allocated.unwrap()).sum();
            prop_assert_eq!(given, arrived.min(ordered));
            // First ordered, first served: once someone is short, everyone after gets nothing.
            let mut line = a.orders.clone();
            line.sort_by_key(|o| (o.queued_at, o.id));
            let mut short_seen = false;
            for o in &line {
                let g = o.allocated.unwrap();
                prop_assert!(g <= o.qty);
                if short_seen { prop_assert_eq!(g, 0); }
                if g < o.qty { short_seen = true; }
            }
            let refunded: Fen = a.refunds.iter().map(|r| r.amount).sum();
            prop_assert_eq!(refunded, Fen(380) * (ordered - given));
        }
    }
}
