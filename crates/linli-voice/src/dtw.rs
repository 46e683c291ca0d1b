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
    distance_relaxed(a, b, 0)
}

/// Like [`distance`], but the path may begin up to `relax` frames into either sequence
/// and end up to `relax` frames before either one's end (relaxed endpoints), so a few
/// frames more or less of onset or tail on one side cost nothing. Paths are compared by
/// their cost per step weight; with `relax` 0 this is exactly [`distance`].
pub fn distance_relaxed(a: &Features, b: &Features, relax: usize) -> f32 {
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
    // Per cell: the best path's cost and the index sum (i + j) of its first cell; its
    // step weights add up to i + j - start + 2.
    let mut prev = vec![(inf, 0usize); m];
    let mut cur = vec![(inf, 0usize); m];
    let per_step = |(d, s0): (f32, usize), i: usize, j: usize| d / (i + j + 2 - s0) as f32;
    let mut best = inf;
    for i in 0..n {
        let centre = (i * m / n) as isize;
        let j0 = (centre - band).max(0) as usize;
        let j1 = ((centre + band) as usize).min(m - 1);
        cur.iter_mut().for_each(|v| *v = (inf, 0));
        let fa = a.frame(i);
        for j in j0..=j1 {
            let c = cost(fa, b.frame(j));
            let mut cell = (inf, 0);
            let mut take = |cand: (f32, usize)| {
                if cand.0.is_finite()
                    && (!cell.0.is_finite() || per_step(cand, i, j) < per_step(cell, i, j))
                {
                    cell = cand;
                }
            };
            if (i == 0 && j <= relax) || (j == 0 && i <= relax) {
                take((2.0 * c, i + j));
            }
            if i > 0 {
                take((prev[j].0 + c, prev[j].1));
            }
            if j > 0 {
                take((cur[j - 1].0 + c, cur[j - 1].1));
            }
            if i > 0 && j > 0 {
                take((prev[j - 1].0 + 2.0 * c, prev[j - 1].1));
            }
            cur[j] = cell;
            let ends = (i == n - 1 && j + relax >= m - 1) || (j == m - 1 && i + relax >= n - 1);
            if ends && cell.0.is_finite() {
                best = best.min(per_step(cell, i, j));
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
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

    #[test]
    fn relaxed_endpoints_forgive_a_few_extra_frames_at_either_end_only() {
        let core = [
            0., 1., 2., 3., 4., 5., 4., 3., 2., 1., 0., 1., 2., 3., 2., 1.,
        ];
        let a = seq(&core);
        let mut longer = vec![9., 9., 9.];
        longer.extend(core);
        longer.extend([-9., -9., -9., -9.]);
        let b = seq(&longer);
        assert!(
            distance(&a, &b) > 1.0,
            "plain DTW pays for the extra frames"
        );
        assert!(distance_relaxed(&a, &b, 4) < 1e-6);
        assert!(
            distance_relaxed(&b, &a, 4) < 1e-6,
            "either side may have them"
        );
        assert!(
            distance_relaxed(&a, &b, 2) > 0.5,
            "more than `relax` frames still count"
        );
        let other = seq(&[
            3., 3., -3., -3., 3., 3., -3., -3., 3., 3., -3., -3., 3., 3., -3., -3.,
        ]);
        assert!(
            distance_relaxed(&a, &other, 4) > 1.0,
            "a different sequence stays far"
        );
    }
}
