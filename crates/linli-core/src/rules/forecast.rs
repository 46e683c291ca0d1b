//! A suggested quantity for the next deal of a product, from how its past deals went.
//!
//! Method, in the words shown to the organiser:
//! 1. Take the product's last (up to) six deals that formed, newest first.
//! 2. For each, what the group really took: units picked up. Unclaimed and lost units are
//!    left out — they were bought but wasted, so ordering them again would waste them again.
//! 3. Average those with weights 6, 5, 4, 3, 2, 1 (newest counts most).
//! 4. If the newest deal sold out, demand was cut off at the stock: add 15 %.
//! 5. Round up to a whole unit. No formed deal yet → no suggestion.

/// How one past deal of the product went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastDeal {
    /// Units offered.
    pub stock: u32,
    /// Units ordered by members at cutoff.
    pub ordered: u32,
    /// Units collected.
    pub picked_up: u32,
    /// Units not collected.
    pub unclaimed: u32,
    /// Units spoiled, damaged or otherwise lost.
    pub lost: u32,
}

/// A suggested stock for the next deal, with the figures behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    pub quantity: u32,
    /// The weighted average of units picked up (rounded up).
    pub base: u32,
    /// Whether the newest deal sold out and 15 % was added.
    pub sold_out_bump: bool,
    /// How many past deals were used.
    pub deals_used: usize,
    /// Units of those deals nobody collected, left out of the average.
    pub unclaimed: u32,
    /// Units of those deals spoiled, damaged or otherwise lost, left out of the average.
    pub lost: u32,
}

/// Suggests stock for the next deal from `history`, oldest first (see the module docs).
pub fn suggest(history: &[PastDeal]) -> Option<Suggestion> {
    let recent: Vec<&PastDeal> = history.iter().rev().take(6).collect();
    let newest = recent.first()?;
    let (mut sum, mut weights) = (0u64, 0u64);
    for (i, d) in recent.iter().enumerate() {
        let w = 6 - i as u64;
        sum += w * u64::from(d.picked_up);
        weights += w;
    }
    let base = sum.div_ceil(weights);
    let sold_out_bump = newest.ordered >= newest.stock;
    let quantity = if sold_out_bump {
        (base * 115).div_ceil(100)
    } else {
        base
    };
    Some(Suggestion {
        quantity: u32::try_from(quantity).unwrap_or(u32::MAX),
        base: u32::try_from(base).unwrap_or(u32::MAX),
        sold_out_bump,
        deals_used: recent.len(),
        unclaimed: recent.iter().map(|d| d.unclaimed).sum(),
        lost: recent.iter().map(|d| d.lost).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn past(stock: u32, ordered: u32, picked_up: u32) -> PastDeal {
        PastDeal {
            stock,
            ordered,
            picked_up,
            unclaimed: ordered.saturating_sub(picked_up),
            lost: 0,
        }
    }

    #[test]
    fn weighted_toward_recent_and_ignores_waste() {
        assert_eq!(suggest(&[]), None);
        // Older deal took 10, newest took 20: (5·10 + 6·20) / 11 = 15.45 → 16.
        let s = suggest(&[past(30, 12, 10), past(30, 25, 20)]).unwrap();
        assert_eq!(
            (s.quantity, s.base, s.sold_out_bump, s.deals_used),
            (16, 16, false, 2)
        );
        // Units ordered but not collected don't count, nor units lost; both are said.
        let wasteful = PastDeal {
            lost: 3,
            ..past(50, 40, 20)
        };
        let s = suggest(&[past(30, 12, 10), wasteful]).unwrap();
        assert_eq!(suggest(&[wasteful]).unwrap().quantity, 20);
        assert_eq!((s.unclaimed, s.lost), (2 + 20, 3));
    }

    #[test]
    fn sold_out_adds_fifteen_percent() {
        let s = suggest(&[past(20, 20, 20)]).unwrap();
        assert_eq!((s.quantity, s.sold_out_bump), (23, true));
    }

    #[test]
    fn only_last_six_count() {
        let mut h = vec![past(999, 500, 500); 4];
        h.extend(vec![past(20, 10, 10); 6]);
        assert_eq!(suggest(&h).unwrap().quantity, 10);
    }

    proptest! {
        #[test]
        fn stays_within_what_was_taken(h in proptest::collection::vec((1..100u32, 0..100u32, 0..100u32), 1..20)) {
            let h: Vec<PastDeal> = h.into_iter().map(|(s, o, p)| past(s, o, p.min(o))).collect();
            let s = suggest(&h).unwrap();
            let recent = &h[h.len().saturating_sub(6)..];
            let lo = recent.iter().map(|d| d.picked_up).min().unwrap();
            let hi = recent.iter().map(|d| d.picked_up).max().unwrap();
            prop_assert!(s.base >= lo && s.base <= hi);
            prop_assert!(s.quantity >= s.base && s.quantity <= hi + hi.div_ceil(5) + 1);
        }
    }
}
