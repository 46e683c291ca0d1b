//! Voice commands from the member's own recordings (语音下单).
//!
//! No speech model: at set-up she says each phrase a few times ([`Enrolment`]); later
//! [`TemplateListener`] matches what she says against her own recordings (MFCC features,
//! dynamic time warping, a threshold per phrase learnt from her recordings). Phrases are
//! plain ids (the enrolment folder's sub-folder names); the app decides what they mean and
//! which are accepted on each screen. Audio is 16 kHz mono `f32` in −1..1 throughout.
//!
//! Modules: [`wav`] (files), [`resample()`], [`mfcc`] (features and silence trimming),
//! [`dtw`], [`enrol`] (the folder), [`listener`] ([`TemplateListener`]), [`endpoint`]
//! ([`level`], [`Endpointer`]) and [`espeak`] (synthetic speech and test conditions).

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
        std::fs::create_dir_all(dir)?;
        Ok(Enrolment {
            dir: dir.to_path_buf(),
        })
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// Her recordings of `phrase`, oldest first: those said at set-up and those kept by
    /// [`Listener::learn`] (see [`enrol::is_learned`]). None for a bad phrase id.
    pub fn recordings(&self, phrase: &str) -> Vec<PathBuf> {
        self.recordings_of(phrase)
    }
    /// Saves one more recording of `phrase` (written whole, then renamed into place).
    pub fn add(&self, phrase: &str, audio: &[f32]) -> Result<PathBuf, Error> {
        self.save(phrase, audio, false)
    }
    /// Deletes one recording (only a `.wav` inside this enrolment).
    pub fn remove(&self, recording: &Path) -> Result<(), Error> {
        let inside = recording
            .parent()
            .and_then(|p| p.parent())
            .is_some_and(|d| d == self.dir)
            && recording.extension().is_some_and(|x| x == "wav");
        if !inside {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a recording of this enrolment",
            )));
        }
        std::fs::remove_file(recording)?;
        Ok(())
    }
    /// Deletes every recording of every phrase (and the folder).
    pub fn erase(&self) -> Result<(), Error> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            r => Ok(r?),
        }
    }
}

pub mod dtw;
pub mod endpoint;
pub mod enrol;
pub mod espeak;
pub mod listener;
pub mod mfcc;
mod resample;
pub mod wav;

pub use endpoint::{Endpointer, level};
pub use listener::{ListenerParams, TemplateListener, Vtln};
pub use resample::{resample, resample_to};

/// Which of `only` the WAV file is, against the enrolment in `enrolled`
/// (`linli voice match`).
pub fn match_file(enrolled: &Path, only: &[&str], wav: &Path) -> Result<Heard, Error> {
    let listener = TemplateListener::load(&Enrolment::open(enrolled)?)?;
    Ok(listener.hear(&wav::read(wav)?, only))
}
