//! [`level`] for a level meter and the [`Endpointer`] that tells when she has finished
//! speaking.

/// How loud a stretch of audio is, 0.0 (silence) to 1.0 (full scale): its RMS in dBFS
/// mapped linearly from −60 dB (0.0) to 0 dB (1.0).
pub fn level(audio: &[f32]) -> f32 {
    if audio.is_empty() {
        return 0.0;
    }
    let ms = audio.iter().map(|x| x * x).sum::<f32>() / audio.len() as f32;
    let db = 10.0 * (ms + 1e-12).log10();
    ((db + 60.0) / 60.0).clamp(0.0, 1.0)
}

/// 10 ms at 16 kHz.
const STEP: usize = 160;
/// Speech: this many dB above the noise floor to start …
const START_DB: f32 = 12.0;
/// … and this many to go on counting as speech once started.
const CONTINUE_DB: f32 = 8.0;
/// Nothing quieter than this (dBFS) is speech.
const MIN_SPEECH_DB: f32 = -50.0;
/// Steps of speech in a row before an utterance has started (100 ms).
const START_STEPS: usize = 10;
/// Steps of silence after speech that end it (600 ms).
const END_STEPS: usize = 60;
/// How fast the noise floor rises towards louder audio, dB per step (5 dB/s); it falls at
/// once to anything quieter.
const FLOOR_RISE: f32 = 0.05;

/// Tells, chunk by chunk, when an utterance has ended: speech heard (100 ms at least
/// 12 dB over the adaptive noise floor and above −50 dBFS), then 0.6 s without it. Chunks
/// may be any length; they are looked at in 10 ms steps.
#[derive(Debug, Clone, Default)]
pub struct Endpointer {
    pending: Vec<f32>,
    floor: Option<f32>,
    run: usize,
    started: bool,
    quiet: usize,
    done: bool,
}

impl Endpointer {
    pub fn new() -> Endpointer {
        Endpointer::default()
    }

    /// Feeds the next chunk; true once speech has started and then stopped (and from then
    /// on, until [`Endpointer::reset`]).
    pub fn push(&mut self, chunk: &[f32]) -> bool {
        self.pending.extend_from_slice(chunk);
        let steps = self.pending.len() / STEP;
        for s in 0..steps {
            let e = {
                let f = &self.pending[s * STEP..(s + 1) * STEP];
                10.0 * (f.iter().map(|x| x * x).sum::<f32>() / STEP as f32 + 1e-10).log10()
            };
            self.step(e);
        }
        self.pending.drain(..steps * STEP);
        self.done
    }

    fn step(&mut self, e: f32) {
        let floor = match self.floor {
            None => e,
            Some(f) if e < f => e,
            Some(f) => f + (e - f).min(FLOOR_RISE),
        };
        self.floor = Some(floor);
        if self.done {
            return;
        }
        if !self.started {
            if e > floor + START_DB && e > MIN_SPEECH_DB {
                self.run += 1;
                if self.run >= START_STEPS {
                    self.started = true;
                }
            } else {
                self.run = 0;
            }
        } else if e > floor + CONTINUE_DB && e > MIN_SPEECH_DB {
            self.quiet = 0;
        } else {
            self.quiet += 1;
            if self.quiet >= END_STEPS {
                self.done = true;
            }
        }
    }

    /// Whether speech has started (for showing "listening…").
    pub fn heard_speech(&self) -> bool {
        self.started
    }

    /// Starts over for the next utterance.
    pub fn reset(&mut self) {
        *self = Endpointer::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(n: usize, amp: f32, seed: u64) -> Vec<f32> {
        crate::espeak::white_noise(n, seed)
            .into_iter()
            .map(|x| x * amp)
            .collect()
    }

    /// A vowel-like sound: 200 Hz with harmonics, at `amp`.
    fn vowel(secs: f32, amp: f32) -> Vec<f32> {
        (0..(secs * 16_000.0) as usize)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                let w = 2.0 * std::f32::consts::PI * 200.0 * t;
                amp * (w.sin() + 0.5 * (2.0 * w).sin() + 0.3 * (3.0 * w).sin()) / 1.8
            })
            .collect()
    }

    /// Feeds `audio` in `chunk`-sample pieces; the time (s) at which it first said true.
    fn fired_at(audio: &[f32], chunk: usize) -> Option<f32> {
        let mut ep = Endpointer::new();
        let mut fed = 0;
        for c in audio.chunks(chunk) {
            fed += c.len();
            if ep.push(c) {
                return Some(fed as f32 / 16_000.0);
            }
        }
        None
    }

    #[test]
    fn level_maps_minus_60_to_0_dbfs() {
        assert_eq!(level(&[]), 0.0);
        assert_eq!(level(&[0.0; 160]), 0.0);
        assert!((level(&[1.0; 160]) - 1.0).abs() < 1e-4);
        assert!((level(&[0.1; 160]) - 40.0 / 60.0).abs() < 1e-3, "−20 dBFS");
        assert!((level(&[0.001; 160]) - 0.0).abs() < 1e-3, "−60 dBFS");
        assert!(level(&vowel(0.1, 0.5)) > level(&vowel(0.1, 0.05)));
    }

    #[test]
    fn fires_after_speech_then_silence_at_any_chunk_size() {
        for chunk in [160, 480, 1600, 1000] {
            let mut a = noise(8_000, 0.001, 1);
            a.extend(vowel(0.8, 0.3));
            let end = a.len() as f32 / 16_000.0;
            a.extend(noise(32_000, 0.001, 2));
            let t = fired_at(&a, chunk).expect("never fired");
            let after = t - end;
            assert!(
                (0.55..0.8).contains(&after),
                "chunk {chunk}: fired {after} s after speech"
            );
        }
    }

    #[test]
    fn short_pauses_inside_speech_do_not_end_it() {
        let mut a = vowel(0.5, 0.3);
        a.extend(vec![0.0; 4_800]); // 0.3 s between words
        a.extend(vowel(0.5, 0.3));
        let end = a.len() as f32 / 16_000.0;
        a.extend(vec![0.0; 16_000]);
        let t = fired_at(&a, 800).expect("never fired");
        assert!(t > end + 0.5, "fired at {t}, speech ended at {end}");
    }

    #[test]
    fn silence_and_steady_noise_alone_never_fire() {
        assert_eq!(fired_at(&vec![0.0; 80_000], 800), None);
        assert_eq!(
            fired_at(&noise(80_000, 0.01, 3), 800),
            None,
            "−40 dBFS hiss"
        );
        assert_eq!(fired_at(&noise(80_000, 0.1, 4), 320), None, "−20 dBFS fan");
        let mut ep = Endpointer::new();
        ep.push(&noise(16_000, 0.01, 5));
        assert!(!ep.heard_speech());
    }

    #[test]
    fn speech_in_steady_noise_is_found() {
        let mut a = noise(16_000, 0.01, 6);
        let mut v = vowel(0.8, 0.3);
        for (x, n) in v.iter_mut().zip(noise(12_800, 0.01, 7)) {
            *x += n;
        }
        a.extend(v);
        a.extend(noise(24_000, 0.01, 8));
        assert!(fired_at(&a, 1600).is_some());
    }
}
