//! Voice commands from the member's own recordings (语音下单).
//!
//! No speech model: at set-up she says each phrase a few times ([`Enrolment`]); later
//! [`TemplateListener`] matches what she says against her own recordings (MFCC features,
//! dynamic time warping, a threshold per phrase learnt from her recordings). Phrases are
//! plain ids (the enrolment folder's sub-folder names); the app decides what they mean and
//! which are accepted on each screen. Audio is 16 kHz mono `f32` in −1..1 throughout.
//!
//! SKELETON: bodies are being written on branch voice-core; the API below is agreed.

use std::path::{Path, PathBuf};

/// The sample rate of all audio here.
pub const RATE: u32 = 16_000;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not a WAV file Linli can read: {0}")]
    Wav(String),
    #[error("not a phrase id: {0:?}")]
    BadPhrase(String),
}

/// What was heard.
#[derive(Debug, Clone, PartialEq)]
pub enum Heard {
    /// This phrase, confidently.
    Phrase(String),
    /// Nothing (silence, or nothing close enough to one of the phrases asked for).
    Nothing,
}

/// Something that tells which phrase an utterance is.
pub trait Listener: Send {
    /// Which of `only` (phrase ids) `audio` is, or [`Heard::Nothing`].
    fn hear(&self, audio: &[f32], only: &[&str]) -> Heard;
    /// She confirmed that `audio` was `phrase`: learn from it (kept, capped per phrase).
    fn learn(&mut self, phrase: &str, audio: &[f32]) -> Result<(), Error>;
}

/// The member's recordings: `dir/<phrase>/*.wav`, 16 kHz mono.
pub struct Enrolment {
    dir: PathBuf,
}

impl Enrolment {
    /// Opens (and makes, if missing) the folder.
    pub fn open(dir: &Path) -> Result<Enrolment, Error> {
        let _ = dir;
        unimplemented!()
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// Her recordings of `phrase`, oldest first.
    pub fn recordings(&self, phrase: &str) -> Vec<PathBuf> {
        let _ = phrase;
        unimplemented!()
    }
    /// Saves one more recording of `phrase` (written whole, then renamed into place).
    pub fn add(&self, phrase: &str, audio: &[f32]) -> Result<PathBuf, Error> {
        let _ = (phrase, audio);
        unimplemented!()
    }
    /// Deletes one recording.
    pub fn remove(&self, recording: &Path) -> Result<(), Error> {
        let _ = recording;
        unimplemented!()
    }
    /// Deletes every recording of every phrase (and the folder).
    pub fn erase(&self) -> Result<(), Error> {
        unimplemented!()
    }
}

/// MFCC + DTW matching against an [`Enrolment`].
pub struct TemplateListener;

impl TemplateListener {
    /// Loads every recording of the enrolment and works out each phrase's threshold.
    pub fn load(enrolment: &Enrolment) -> Result<TemplateListener, Error> {
        let _ = enrolment;
        unimplemented!()
    }
}

impl Listener for TemplateListener {
    fn hear(&self, audio: &[f32], only: &[&str]) -> Heard {
        let _ = (audio, only);
        unimplemented!()
    }
    fn learn(&mut self, phrase: &str, audio: &[f32]) -> Result<(), Error> {
        let _ = (phrase, audio);
        unimplemented!()
    }
}

/// How loud a stretch of audio is, 0.0 (silence) to 1.0 (full scale), on a scale that
/// suits a level meter (decibels mapped from −60 dBFS to 0).
pub fn level(audio: &[f32]) -> f32 {
    let _ = audio;
    unimplemented!()
}

/// Tells, chunk by chunk, when an utterance has ended: speech heard, then a short silence.
pub struct Endpointer;

impl Endpointer {
    pub fn new() -> Endpointer {
        Endpointer
    }
    /// Feeds the next chunk; true once speech has started and then stopped.
    pub fn push(&mut self, chunk: &[f32]) -> bool {
        let _ = chunk;
        unimplemented!()
    }
}

impl Default for Endpointer {
    fn default() -> Self {
        Self::new()
    }
}

/// WAV files: read any PCM/float WAV (mixed to mono, resampled to 16 kHz); write 16 kHz
/// mono 16-bit.
pub mod wav {
    use super::Error;
    use std::path::Path;
    pub fn read(path: &Path) -> Result<Vec<f32>, Error> {
        let _ = path;
        unimplemented!()
    }
    pub fn write(path: &Path, audio: &[f32]) -> Result<(), Error> {
        let _ = (path, audio);
        unimplemented!()
    }
}

/// Mono audio at `from` Hz to [`RATE`].
pub fn resample(audio: &[f32], from: u32) -> Vec<f32> {
    let _ = (audio, from);
    unimplemented!()
}

/// Which of `only` the WAV file is, against the enrolment in `enrolled`
/// (`linli voice match`).
pub fn match_file(enrolled: &Path, only: &[&str], wav: &Path) -> Result<Heard, Error> {
    let listener = TemplateListener::load(&Enrolment::open(enrolled)?)?;
    Ok(listener.hear(&wav::read(wav)?, only))
}

/// Synthetic Mandarin from espeak-ng's `cmn-latn-pinyin` voice, for tests, benches and
/// trying the app without a microphone.
pub mod espeak {
    use super::Error;
    /// How espeak-ng speaks: words per minute, pitch 0–99, voice variant (e.g. "m3", "f2").
    #[derive(Debug, Clone, PartialEq)]
    pub struct Voice {
        pub speed: u32,
        pub pitch: u32,
        pub variant: Option<String>,
    }
    /// `pinyin` (tone-numbered, e.g. "di4 san1 ge4") said by `voice`, 16 kHz mono.
    pub fn say(pinyin: &str, voice: &Voice) -> Result<Vec<f32>, Error> {
        let _ = (pinyin, voice);
        unimplemented!()
    }
}
