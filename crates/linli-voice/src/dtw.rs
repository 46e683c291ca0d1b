//! Dynamic time warping between two feature sequences: symmetric steps (diagonal counted
//! twice), a Sakoe–Chiba band around the diagonal, the total normalised by `n + m`.

use crate::mfcc::{DIM, Features};

/// How far from the diagonal a path may go: this fraction of the longer length …
pub const BAND: f32 = 0.25;
/// … but at least this many frames.
pub const MIN_BAND: usize = 8;
/// Sequences whose lengths differ more than this factor don't match at all.
pub const MAX_RATIO: f32 = 2.2;

fn cost(a: &[f32], b: &[f32]) -> f32 {
    let mut s = 0.0;
    for k in 0..DIM {
        let d = a[k] - b[k];
        s += d * d;
    }
    s.sqrt()
}

/// The DTW distance per step of the path; `f32::INFINITY` if no path fits the constraints.
pub fn distance(a: &Features, b: &Features) -> f32 {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return f32::INFINITY;
    }
    let (lo, hi) = (n.min(m) as f32, n.max(m) as f32);
    if hi > lo * MAX_RATIO {
        return f32::INFINITY;
    }
    let band = ((hi * BAND) as usize).max(MIN_BAND) as isize;
    let inf = f32::INFINITY;
    let mut prev = vec![inf; m];
    let mut cur = vec![inf; m];
    for i in 0..n {
        let centre = (i * m / n) as isize;
        let j0 = (centre - band).max(0) as usize;
        let j1 = ((centre + band) as usize).min(m - 1);
        cur.iter_mut().for_each(|v| *v = inf);
        let fa = a.frame(i);
        for j in j0..=j1 {
            let c = cost(fa, b.frame(j));
            let best = if i == 0 && j == 0 {
                2.0 * c
            } else {
                let up = if i > 0 { prev[j] + c } else { inf };
                let left = if j > 0 { cur[j - 1] + c } else { inf };
                let diag = if i > 0 && j > 0 {
                    prev[j - 1] + 2.0 * c
                } else {
                    inf
                };
                up.min(left).min(diag)
            };
            cur[j] = best;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m - 1] / (n + m) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(vals: &[f32]) -> Features {
        let mut data = Vec::new();
        for &v in vals {
            let mut f = [0f32; DIM];
            f[0] = v;
            data.extend(f);
        }
        Features { data }
    }

    #[test]
    fn warps_a_stretched_sequence_to_zero_and_tells_different_ones_apart() {
        let a = seq(&[0., 1., 2., 3., 4., 5., 4., 3., 2., 1., 0., 0., 1., 2.]);
        let slow = seq(&[
            0., 0., 1., 1., 2., 2., 3., 3., 4., 4., 5., 5., 4., 4., 3., 3., 2., 2., 1., 1., 0., 0.,
            0., 0., 1., 1., 2., 2.,
        ]);
        let other = seq(&[5., 4., 3., 2., 1., 0., 1., 2., 3., 4., 5., 5., 4., 3.]);
        assert_eq!(distance(&a, &a), 0.0);
        assert!(distance(&a, &slow) < 1e-6);
        assert!(distance(&a, &other) > 1.0);
        assert_eq!(
            distance(&a, &seq(&[1.0; 40])),
            f32::INFINITY,
            "too different in length"
        );
        assert!((distance(&a, &other) - distance(&other, &a)).abs() < 1e-5);
    }
}
