//! Synthetic Mandarin from espeak-ng's `cmn-latn-pinyin` voice, for tests, benches and
//! trying the app without a microphone; and the test conditions (noise at a given SNR,
//! padding, gain) made from it.

use crate::{Error, wav};
use std::io::{Cursor, ErrorKind};
use std::process::Command;

/// How espeak-ng speaks: words per minute, pitch 0–99, voice variant (e.g. "m3", "f2").
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub speed: u32,
    pub pitch: u32,
    pub variant: Option<String>,
}

impl Default for Voice {
    fn default() -> Self {
        Voice {
            speed: 150,
            pitch: 50,
            variant: None,
        }
    }
}

/// `pinyin` (tone-numbered, e.g. "di4 san1 ge4") said by `voice`, 16 kHz mono.
pub fn say(pinyin: &str, voice: &Voice) -> Result<Vec<f32>, Error> {
    let mut v = "cmn-latn-pinyin".to_string();
    if let Some(var) = &voice.variant {
        if var.is_empty() || !var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::Io(std::io::Error::new(
                ErrorKind::InvalidInput,
                format!("not an espeak-ng variant: {var:?}"),
            )));
        }
        v = format!("{v}+{var}");
    }
    let out = Command::new("espeak-ng")
        .args([
            "-v",
            &v,
            "-s",
            &voice.speed.to_string(),
            "-p",
            &voice.pitch.to_string(),
        ])
        .arg("--stdout")
        // A leading space: text is never taken for an option.
        .arg(format!(" {pinyin}"))
        .output()
        .map_err(|e| {
            if e.kind() == ErrorKind::NotFound {
                Error::Io(std::io::Error::new(
                    ErrorKind::NotFound,
                    "espeak-ng is not installed (Debian: apt-get install espeak-ng)",
                ))
            } else {
                Error::Io(e)
            }
        })?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(Error::Io(std::io::Error::other(format!(
            "espeak-ng failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))));
    }
    let bytes = fix_streamed_sizes(out.stdout);
    // espeak-ng writes 22050 Hz; from_reader resamples it to 16 kHz.
    wav::from_reader(Cursor::new(bytes))
}

/// espeak-ng writes to a pipe with placeholder sizes (0x7ffff000) in its header; put the
/// real ones in so the WAV reader does not see a truncated file.
fn fix_streamed_sizes(mut b: Vec<u8>) -> Vec<u8> {
    if b.len() < 12 || &b[0..4] != b"RIFF" {
        return b;
    }
    let riff = (b.len() - 8) as u32;
    b[4..8].copy_from_slice(&riff.to_le_bytes());
    let mut at = 12;
    while at + 8 <= b.len() {
        let size = u32::from_le_bytes([b[at + 4], b[at + 5], b[at + 6], b[at + 7]]) as usize;
        if &b[at..at + 4] == b"data" {
            let real = ((b.len() - at - 8) & !1) as u32;
            b[at + 4..at + 8].copy_from_slice(&real.to_le_bytes());
            break;
        }
        at += 8 + size + (size & 1);
    }
    b
}

/// Fixed-seed pseudo-random numbers (SplitMix64), uniform in −1..1.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_f32(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

/// `n` samples of white noise, uniform in −1..1, from `seed`.
pub fn white_noise(n: usize, seed: u64) -> Vec<f32> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| r.next_f32()).collect()
}

/// Sentences for babble: other people talking in the background.
const BABBLE: [&str; 6] = [
    "ni3 men5 zuo2 tian1 qu4 na3 li3 wan2 le5",
    "zhe4 ge4 xing1 qi1 de5 cai4 jia4 you4 zhang3 le5",
    "lou2 xia4 de5 xiao3 hai2 zai4 wan2 qiu2",
    "ta1 shuo1 ming2 tian1 yao4 xia4 yu3 le5",
    "wo3 men5 yi4 qi3 qu4 gong1 yuan2 san4 bu4 ba5",
    "ni3 chi1 fan4 le5 mei2 you3 a5",
];

/// `n` samples of babble: four espeak-ng talkers (other voices) at once, each from a
/// different point of its looped sentences chosen by `seed`.
pub fn babble(n: usize, seed: u64) -> Result<Vec<f32>, Error> {
    let mut r = Rng::new(seed);
    let mut out = vec![0f32; n];
    for (k, variant) in ["m2", "f3", "m6", "f1"].iter().enumerate() {
        let mut talk = Vec::new();
        for i in 0..BABBLE.len() {
            let s = BABBLE[(i + k + seed as usize) % BABBLE.len()];
            let v = Voice {
                speed: 160 + 10 * k as u32,
                pitch: 40 + 7 * k as u32,
                variant: Some(variant.to_string()),
            };
            talk.extend(say(s, &v)?);
        }
        let start = ((r.next_f32() + 1.0) * 0.5 * talk.len() as f32) as usize;
        for (i, o) in out.iter_mut().enumerate() {
            *o += talk[(start + i) % talk.len()];
        }
    }
    Ok(out)
}

/// The power of the speech in `audio`: mean square over its 10 ms steps within 30 dB of
/// the loudest (its "active level", so padding does not lower it).
pub fn active_power(audio: &[f32]) -> f32 {
    let steps: Vec<f32> = audio
        .chunks(160)
        .map(|c| c.iter().map(|x| x * x).sum::<f32>() / c.len() as f32)
        .collect();
    let peak = steps.iter().copied().fold(0.0, f32::max);
    let loud: Vec<f32> = steps.into_iter().filter(|&p| p > peak * 1e-3).collect();
    if loud.is_empty() {
        0.0
    } else {
        loud.iter().sum::<f32>() / loud.len() as f32
    }
}

/// `audio` with `noise` (looped if shorter) added at `snr_db` below its active level.
pub fn add_noise(audio: &[f32], noise: &[f32], snr_db: f32) -> Vec<f32> {
    let np = noise.iter().map(|x| x * x).sum::<f32>() / noise.len().max(1) as f32;
    if np == 0.0 {
        return audio.to_vec();
    }
    let scale = (active_power(audio) / np / 10f32.powf(snr_db / 10.0)).sqrt();
    audio
        .iter()
        .enumerate()
        .map(|(i, x)| x + scale * noise[i % noise.len()])
        .collect()
}

/// `audio` with `secs` of digital silence before and after.
pub fn pad(audio: &[f32], secs: f32) -> Vec<f32> {
    let n = (secs * crate::RATE as f32) as usize;
    let mut v = vec![0f32; n];
    v.extend_from_slice(audio);
    v.extend(std::iter::repeat_n(0.0, n));
    v
}

/// `audio` cut to its first and last sample within `below_peak_db` of its loudest sample,
/// as a recorder's or editor's "trim silence" leaves a take (no silence either side).
pub fn trim(audio: &[f32], below_peak_db: f32) -> Vec<f32> {
    let peak = audio.iter().fold(0f32, |m, x| m.max(x.abs()));
    let thr = peak * 10f32.powf(-below_peak_db / 20.0);
    let loud = |x: &&f32| x.abs() >= thr && peak > 0.0;
    match (
        audio.iter().position(|x| loud(&x)),
        audio.iter().rposition(|x| loud(&x)),
    ) {
        (Some(a), Some(b)) => audio[a..=b].to_vec(),
        _ => Vec::new(),
    }
}

/// `audio` louder (or quieter, negative) by `db`.
pub fn gain(audio: &[f32], db: f32) -> Vec<f32> {
    let g = 10f32.powf(db / 20.0);
    audio.iter().map(|x| x * g).collect()
}

/// The phrases the app can learn, by folder name, in tone-numbered pinyin for espeak-ng
/// (what the tests, the bench and the screenshots say).
pub const PHRASES: [(&str, &str); 15] = [
    ("item-1", "di4 yi1 ge4"),
    ("item-2", "di4 er4 ge4"),
    ("item-3", "di4 san1 ge4"),
    ("item-4", "di4 si4 ge4"),
    ("item-5", "di4 wu3 ge4"),
    ("item-6", "di4 liu4 ge4"),
    ("item-7", "di4 qi1 ge4"),
    ("item-8", "di4 ba1 ge4"),
    ("item-9", "di4 jiu3 ge4"),
    ("back", "fan3 hui2"),
    ("read-aloud", "lang3 du2"),
    ("more", "duo1 yi4 dian3"),
    ("less", "shao3 yi4 dian3"),
    ("yes", "que4 ding4"),
    ("no", "bu2 yao4"),
];

/// Things an older person might say near the microphone that are none of the commands;
/// some share syllables with them (di4, yi1, ge4, bu4, shao3 … yi4 dian3, que4).
pub const UNRELATED: [&str; 20] = [
    "jin1 tian1 tian1 qi4 hen3 hao3",
    "wo3 yao4 qu4 chao1 shi4 mai3 cai4",
    "di4 di5 hui2 lai2 le5",
    "yi1 ge4 ren2",
    "bu4 zhi1 dao4",
    "ni3 hao3",
    "xie4 xie5 ni3",
    "ming2 tian1 jian4",
    "zhe4 ge4 duo1 shao3 qian2",
    "wo3 de5 yan3 jing4 bu4 hao3",
    "di4 tie3 zhan4 zai4 na3 li3",
    "ge4 ge5 zai4 jia1 ma5",
    "yi1 dian3 dou1 bu4 gui4",
    "ni3 chi1 le5 ma5",
    "kuai4 dian3 lai2",
    "dian4 shi4 tai2 hen3 chao3",
    "shao3 chi1 yi4 dian3 tang2",
    "que4 shi2 bu2 cuo4",
    "fan4 hao3 le5 kuai4 lai2 chi1",
    "lao3 wang2 zai4 lou2 xia4 deng3 ni3",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_mixed_at_the_asked_snr() {
        let tone: Vec<f32> = (0..16_000).map(|i| (i as f32 * 0.1).sin() * 0.3).collect();
        let noise = white_noise(16_000, 7);
        assert_eq!(noise, white_noise(16_000, 7), "fixed seed");
        let mixed = add_noise(&tone, &noise, 20.0);
        let added: Vec<f32> = mixed.iter().zip(&tone).map(|(m, t)| m - t).collect();
        let snr = 10.0 * (active_power(&tone) / active_power(&added)).log10();
        assert!((snr - 20.0).abs() < 0.5, "{snr}");
        assert_eq!(pad(&tone, 1.0).len(), 48_000);
        assert!((gain(&tone, -20.0)[15] - tone[15] * 0.1).abs() < 1e-6);
        let mut quiet_ends = vec![0.001; 100];
        quiet_ends.extend(&tone);
        quiet_ends.extend(vec![-0.001; 300]);
        let t = trim(&pad(&quiet_ends, 0.5), 40.0).len();
        assert!((tone.len() - 30..=tone.len()).contains(&t), "{t}");
        assert!(trim(&[0.0; 50], 40.0).is_empty());
    }
}
