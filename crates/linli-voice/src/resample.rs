//! A windowed-sinc resampler (Blackman window, 16 zero crossings each side) for mono audio.

use crate::RATE;

/// Half-width of the filter, in zero crossings of the (low-passed) sinc.
const ZEROS: f64 = 16.0;

/// Mono audio at `from` Hz to `to` Hz. Below the lower of the two Nyquist rates (×0.95) is
/// kept; above it is filtered out so it does not alias. The filter is tabulated once per
/// output phase (`to / gcd(from, to)` phases: 320 for 22050 → 16000).
pub fn resample_to(audio: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || audio.is_empty() || from == 0 || to == 0 {
        return audio.to_vec();
    }
    let g = gcd(from as u64, to as u64);
    let (up, down) = (to as u64 / g, from as u64 / g); // t = n * down / up input samples
    let ratio = to as f64 / from as f64;
    let cutoff = ratio.min(1.0) * 0.95; // of the input's Nyquist
    let half = ZEROS / cutoff; // filter half-width in input samples
    let reach = half.ceil() as i64;
    let taps = (2 * reach + 1) as usize;
    let pi = std::f64::consts::PI;
    let kernel = |d: f64| -> f32 {
        if d.abs() >= half {
            return 0.0;
        }
        let a = pi * cutoff * d;
        let sinc = if a.abs() < 1e-9 { 1.0 } else { a.sin() / a };
        let w = d / half;
        let win = 0.42 + 0.5 * (pi * w).cos() + 0.08 * (2.0 * pi * w).cos();
        (cutoff * sinc * win) as f32
    };
    // One row of taps per phase when that is a small table, else computed as needed.
    let tabulate = up <= 4096;
    let table: Vec<f32> = if tabulate {
        (0..up)
            .flat_map(|p| {
                let frac = p as f64 / up as f64;
                (-reach..=reach).map(move |j| kernel(frac - j as f64))
            })
            .collect()
    } else {
        Vec::new()
    };
    let out_len = (audio.len() as u64 * up / down) as usize;
    let mut out = Vec::with_capacity(out_len);
    let mut row = vec![0f32; taps];
    let last = audio.len() as i64 - 1;
    for n in 0..out_len as u64 {
        let pos = n * down;
        let (base, phase) = ((pos / up) as i64, pos % up);
        let w: &[f32] = if tabulate {
            &table[phase as usize * taps..(phase as usize + 1) * taps]
        } else {
            let frac = phase as f64 / up as f64;
            for (j, r) in (-reach..=reach).zip(row.iter_mut()) {
                *r = kernel(frac - j as f64);
            }
            &row
        };
        let lo = (base - reach).max(0);
        let hi = (base + reach).min(last);
        let mut acc = 0.0f32;
        if lo <= hi {
            let off = (lo - (base - reach)) as usize;
            let xs = &audio[lo as usize..=hi as usize];
            for (x, k) in xs.iter().zip(&w[off..]) {
                acc += x * k;
            }
        }
        out.push(acc);
    }
    out
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Mono audio at `from` Hz to [`RATE`].
pub fn resample(audio: &[f32], from: u32) -> Vec<f32> {
    resample_to(audio, from, RATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f64, rate: u32, secs: f64) -> Vec<f32> {
        let n = (rate as f64 * secs) as usize;
        (0..n)
            .map(|i| {
                (2.0 * std::f64::consts::PI * freq * i as f64 / rate as f64).sin() as f32 * 0.5
            })
            .collect()
    }

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt()
    }

    #[test]
    fn keeps_a_tone_in_band_and_removes_one_above_nyquist() {
        // 1 kHz at 22050 → 16000: same tone, same level, right length.
        let x = tone(1000.0, 22_050, 0.5);
        let y = resample(&x, 22_050);
        assert_eq!(y.len(), 8000);
        let expect = tone(1000.0, 16_000, 0.5);
        let mid = 200..7800;
        let err: f32 = y[mid.clone()]
            .iter()
            .zip(&expect[mid.clone()])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(err < 0.01, "max error {err}");
        // 10 kHz can't exist at 16 kHz: it must be filtered out, not folded to 6 kHz.
        let x = tone(10_000.0, 44_100, 0.5);
        let y = resample(&x, 44_100);
        assert!(rms(&y[200..7800]) < 0.01, "aliased: {}", rms(&y[200..7800]));
        // Upsampling 8 kHz → 16 kHz keeps a 500 Hz tone.
        let y = resample(&tone(500.0, 8000, 0.5), 8000);
        assert_eq!(y.len(), 8000);
        assert!((rms(&y[200..7800]) - 0.5 / 2f32.sqrt()).abs() < 0.01);
    }
}
