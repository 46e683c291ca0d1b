//! Features: energy-based trimming of leading/trailing silence, then MFCCs (pre-emphasis,
//! 25 ms Hamming frames every 10 ms, mel filterbank, log, DCT) with per-utterance cepstral
//! mean (and optionally variance) normalisation and delta coefficients.

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
    /// Loudest frame must be at least this loud (dBFS) …
    pub min_peak_db: f32,
    /// … and this far above the noise floor, or there is no speech.
    pub min_range_db: f32,
    /// Shortest speech kept, in frames.
    pub min_frames: usize,
}

impl Default for FeatureParams {
    fn default() -> Self {
        FeatureParams {
            mel_filters: 26,
            variance_norm: true,
            delta_weight: 1.0,
            trim_below_peak_db: 35.0,
            trim_floor_fraction: 0.4,
            min_peak_db: -55.0,
            min_range_db: 12.0,
            min_frames: 20,
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

/// Makes [`Features`]; holds the FFT plan and filterbank.
pub struct Extractor {
    params: FeatureParams,
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// Per filter: first FFT bin and its weights.
    filters: Vec<(usize, Vec<f32>)>,
    dct: Vec<f32>,
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
        let (lo, hi) = (mel(100.0), mel(7600.0));
        let edges: Vec<f32> = (0..n + 2)
            .map(|i| {
                hz(lo + (hi - lo) * i as f32 / (n + 1) as f32) * FFT as f32 / crate::RATE as f32
            })
            .collect();
        let filters = (0..n)
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
        let floor = sorted[sorted.len() / 10].max(-75.0);
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
        let (start, end) = (start.saturating_sub(2), (end + 2).min(e.len()));
        (end > start && end - start >= p.min_frames).then_some(start..end)
    }

    /// Features of the speech in `audio` (see [`Extractor::speech`]), or `None`.
    pub fn features(&self, audio: &[f32]) -> Option<Features> {
        let range = self.speech(audio)?;
        let n = range.len();
        let mut ceps = vec![0f32; n * CEPS];
        let mut frame = self.fft.make_input_vec();
        let mut spec = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        let mut logmel = vec![0f32; self.filters.len()];
        for (row, fi) in range.clone().enumerate() {
            let at = fi * HOP;
            frame.iter_mut().for_each(|v| *v = 0.0);
            for i in 0..FRAME {
                let prev = if at + i > 0 { audio[at + i - 1] } else { 0.0 };
                frame[i] = (audio[at + i] - 0.97 * prev) * self.window[i];
            }
            self.fft
                .process_with_scratch(&mut frame, &mut spec, &mut scratch)
                .expect("FFT buffers are the planned sizes");
            for ((first, w), out) in self.filters.iter().zip(logmel.iter_mut()) {
                let e: f32 = w
                    .iter()
                    .zip(&spec[*first..])
                    .map(|(w, c)| w * c.norm_sqr())
                    .sum();
                *out = (e + 1e-8).ln();
            }
            let m = logmel.len();
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
        Some(Features { data })
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
