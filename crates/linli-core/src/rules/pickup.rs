//! Pickup codes (取货码) and handing goods over.
//!
//! A code is six random digits, one per member per pickup day, unique in the group that day.
//! Codes come from the caller's RNG, which must be a cryptographic one (`rand::rng()`), so a
//! neighbour's code says nothing about yours. Two more safeguards for reading codes aloud
//! at a busy desk: no code is a trivial pattern (111111, 123456), and any two codes of the
//! same day differ in at least two digits, so one misheard digit never verifies someone else.

use crate::model::{
    LossReason, MemberId, MovementId, MovementKind, Order, OrderState, PickupCode, StockMovement,
    Timestamp,
};
use rand::Rng;
use thiserror::Error;

/// Finishes a member's ready orders: the new orders and their stock movements.
pub type Finish = fn(
    &[Order],
    &dyn Fn(&Order) -> crate::model::ProductId,
    Timestamp,
) -> (Vec<Order>, Vec<StockMovement>);

/// Digits in a pickup code.
pub const CODE_LEN: usize = 6;

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CodeError {
    #[error("a pickup code is {CODE_LEN} digits")]
    Malformed,
    #[error("no member has this code for this day")]
    NoMatch,
    #[error("no free code left for this day")]
    Exhausted,
}

/// A fresh code that keeps the rules above against the codes already `taken` that day.
pub fn new_code<R: Rng + ?Sized>(taken: &[&str], rng: &mut R) -> Result<String, CodeError> {
    for _ in 0..100_000 {
        let code = format!("{:06}", rng.random_range(0..1_000_000u32));
        if !is_pattern(&code) && taken.iter().all(|t| differing_digits(t, &code) >= 2) {
            return Ok(code);
        }
    }
    Err(CodeError::Exhausted)
}

/// A guessable code: all one digit, or a straight run up or down.
fn is_pattern(code: &str) -> bool {
    let d: Vec<i32> = code.bytes().map(|b| i32::from(b - b'0')).collect();
    let steps: Vec<i32> = d.windows(2).map(|w| w[1] - w[0]).collect();
    [0, 1, -1].iter().any(|s| steps.iter().all(|x| x == s))
}

fn differing_digits(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count()
}

/// Reads what was typed or said: spaces and dashes dropped, full-width digits (０-９, as
/// Chinese input methods type them) understood. `None` unless exactly six digits remain.
pub fn normalize(input: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_LEN);
    for c in input.chars() {
        match c {
            '0'..='9' => out.push(c),
            '０'..='９' => out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            ' ' | '\u{3000}' | '-' | '\t' => {}
            _ => return None,
        }
    }
    (out.len() == CODE_LEN).then_some(out)
}

/// The member whose code for that day `input` is.
pub fn verify(codes_of_day: &[PickupCode], input: &str) -> Result<MemberId, CodeError> {
    let code = normalize(input).ok_or(CodeError::Malformed)?;
    codes_of_day
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.member_id)
        .ok_or(CodeError::NoMatch)
}

/// Hands over a member's ready orders: each becomes picked up, with a `Sold` movement.
pub fn hand_over(
    ready: &[Order],
    product: &dyn Fn(&Order) -> crate::model::ProductId,
    now: Timestamp,
) -> (Vec<Order>, Vec<StockMovement>) {
    finish(
        ready,
        OrderState::PickedUp,
        MovementKind::Sold,
        product,
        now,
    )
}

/// Orders still ready at the end of the pickup day become unclaimed; their units are
/// recorded as lost for that reason (the member was charged; the organiser decides refunds).
pub fn mark_unclaimed(
    ready: &[Order],
    product: &dyn Fn(&Order) -> crate::model::ProductId,
    now: Timestamp,
) -> (Vec<Order>, Vec<StockMovement>) {
    finish(
        ready,
        OrderState::Unclaimed,
        MovementKind::Lost(LossReason::Unclaimed),
        product,
        now,
    )
}

fn finish(
    ready: &[Order],
    state: OrderState,
    kind: MovementKind,
    product: &dyn Fn(&Order) -> crate::model::ProductId,
    now: Timestamp,
) -> (Vec<Order>, Vec<StockMovement>) {
    ready
        .iter()
        .filter(|o| o.state == OrderState::Ready)
        .map(|o| {
            let moved = StockMovement {
                id: MovementId::new(),
                product_id: product(o),
                deal_id: Some(o.deal_id),
                kind,
                qty: i64::from(o.allocated.unwrap_or(o.qty)),
                note: String::new(),
                at: now,
            };
            (
                Order {
                    state,
                    updated_at: now,
                    ..o.clone()
                },
                moved,
            )
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GroupId;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rand::SeedableRng;

    #[test]
    fn codes_for_a_big_group_are_distinct_far_apart_and_not_patterns() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut codes: Vec<String> = Vec::new();
        for _ in 0..300 {
            let taken: Vec<&str> = codes.iter().map(String::as_str).collect();
            codes.push(new_code(&taken, &mut rng).unwrap());
        }
        for (i, a) in codes.iter().enumerate() {
            assert_eq!(a.len(), CODE_LEN);
            assert!(!is_pattern(a));
            for b in &codes[i + 1..] {
                assert!(differing_digits(a, b) >= 2, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn patterns_are_refused() {
        for p in ["111111", "123456", "987654", "000000", "345678"] {
            assert!(is_pattern(p), "{p}");
        }
        assert!(!is_pattern("402719"));
    }

    #[test]
    fn verify_reads_spoken_and_fullwidth_input() {
        let m = MemberId::new();
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let codes = vec![PickupCode {
            group_id: GroupId::new(),
            member_id: m,
            pickup_day: day,
            code: "402719".into(),
        }];
        assert_eq!(verify(&codes, "402 719"), Ok(m));
        assert_eq!(verify(&codes, "４０２７１９"), Ok(m));
        assert_eq!(verify(&codes, "402718"), Err(CodeError::NoMatch));
        assert_eq!(verify(&codes, "40271"), Err(CodeError::Malformed));
        assert_eq!(verify(&codes, "40271x"), Err(CodeError::Malformed));
        assert_eq!(verify(&codes, ""), Err(CodeError::Malformed));
    }

    proptest! {
        #[test]
        fn normalize_never_panics_and_yields_six_ascii_digits(s in "\\PC*") {
            if let Some(c) = normalize(&s) {
                prop_assert!(c.len() == CODE_LEN && c.bytes().all(|b| b.is_ascii_digit()));
            }
        }

        #[test]
        fn one_misheard_digit_never_matches_another_member(seed in any::<u64>(), pos in 0..CODE_LEN, digit in 0..10u8) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut codes: Vec<PickupCode> = Vec::new();
            let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
            for _ in 0..50 {
                let taken: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
                let code = new_code(&taken, &mut rng).unwrap();
                codes.push(PickupCode { group_id: GroupId::new(), member_id: MemberId::new(), pickup_day: day, code });
            }
            let mut misheard = codes[0].code.clone().into_bytes();
            misheard[pos] = b'0' + digit;
            let misheard = String::from_utf8(misheard).unwrap();
            match verify(&codes, &misheard) {
                Ok(m) => prop_assert_eq!(m, codes[0].member_id, "a slip matched a neighbour"),
                Err(e) => prop_assert_eq!(e, CodeError::NoMatch),
            }
        }
    }
}
