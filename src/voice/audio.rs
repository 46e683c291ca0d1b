//! The microphone and the loudspeaker for voice commands, through cpal: record one
//! utterance (a few seconds at most, ending early once she has stopped talking), play a
//! recording back, and the short tone that says "listening now". A WAV file can stand in
//! for the microphone (tests; trying a set-up without one). Nothing here is written to disk.

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use iced::futures::Stream;
use iced::futures::channel::mpsc;
use linli_voice::{Endpointer, RATE};
use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

/// Where the sound comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Mic {
    /// The computer's own microphone (the system's default input).
    Device,
    /// A recording, 16 kHz mono or anything [`linli_voice::wav::read`] reads.
    File(PathBuf),
}

/// News from a recording in progress.
#[derive(Debug, Clone)]
pub enum Capture {
    /// How loud the last tenth of a second was, 0–1 (the level meter).
    Level(f32),
    /// The utterance, 16 kHz mono; or why there is none (no microphone, a device error).
    Done(Result<Vec<f32>, Trouble>),
}

/// Why nothing could be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No microphone is connected (or the system gives none).
    NoMicrophone,
    /// The microphone or the recording file failed (its words, for the log and the screen).
    Failed(String),
}

/// Whether there is something to record from.
pub fn has_microphone(mic: &Mic) -> bool {
    match mic {
        Mic::Device => cpal::default_host().default_input_device().is_some(),
        Mic::File(p) => p.exists(),
    }
}

/// Records one utterance: a tone first (so she knows to speak), then up to `max`, ending
/// early once speech has been heard and has stopped. Runs on its own thread.
pub fn record(mic: Mic, max: Duration, tone: bool) -> impl Stream<Item = Capture> {
    let (tx, rx) = mpsc::unbounded();
    std::thread::spawn(move || {
        if tone && mic == Mic::Device {
            let _ = play(&cue(), Duration::from_millis(400));
        }
        let out = match mic {
            Mic::Device => from_device(max, &tx),
            Mic::File(path) => from_file(&path, max, &tx),
        };
        let _ = tx.unbounded_send(Capture::Done(out));
    });
    rx
}

/// Records one utterance from the microphone, waiting for it (the command line's `linli
/// voice record`).
pub fn record_now() -> Result<Vec<f32>, String> {
    let mut s = std::pin::pin!(record(Mic::Device, super::LISTEN_FOR, true));
    while let Some(c) = iced::futures::executor::block_on(iced::futures::StreamExt::next(&mut s)) {
        if let Capture::Done(r) = c {
            return r.map_err(|t| match t {
                Trouble::NoMicrophone => "no microphone found".to_string(),
                Trouble::Failed(why) => format!("the microphone failed: {why}"),
            });
        }
    }
    Err("the microphone stopped".into())
}

/// Feeds 100 ms chunks of a file as the microphone would (without waiting in real time).
fn from_file(
    path: &std::path::Path,
    max: Duration,
    tx: &mpsc::UnboundedSender<Capture>,
) -> Result<Vec<f32>, Trouble> {
    let audio = linli_voice::wav::read(path).map_err(|e| Trouble::Failed(e.to_string()))?;
    let limit = (max.as_secs_f32() * RATE as f32) as usize;
    let mut ends = Endpointer::new();
    let mut kept = Vec::new();
    for chunk in audio.chunks(RATE as usize / 10) {
        kept.extend_from_slice(chunk);
        let _ = tx.unbounded_send(Capture::Level(linli_voice::level(chunk)));
        if ends.push(chunk) || kept.len() >= limit {
            break;
        }
    }
    kept.truncate(limit);
    Ok(kept)
}

/// Records from the default input device, in whatever format it offers, as 16 kHz mono.
fn from_device(max: Duration, tx: &mpsc::UnboundedSender<Capture>) -> Result<Vec<f32>, Trouble> {
    let device = cpal::default_host()
        .default_input_device()
        .ok_or(Trouble::NoMicrophone)?;
    let config = device
        .default_input_config()
        .map_err(|e| Trouble::Failed(e.to_string()))?;
    let rate = config.sample_rate().0;
    let channels = config.channels() as usize;
    tracing::info!(
        "microphone: {rate} Hz, {channels} channel(s), {}",
        config.sample_format()
    );
    let (chunks, got) = std_mpsc::channel::<Vec<f32>>();
    let err = |e: cpal::StreamError| tracing::warn!("microphone: {e}");
    let stream_config: cpal::StreamConfig = config.clone().into();
    macro_rules! input {
        ($t:ty) => {{
            let chunks = chunks.clone();
            device.build_input_stream(
                &stream_config,
                move |data: &[$t], _: &_| {
                    let mono = data
                        .chunks(channels)
                        .map(|frame| {
                            frame
                                .iter()
                                .map(|s| <f32 as cpal::FromSample<$t>>::from_sample_(*s))
                                .sum::<f32>()
                                / channels as f32
                        })
                        .collect();
                    let _ = chunks.send(mono);
                },
                err,
                None,
            )
        }};
    }
    let stream = match config.sample_format() {
        cpal::SampleFormat::F32 => input!(f32),
        cpal::SampleFormat::I16 => input!(i16),
        cpal::SampleFormat::U16 => input!(u16),
        cpal::SampleFormat::I32 => input!(i32),
        other => return Err(Trouble::Failed(format!("sample format {other}"))),
    }
    .map_err(|e| Trouble::Failed(e.to_string()))?;
    stream.play().map_err(|e| Trouble::Failed(e.to_string()))?;
    let started = Instant::now();
    let mut raw = Vec::new();
    let mut pending = Vec::new();
    let mut ends = Endpointer::new();
    let tenth = rate as usize / 10;
    // Wall time and samples both bound it: some devices deliver faster than real time.
    let most = (max.as_secs_f32() * rate as f32) as usize;
    while started.elapsed() < max && raw.len() < most {
        match got.recv_timeout(Duration::from_millis(50)) {
            Ok(c) => pending.extend(c),
            Err(std_mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => break,
        }
        while pending.len() >= tenth {
            let chunk: Vec<f32> = pending.drain(..tenth).collect();
            let at16 = linli_voice::resample(&chunk, rate);
            let _ = tx.unbounded_send(Capture::Level(linli_voice::level(&at16)));
            raw.extend(chunk);
            if ends.push(&at16) {
                drop(stream);
                return Ok(linli_voice::resample(&raw, rate));
            }
        }
    }
    drop(stream);
    raw.extend(pending);
    Ok(linli_voice::resample(&raw, rate))
}

/// The "listening now" cue: two short rising notes, 16 kHz.
pub fn cue() -> Vec<f32> {
    let note = |hz: f32, ms: usize| -> Vec<f32> {
        let n = RATE as usize * ms / 1000;
        (0..n)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                // A soft start and end, so it clicks in no one's ear.
                let fade = ((i.min(n - i) as f32) / (RATE as f32 * 0.01)).min(1.0);
                0.3 * fade * (2.0 * std::f32::consts::PI * hz * t).sin()
            })
            .collect()
    };
    let mut out = note(660.0, 110);
    out.extend(std::iter::repeat_n(0.0, RATE as usize / 50));
    out.extend(note(880.0, 140));
    out
}

/// Plays 16 kHz mono `audio` on the default output and waits until it has played (at most
/// its length plus `spare`). No loudspeaker is not an error worth more than the log.
pub fn play(audio: &[f32], spare: Duration) -> Result<(), Trouble> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or(Trouble::Failed("no loudspeaker".into()))?;
    let config = device
        .default_output_config()
        .map_err(|e| Trouble::Failed(e.to_string()))?;
    let rate = config.sample_rate().0;
    let channels = config.channels() as usize;
    let samples = upsample(audio, rate);
    let length = Duration::from_secs_f32(samples.len() as f32 / rate as f32);
    let (done_tx, done) = std_mpsc::channel::<()>();
    let stream_config: cpal::StreamConfig = config.clone().into();
    let err = |e: cpal::StreamError| tracing::warn!("loudspeaker: {e}");
    macro_rules! output {
        ($t:ty) => {{
            let mut at = 0;
            let samples = samples.clone();
            let done_tx = done_tx.clone();
            device.build_output_stream(
                &stream_config,
                move |data: &mut [$t], _: &_| {
                    for frame in data.chunks_mut(channels) {
                        let s = samples.get(at).copied().unwrap_or(0.0);
                        at += 1;
                        for x in frame {
                            *x = <$t as cpal::FromSample<f32>>::from_sample_(s);
                        }
                    }
                    if at >= samples.len() {
                        let _ = done_tx.send(());
                    }
                },
                err,
                None,
            )
        }};
    }
    let stream = match config.sample_format() {
        cpal::SampleFormat::F32 => output!(f32),
        cpal::SampleFormat::I16 => output!(i16),
        cpal::SampleFormat::U16 => output!(u16),
        cpal::SampleFormat::I32 => output!(i32),
        other => return Err(Trouble::Failed(format!("sample format {other}"))),
    }
    .map_err(|e| Trouble::Failed(e.to_string()))?;
    stream.play().map_err(|e| Trouble::Failed(e.to_string()))?;
    let _ = done.recv_timeout(length + spare);
    // The device's own buffer still holds the last few milliseconds.
    std::thread::sleep(Duration::from_millis(60));
    Ok(())
}

/// 16 kHz mono to `rate` by linear interpolation (playback only: good enough for the ear).
fn upsample(audio: &[f32], rate: u32) -> Vec<f32> {
    if rate == RATE || audio.is_empty() {
        return audio.to_vec();
    }
    let step = RATE as f64 / rate as f64;
    let n = (audio.len() as f64 / step) as usize;
    (0..n)
        .map(|i| {
            let x = i as f64 * step;
            let j = x as usize;
            let f = (x - j as f64) as f32;
            let a = audio[j.min(audio.len() - 1)];
            let b = audio[(j + 1).min(audio.len() - 1)];
            a + (b - a) * f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_at_another_rate_keeps_the_length_and_the_tone() {
        let cue = cue();
        let up = upsample(&cue, 48_000);
        assert_eq!(up.len(), cue.len() * 3);
        // Every third sample of the 48 kHz copy is the 16 kHz sample it came from.
        for (i, s) in cue.iter().enumerate().step_by(97) {
            assert!((up[i * 3] - s).abs() < 1e-6);
        }
    }

    #[test]
    fn the_cue_is_audible_and_never_clips() {
        let cue = cue();
        let peak = cue.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.2 && peak <= 0.3, "peak {peak}");
        assert!(cue[0].abs() < 0.01, "starts softly");
    }
}
