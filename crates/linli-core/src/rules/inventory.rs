//! Stock on hand and losses, derived from movements only.

use crate::model::{MovementKind, ProductId, StockMovement};
use std::collections::BTreeMap;

/// Units on hand: received − sold − lost ± adjustments.
pub fn on_hand(movements: &[StockMovement]) -> i64 {
    movements.iter().map(signed).sum()
}

/// The effect of one movement on the units on hand.
pub fn signed(m: &StockMovement) -> i64 {
    match m.kind {
        MovementKind::Received | MovementKind::Adjusted => m.qty,
        MovementKind::Sold | MovementKind::Lost(_) => -m.qty,
    }
}

/// Whether `loss` may be recorded on top of `movements` (the product's so far): a loss
/// of at least one unit and no more than is on hand. A larger one is a typing slip, and
/// would leave a negative stock that no one can hand out.
pub fn loss_fits(movements: &[StockMovement], loss: &StockMovement) -> bool {
    matches!(loss.kind, MovementKind::Lost(_)) && loss.qty > 0 && loss.qty <= on_hand(movements)
}

/// Received and lost units of one product.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Losses {
    pub received: i64,
    pub lost: i64,
}

impl Losses {
    /// Share of received units that were lost, in ‰ (per mille, rounded down); `None` if
    /// nothing was received.
    pub fn per_mille(&self) -> Option<i64> {
        (self.received > 0).then(|| self.lost * 1000 / self.received)
    }
}

/// Received and lost units per product.
pub fn losses_by_product(movements: &[StockMovement]) -> BTreeMap<ProductId, Losses> {
    let mut out: BTreeMap<ProductId, Losses> = BTreeMap::new();
    for m in movements {
        let e = out.entry(m.product_id).or_default();
        match m.kind {
            MovementKind::Received => e.received += m.qty,
            MovementKind::Lost(_) => e.lost += m.qty,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LossReason, MovementId};
    use crate::rules::testkit::at;

    fn mv(p: ProductId, kind: MovementKind, qty: i64) -> StockMovement {
        StockMovement {
            id: MovementId::new(),
            product_id: p,
            deal_id: None,
            kind,
            qty,
            note: String::new(),
            at: at(1),
        }
    }

    #[test]
    fn on_hand_and_loss_rate() {
        let (a, b) = (ProductId::new(), ProductId::new());
        let ms = vec![
            mv(a, MovementKind::Received, 40),
            mv(a, MovementKind::Sold, 30),
            mv(a, MovementKind::Lost(LossReason::Spoiled), 3),
            mv(a, MovementKind::Lost(LossReason::Unclaimed), 1),
            mv(a, MovementKind::Adjusted, -2),
            mv(b, MovementKind::Adjusted, 5),
        ];
        assert_eq!(on_hand(&ms[..5]), 4);
        let l = losses_by_product(&ms);
        assert_eq!(
            l[&a],
            Losses {
                received: 40,
                lost: 4
            }
        );
        assert_eq!(l[&a].per_mille(), Some(100));
        assert_eq!(
            l[&b].per_mille(),
            None,
            "nothing received: no rate, not a division by zero"
        );
    }

    #[test]
    fn a_loss_fits_only_in_what_is_on_hand() {
        let p = ProductId::new();
        let had = vec![
            mv(p, MovementKind::Received, 10),
            mv(p, MovementKind::Sold, 7),
        ];
        let lost = |q| mv(p, MovementKind::Lost(LossReason::Spoiled), q);
        assert!(loss_fits(&had, &lost(3)));
        assert!(!loss_fits(&had, &lost(4)), "only 3 on hand");
        assert!(!loss_fits(&had, &lost(0)));
        assert!(
            !loss_fits(&had, &mv(p, MovementKind::Received, 1)),
            "not a loss"
        );
    }
}
