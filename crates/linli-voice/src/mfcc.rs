//! Features: energy-based trimming of leading/trailing silence (relative to the
//! recording's own peak and noise floor, so a take another recorder already trimmed and one
//! with silence or room noise around end up cut alike), then MFCCs (pre-emphasis,
//! 25 ms Hamming frames every 10 ms, mel filterbank, log, DCT) with per-utterance cepstral
//! mean (and optionally variance) normalisation and delta coefficients.
//!
//! Speaker normalisation (VTLN): the filterbank can also be made with its centre
//! frequencies warped ([`warp_hz`]), so one utterance gives features as if said by a
//! shorter or longer vocal tract ([`Extractor::warped_features`]).
//!
//! Noise: when the quietest fifth of the frames is within [`FeatureParams::noise_gate_db`]
//! of the speech (and there is silence around the speech to be that fifth), their mean
//! spectrum is taken off each mel filter's energy (spectral subtraction, keeping a
//! fraction of the noise as a floor).

use realfft::{RealFftPlanner, RealToComplex};
use std::sync::Arc;

/// Samples per frame (25 ms at 16 kHz).
pub const FRAME: usize = 400;
/// Samples between frames (10 ms at 16 kHz).
pub const HOP: usize = 160;
const FFT: usize = 512;
/// Cepstral coefficients kept (c0..c12).
pub const CEPS: usize = 13;
/// Values per feature frame: the cepstra and their deltas.
pub const DIM: usize = 2 * CEPS;

/// The knobs of feature extraction and trimming.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureParams {
    pub mel_filters: usize,
    /// Divide each coefficient by its standard deviation over the utterance.
    pub variance_norm: bool,
    /// Weight of the delta coefficients against the static ones.
    pub delta_weight: f32,
    /// Trim: a frame is speech when louder than the peak minus this many dB …
    pub trim_below_peak_db: f32,
    /// … and louder than the noise floor plus this fraction of (peak − floor).
    pub trim_floor_fraction: f32,
    /// The noise floor: this quantile of the (3-frame smoothed) frame energies …
    pub floor_quantile: f32,
    /// … but no more than this many dB above their [`FeatureParams::floor_low_quantile`]:
    /// a take trimmed at the ends has no silence to measure and its quietest tenth is soft
    /// speech, but its pauses still show the noise.
    pub floor_above_low_db: f32,
    pub floor_low_quantile: f32,
    /// Frames kept either side of the speech found (10 ms each).
    pub trim_margin_frames: usize,
    /// Loudest frame must be at least this loud (dBFS) …
    pub min_peak_db: f32,
    /// … and this far above the noise floor, or there is no speech.
    pub min_range_db: f32,
    /// Shortest speech kept, in frames.
    pub min_frames: usize,
    /// Frequency warp factors tried on what she says (VTLN, see [`warp_hz`]); 1.0 is
    /// the unwarped filterbank (always made, for her recordings).
    pub warps: Vec<f32>,
    /// Spectral subtraction: this many times the noise power (per mel filter, from the
    /// mean spectrum of the audio's quietest fifth of frames) is taken off every speech
    /// frame; 0 = none …
    pub noise_subtract: f32,
    /// … only when the noise is within this many dB of the speech's mean power (so her
    /// quiet set-up recordings, and speech in quiet, are left as they are) …
    pub noise_gate_db: f32,
    /// … and (when true) only when at least a fifth of the frames lie outside the speech,
    /// so the "quietest fifth" is noise and not the softest part of a trimmed take.
    pub noise_needs_silence: bool,
    /// … leaving at least this fraction of the noise power in each mel filter.
    pub noise_keep: f32,
}

impl Default for FeatureParams {
    fn default() -> Self {
        FeatureParams {
            mel_filters: 26,
            variance_norm: true,
            delta_weight: 1.0,
            trim_below_peak_db: 35.0,
            trim_floor_fraction: 0.4,
            floor_quantile: 0.1,
            floor_above_low_db: 6.0,
            floor_low_quantile: 0.02,
            trim_margin_frames: 2,
            min_peak_db: -55.0,
            min_range_db: 12.0,
            min_frames: 20,
            warps: vec![0.82, 0.88, 0.94, 1.0, 1.06, 1.12, 1.18],
            noise_subtract: 1.0,
            noise_keep: 0.2,
            noise_gate_db: 25.0,
            noise_needs_silence: true,
        }
    }
}

/// An utterance's features: `len()` frames of [`DIM`] values.
#[derive(Debug, Clone)]
pub struct Features {
    pub data: Vec<f32>,
}

impl Features {
    pub fn len(&self) -> usize {
        self.data.len() / DIM
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn frame(&self, i: usize) -> &[f32] {
        &self.data[i * DIM..(i + 1) * DIM]
    }
}

/// Per filter: first FFT bin and its weights.
type Filterbank = Vec<(usize, Vec<f32>)>;

/// Makes [`Features`]; holds the FFT plan and filterbanks.
pub struct Extractor {
    params: FeatureParams,
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// The unwarped filterbank.
    filters: Filterbank,
    /// (warp factor, filterbank) for each of `params.warps`.
    warped: Vec<(f32, Filterbank)>,
    dct: Vec<f32>,
}

/// Lowest and highest filterbank edge, Hz (before warping).
const LOW_HZ: f32 = 100.0;
const HIGH_HZ: f32 = 7600.0;

/// Piecewise-linear frequency warp (VTLN): `hz × alpha` up to a break point, then a
/// straight line to Nyquist, so the warped axis still ends at Nyquist and stays monotone.
/// `alpha` > 1 moves filters up, to meet the higher formants of a shorter vocal tract.
pub fn warp_hz(hz: f32, alpha: f32) -> f32 {
    let nyquist = crate::RATE as f32 / 2.0;
    let hz = hz.clamp(0.0, nyquist);
    let brk = 0.85 * nyquist * (1.0 / alpha).min(1.0);
    if hz <= brk {
        hz * alpha
    } else {
        alpha * brk + (nyquist - alpha * brk) * (hz - brk) / (nyquist - brk)
    }
}

/// The filters' edge frequencies in Hz (`n + 2` of them; filter `f` rises from edge `f`,
/// peaks at `f + 1` and falls to `f + 2`), warped by `alpha`.
pub fn filter_edges_hz(n: usize, alpha: f32) -> Vec<f32> {
    let (lo, hi) = (mel(LOW_HZ), mel(HIGH_HZ));
    (0..n + 2)
        .map(|i| warp_hz(hz(lo + (hi - lo) * i as f32 / (n + 1) as f32), alpha))
        .collect()
}

fn filterbank(n: usize, alpha: f32) -> Filterbank {
    let edges: Vec<f32> = filter_edges_hz(n, alpha)
        .into_iter()
        .map(|f| f * FFT as f32 / crate::RATE as f32)
        .collect();
    (0..n)
        .map(|f| {
            let (a, b, c) = (edges[f], edges[f + 1], edges[f + 2]);
            let first = a.ceil() as usize;
            let last = (c.floor() as usize).min(FFT / 2);
            let w = (first..=last)
                .map(|k| {
                    let k = k as f32;
                    if k <= b {
                        (k - a) / (b - a)
                    } else {
                        (c - k) / (c - b)
                    }
                    .max(0.0)
                })
                .collect();
            (first, w)
        })
        .collect()
}

fn mel(hz: f32) -> f32 {
    2595.0 * (1.0 + hz / 700.0).log10()
}
fn hz(mel: f32) -> f32 {
    700.0 * (10f32.powf(mel / 2595.0) - 1.0)
}

/// Each frame's energy in dBFS (mean square of the raw samples; −100 for digital silence).
pub fn frame_energies(audio: &[f32]) -> Vec<f32> {
    if audio.len() < FRAME {
        return Vec::new();
    }
    (0..=(audio.len() - FRAME) / HOP)
        .map(|i| {
            let f = &audio[i * HOP..i * HOP + FRAME];
            let ms = f.iter().map(|x| x * x).sum::<f32>() / FRAME as f32;
            10.0 * (ms + 1e-10).log10()
        })
        .collect()
}

impl Extractor {
    pub fn new(params: FeatureParams) -> Extractor {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(FFT);
        let window = (0..FRAME)
            .map(|i| {
                0.54 - 0.46 * (2.0 * std::f32::consts::PI * i as f32 / (FRAME - 1) as f32).cos()
            })
            .collect();
        let n = params.mel_filters;
        let filters = filterbank(n, 1.0);
        let warped = params
            .warps
            .iter()
            .map(|&a| (a, filterbank(n, a)))
            .collect();
        let dct = (0..CEPS)
            .flat_map(|c| {
                (0..n).map(move |m| {
                    (std::f32::consts::PI * c as f32 * (m as f32 + 0.5) / n as f32).cos()
                        * (2.0 / n as f32).sqrt()
                })
            })
            .collect();
        Extractor {
            params,
            fft,
            window,
            filters,
            warped,
            dct,
        }
    }

    pub fn params(&self) -> &FeatureParams {
        &self.params
    }

    /// The frames that hold speech, `start..end`, or `None` when the audio is silence, too
    /// quiet, steady noise or too short to be a phrase.
    pub fn speech(&self, audio: &[f32]) -> Option<std::ops::Range<usize>> {
        let p = &self.params;
        let e = frame_energies(audio);
        if e.len() < p.min_frames {
            return None;
        }
        // Smooth over 3 frames so a click is not a peak.
        let s: Vec<f32> = (0..e.len())
            .map(|i| {
                let lo = i.saturating_sub(1);
                let hi = (i + 2).min(e.len());
                e[lo..hi].iter().sum::<f32>() / (hi - lo) as f32
            })
            .collect();
        let mut sorted = s.clone();
        sorted.sort_by(f32::total_cmp);
        let quantile = |q: f32| sorted[((sorted.len() as f32 * q) as usize).min(sorted.len() - 1)];
        let floor = quantile(p.floor_quantile)
            .min(quantile(p.floor_low_quantile) + p.floor_above_low_db)
            .max(-75.0);
        let peak = sorted[sorted.len() - 1];
        if peak < p.min_peak_db || peak - floor < p.min_range_db {
            return None;
        }
        let thr = (peak - p.trim_below_peak_db).max(floor + p.trim_floor_fraction * (peak - floor));
        // First and last frames of runs of at least 3 loud frames.
        let loud: Vec<bool> = s.iter().map(|&v| v > thr).collect();
        let run = |i: usize| i + 3 <= loud.len() && loud[i..i + 3].iter().all(|&l| l);
        let start = (0..loud.len()).find(|&i| run(i))?;
        let end = (0..loud.len())
            .rev()
            .find(|&i| run(i.saturating_sub(2)) && i >= 2)?
            + 1;
        let m = p.trim_margin_frames;
        let (start, end) = (start.saturating_sub(m), (end + m).min(e.len()));
        (end > start && end - start >= p.min_frames).then_some(start..end)
    }

    /// Features of the speech in `audio` (see [`Extractor::speech`]), or `None`.
    pub fn features(&self, audio: &[f32]) -> Option<Features> {
        let range = self.speech(audio)?;
        let noise = self.noise_of(audio, range.clone());
        let power = self.power_of(audio, range);
        Some(self.features_from(&power, noise.as_deref(), &self.filters))
    }

    /// Like [`Extractor::features`], once per warp factor of [`FeatureParams::warps`]:
    /// `(alpha, features)`. Empty when there is no speech.
    pub fn warped_features(&self, audio: &[f32]) -> Vec<(f32, Features)> {
        let Some(range) = self.speech(audio) else {
            return Vec::new();
        };
        let noise = self.noise_of(audio, range.clone());
        let power = self.power_of(audio, range);
        self.warped
            .iter()
            .map(|(a, bank)| (*a, self.features_from(&power, noise.as_deref(), bank)))
            .collect()
    }

    /// The power spectrum (`FFT / 2 + 1` bins) of each frame of `range`.
    /// The noise estimate when [`FeatureParams::noise_subtract`] is on.
    fn noise_of(&self, audio: &[f32], speech: std::ops::Range<usize>) -> Option<Vec<f32>> {
        if self.params.noise_subtract <= 0.0 {
            return None;
        }
        let e = frame_energies(audio);
        let mut sorted = e.clone();
        sorted.sort_by(f32::total_cmp);
        let power = |db: &[f32]| {
            db.iter().map(|d| 10f32.powf(d / 10.0)).sum::<f32>() / db.len().max(1) as f32
        };
        if self.params.noise_needs_silence && e.len() - speech.len() < e.len() / 5 {
            return None;
        }
        let quiet = power(&sorted[..(sorted.len() / 5).max(1)]);
        let loud = power(&e[speech]);
        (10.0 * (loud / quiet.max(1e-12)).log10() < self.params.noise_gate_db)
            .then(|| self.noise(audio))
    }

    /// Mean power spectrum of the quietest fifth of `audio`'s frames.
    fn noise(&self, audio: &[f32]) -> Vec<f32> {
        let bins = FFT / 2 + 1;
        let e = frame_energies(audio);
        let mut order: Vec<usize> = (0..e.len()).collect();
        order.sort_by(|&i, &j| e[i].total_cmp(&e[j]));
        order.truncate((e.len() / 5).max(1));
        let mut noise = vec![0f32; bins];
        for &i in &order {
            for (n, p) in noise.iter_mut().zip(self.power_of(audio, i..i + 1)) {
                *n += p;
            }
        }
        noise.iter_mut().for_each(|n| *n /= order.len() as f32);
        noise
    }

    fn power_of(&self, audio: &[f32], range: std::ops::Range<usize>) -> Vec<f32> {
        let bins = FFT / 2 + 1;
        let mut power = vec![0f32; range.len() * bins];
        let mut frame = self.fft.make_input_vec();
        let mut spec = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        for (row, fi) in range.enumerate() {
            let at = fi * HOP;
            frame.iter_mut().for_each(|v| *v = 0.0);
            for i in 0..FRAME {
                let prev = if at + i > 0 { audio[at + i - 1] } else { 0.0 };
                frame[i] = (audio[at + i] - 0.97 * prev) * self.window[i];
            }
            self.fft
                .process_with_scratch(&mut frame, &mut spec, &mut scratch)
                .expect("FFT buffers are the planned sizes");
            for (p, c) in power[row * bins..(row + 1) * bins].iter_mut().zip(&spec) {
                *p = c.norm_sqr();
            }
        }
        power
    }

    fn features_from(
        &self,
        power: &[f32],
        noise: Option<&[f32]>,
        filters: &Filterbank,
    ) -> Features {
        let bins = FFT / 2 + 1;
        let n = power.len() / bins;
        let mut ceps = vec![0f32; n * CEPS];
        let m = filters.len();
        let mut mel = vec![0f32; n * m];
        for row in 0..n {
            let spec = &power[row * bins..(row + 1) * bins];
            for ((first, w), out) in filters.iter().zip(&mut mel[row * m..(row + 1) * m]) {
                *out = w.iter().zip(&spec[*first..]).map(|(w, p)| w * p).sum();
            }
        }
        // Spectral subtraction per mel filter, keeping a fraction of the noise.
        if let Some(noise) = noise {
            let (a, keep) = (self.params.noise_subtract, self.params.noise_keep);
            for (f, (first, w)) in filters.iter().enumerate() {
                let nf: f32 = w.iter().zip(&noise[*first..]).map(|(w, p)| w * p).sum();
                for r in 0..n {
                    let e = &mut mel[r * m + f];
                    *e = (*e - a * nf).max(keep * nf);
                }
            }
        }
        let mut logmel = vec![0f32; m];
        for row in 0..n {
            for (out, e) in logmel.iter_mut().zip(&mel[row * m..(row + 1) * m]) {
                *out = (e + 1e-8).ln();
            }
            for c in 0..CEPS {
                ceps[row * CEPS + c] = self.dct[c * m..(c + 1) * m]
                    .iter()
                    .zip(&logmel)
                    .map(|(a, b)| a * b)
                    .sum();
            }
        }
        // Cepstral mean (and variance) normalisation over the utterance.
        for c in 0..CEPS {
            let mean = (0..n).map(|r| ceps[r * CEPS + c]).sum::<f32>() / n as f32;
            let sd = if self.params.variance_norm {
                let var = (0..n)
                    .map(|r| (ceps[r * CEPS + c] - mean).powi(2))
                    .sum::<f32>()
                    / n as f32;
                var.sqrt().max(1e-3)
            } else {
                1.0
            };
            for r in 0..n {
                ceps[r * CEPS + c] = (ceps[r * CEPS + c] - mean) / sd;
            }
        }
        // Deltas: regression over ±2 frames.
        let mut data = vec![0f32; n * DIM];
        let at = |r: isize, c: usize| ceps[(r.clamp(0, n as isize - 1) as usize) * CEPS + c];
        for r in 0..n {
            for c in 0..CEPS {
                let ri = r as isize;
                let d =
                    (at(ri + 1, c) - at(ri - 1, c) + 2.0 * (at(ri + 2, c) - at(ri - 2, c))) / 10.0;
                data[r * DIM + c] = ceps[r * CEPS + c];
                data[r * DIM + CEPS + c] = d * self.params.delta_weight;
            }
        }
        Features { data }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(secs: f32, amp: f32) -> Vec<f32> {
        (0..(secs * 16_000.0) as usize)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                // 220 Hz rising and falling over `secs`, like a syllable.
                amp * (2.0 * std::f32::consts::PI * 220.0 * t).sin()
                    * (std::f32::consts::PI * t / secs).sin()
            })
            .collect()
    }

    #[test]
    fn trims_padding_so_features_do_not_change() {
        let x = Extractor::new(FeatureParams::default());
        // As recorded (0.1 s before, 0.2 s after) and with a second of silence both sides.
        let mut voiced = vec![0.0; 1_600];
        voiced.extend(tone(0.6, 0.3));
        voiced.extend(vec![0.0; 3_200]);
        let mut padded = vec![0.0; 16_000];
        padded.extend(&voiced);
        padded.extend(vec![0.0; 16_000]);
        let a = x.features(&voiced).unwrap();
        let b = x.features(&padded).unwrap();
        assert!(
            (a.len() as isize - b.len() as isize).abs() <= 3,
            "{} vs {}",
            a.len(),
            b.len()
        );
        let r = x.speech(&padded).unwrap();
        assert!((105..=112).contains(&r.start), "{r:?}");
    }

    /// A loud syllable, a 50 ms pause and a syllable 18 dB softer, 0.3 s of silence both
    /// sides, in white noise 40 dB below (a set-up take); and the same take trimmed at the
    /// ends as another recorder would (first and last sample within 40 dB of the peak).
    fn take_and_trimmed() -> (Vec<f32>, Vec<f32>) {
        let mut clean = vec![0.0; 4_800];
        clean.extend(tone(0.3, 0.3));
        clean.extend(vec![0.0; 800]);
        clean.extend(tone(0.35, 0.04));
        clean.extend(vec![0.0; 4_800]);
        let hiss = crate::espeak::white_noise(clean.len(), 11);
        let take = crate::espeak::add_noise(&clean, &hiss, 40.0);
        let trimmed = crate::espeak::trim(&take, 40.0);
        assert!(trimmed.len() < take.len() - 8_000);
        (take, trimmed)
    }

    #[test]
    fn a_take_trimmed_at_the_ends_keeps_the_same_speech() {
        let x = Extractor::new(FeatureParams::default());
        let (take, trimmed) = take_and_trimmed();
        let (a, b) = (x.speech(&take).unwrap(), x.speech(&trimmed).unwrap());
        // Its soft syllable is kept in both. The trimmed take has no room for the margin
        // (nor for the onset the 3-frame smoothing spreads), so up to 3 frames less each side.
        assert!(a.len() >= 60, "{a:?}");
        assert!(
            a.len() >= b.len() && a.len() <= b.len() + 6,
            "{a:?} vs {b:?}"
        );
    }

    #[test]
    fn a_trimmed_take_has_no_silence_to_take_noise_from() {
        let on = Extractor::new(FeatureParams::default());
        let off = Extractor::new(FeatureParams {
            noise_subtract: 0.0,
            ..FeatureParams::default()
        });
        let (_, trimmed) = take_and_trimmed();
        assert_eq!(
            on.features(&trimmed).unwrap().data,
            off.features(&trimmed).unwrap().data,
            "its softest speech is not noise"
        );
    }

    #[test]
    fn warping_moves_filters_the_right_way_and_stays_below_nyquist() {
        let nyquist = 8_000.0;
        for alpha in [0.8f32, 0.9, 1.0, 1.1, 1.2] {
            assert!((warp_hz(nyquist, alpha) - nyquist).abs() < 1e-2, "{alpha}");
            assert_eq!(warp_hz(0.0, alpha), 0.0);
            let edges = filter_edges_hz(26, alpha);
            assert_eq!(edges.len(), 28);
            assert!(edges.windows(2).all(|w| w[0] < w[1]), "{alpha}: {edges:?}");
            assert!(edges[27] < nyquist, "{alpha}: {}", edges[27]);
        }
        let plain = filter_edges_hz(26, 1.0);
        let up = filter_edges_hz(26, 1.15);
        let down = filter_edges_hz(26, 0.85);
        for i in 1..27 {
            assert!(up[i] > plain[i] && down[i] < plain[i], "centre {i}");
        }
        assert!(
            (up[10] / plain[10] - 1.15).abs() < 1e-3,
            "linear below the break"
        );
        assert!((warp_hz(1_000.0, 1.0) - 1_000.0).abs() < 1e-3);
    }

    #[test]
    fn warp_one_is_the_plain_features() {
        let x = Extractor::new(FeatureParams {
            warps: vec![0.9, 1.0, 1.1],
            ..FeatureParams::default()
        });
        let mut a = vec![0.0; 1_600];
        a.extend(tone(0.6, 0.3));
        a.extend(vec![0.0; 1_600]);
        let plain = x.features(&a).unwrap();
        let warped = x.warped_features(&a);
        assert_eq!(warped.len(), 3);
        assert_eq!(warped[1].0, 1.0);
        assert_eq!(warped[1].1.data, plain.data);
        assert_ne!(warped[0].1.data, plain.data);
        assert!(x.warped_features(&vec![0.0; 16_000]).is_empty());
    }

    #[test]
    fn noise_is_taken_off_only_when_it_is_near_the_speech() {
        let on = Extractor::new(FeatureParams::default());
        let off = Extractor::new(FeatureParams {
            noise_subtract: 0.0,
            ..FeatureParams::default()
        });
        let mut clean = vec![0.0; 4_800];
        clean.extend(tone(0.6, 0.3));
        clean.extend(vec![0.0; 4_800]);
        let hiss = crate::espeak::white_noise(clean.len(), 3);
        let faint = crate::espeak::add_noise(&clean, &hiss, 40.0);
        assert_eq!(
            on.features(&faint).unwrap().data,
            off.features(&faint).unwrap().data,
            "40 dB below: left alone"
        );
        let noisy = crate::espeak::add_noise(&clean, &hiss, 10.0);
        assert_ne!(
            on.features(&noisy).unwrap().data,
            off.features(&noisy).unwrap().data,
            "10 dB below: taken off"
        );
    }

    #[test]
    fn silence_quiet_and_short_have_no_speech() {
        let x = Extractor::new(FeatureParams::default());
        assert!(x.features(&vec![0.0; 16_000]).is_none());
        assert!(
            x.features(&tone(0.6, 0.0005)).is_none(),
            "−66 dBFS is too quiet"
        );
        let mut blip = vec![0.0; 8_000];
        blip.extend(tone(0.08, 0.3));
        blip.extend(vec![0.0; 8_000]);
        assert!(x.features(&blip).is_none(), "80 ms is too short");
        assert!(x.features(&[]).is_none());
    }
}
