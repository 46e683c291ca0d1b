//! Money as whole fen (分, 1/100 yuan). Never a float.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub};

/// An amount of money in fen. Positive or negative; arithmetic is exact.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan and the fen below it, e.g. `Fen(760)` → `(7, 60)`; sign kept on the yuan
    /// part and returned separately so "-¥0.50" is representable.
    pub fn parts(self) -> (bool, i64, i64) {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs() as i64;
        (negative, abs / 100, abs % 100)
    }
}

impl fmt::Display for Fen {
    /// Plain `¥7.60` form; the app formats per locale, this is for logs and tools.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (neg, yuan, fen) = self.parts();
        write!(f, "{}¥{yuan}.{fen:02}", if neg { "-" } else { "" })
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}
impl AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        self.0 += o.0;
    }
}
impl Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}
impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}
impl Mul<u32> for Fen {
    type Output = Fen;
    fn mul(self, qty: u32) -> Fen {
        Fen(self.0 * i64::from(qty))
    }
}
impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_yuan_and_fen() {
        assert_eq!(Fen(760).to_string(), "¥7.60");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(-50).to_string(), "-¥0.50");
        assert_eq!((Fen(380) * 2).to_string(), "¥7.60");
    }
}
