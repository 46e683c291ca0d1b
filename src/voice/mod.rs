//! Voice commands (语音下单): the phrases, which screen accepts which, and the app's voice
//! state — her enrolment (recordings kept only on this computer), the matcher built from
//! it, and what is happening now (listening, what was heard). The screens that use it are
//! [`crate::basic::voice`] (enrolment, the 说话 bar); the audio is [`audio`].

pub mod audio;

use audio::Mic;
use linli_voice::{Enrolment, Heard, Listener, TemplateListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How long she may speak after the tone.
pub const LISTEN_FOR: std::time::Duration = std::time::Duration::from_secs(4);
/// Recordings per phrase asked for at enrolment (more are allowed).
pub const TAKES: usize = 3;

/// `linli voice match`: which of `only` (folder names; all enrolled if empty) the WAV file
/// is, against the enrolment in `enrolled`. An error names the file or folder at fault.
pub fn match_file(enrolled: &Path, only: &[String], wav: &Path) -> Result<Option<String>, String> {
    if !enrolled.is_dir() {
        return Err(format!("no enrolment folder at {}", enrolled.display()));
    }
    let only: Vec<String> = if only.is_empty() {
        let mut all: Vec<String> = std::fs::read_dir(enrolled)
            .map_err(|e| format!("{}: {e}", enrolled.display()))?
            .filter_map(|d| d.ok())
            .filter(|d| d.path().is_dir())
            .filter_map(|d| d.file_name().into_string().ok())
            .collect();
        all.sort();
        all
    } else {
        only.iter().map(|s| s.trim().to_string()).collect()
    };
    let refs: Vec<&str> = only.iter().map(String::as_str).collect();
    match linli_voice::match_file(enrolled, &refs, wav) {
        Ok(Heard::Phrase(p)) => Ok(Some(p)),
        Ok(Heard::Nothing) => Ok(None),
        Err(e) => Err(format!("{}: {e}", wav.display())),
    }
}

/// Whether a recording holds speech: at least a fifth of a second louder than −42 dBFS
/// (a take of silence, or of the fan, is not kept).
pub fn has_speech(audio: &[f32]) -> bool {
    audio
        .chunks(linli_voice::RATE as usize / 20)
        .filter(|c| linli_voice::level(c) > 0.3)
        .count()
        >= 4
}

/// Her takes of `p` said at enrolment (the matcher also keeps some from use, `learned-*`).
fn said(e: &Enrolment, p: Phrase) -> Vec<PathBuf> {
    e.recordings(&p.id())
        .into_iter()
        .filter(|r| !linli_voice::enrol::is_learned(r))
        .collect()
}

/// A phrase Linli can learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phrase {
    /// 第一个 … 第九个: the deal card with that number.
    Item(u8),
    Back,
    ReadAloud,
    More,
    Less,
    /// 确定.
    Yes,
    /// 不要.
    No,
}

impl Phrase {
    /// Every phrase, in the order enrolment asks for them: the first five deals and the
    /// commands, then deals six to nine (for groups with more deals).
    pub const ALL: [Phrase; 15] = [
        Phrase::Item(1),
        Phrase::Item(2),
        Phrase::Item(3),
        Phrase::Item(4),
        Phrase::Item(5),
        Phrase::Yes,
        Phrase::No,
        Phrase::More,
        Phrase::Less,
        Phrase::Back,
        Phrase::ReadAloud,
        Phrase::Item(6),
        Phrase::Item(7),
        Phrase::Item(8),
        Phrase::Item(9),
    ];

    /// The folder name of its recordings (`linli voice match --only` takes these).
    pub fn id(self) -> String {
        match self {
            Phrase::Item(n) => format!("item-{n}"),
            Phrase::Back => "back".into(),
            Phrase::ReadAloud => "read-aloud".into(),
            Phrase::More => "more".into(),
            Phrase::Less => "less".into(),
            Phrase::Yes => "yes".into(),
            Phrase::No => "no".into(),
        }
    }

    pub fn from_id(id: &str) -> Option<Phrase> {
        Phrase::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Its words' Fluent id (what she says, in the app's language).
    pub fn message_id(self) -> String {
        format!("voice-say-{}", self.id())
    }
}

/// News for the app's voice state.
#[derive(Debug, Clone)]
pub enum Event {
    /// From the microphone.
    Mic(audio::Capture),
    /// The utterance was matched: the phrase, if any, and the audio (kept to learn from).
    Matched(Option<Phrase>, Vec<f32>),
}

/// What is happening with the microphone.
#[derive(Debug, Clone, PartialEq)]
pub enum Now {
    Idle,
    /// Listening for a command (说话), with the level meter.
    Listening {
        level: f32,
    },
    /// Recording a take of `phrase` (enrolment), with the level meter.
    Recording {
        phrase: Phrase,
        level: f32,
    },
    /// Heard this, said in words ("您说的是：第三个，西红柿").
    Heard(String),
    /// Nothing heard clearly.
    Missed,
    /// Why nothing could be recorded, in words.
    Trouble(String),
}

/// The app's voice state.
pub struct Voice {
    pub mic: Mic,
    /// Her recordings; None where the app keeps no files (most tests).
    enrolment: Option<Enrolment>,
    /// Shared with the matching task, which runs off the window's thread.
    listener: Option<Arc<Mutex<TemplateListener>>>,
    pub now: Now,
    /// Recordings per phrase.
    counts: Vec<(Phrase, usize)>,
    /// Utterances heard on the way to an order: learnt from once she buys (she confirmed
    /// them by going on), forgotten if she goes back.
    pending: Vec<(Phrase, Vec<f32>)>,
    /// A problem reading her recordings (a damaged file), in the log's words.
    pub problem: Option<String>,
    /// The phrases the current listening accepts.
    pub asked: Vec<Phrase>,
    /// Her recordings that could not be read (`phrase/file: why`): skipped, the rest used.
    pub skipped: Vec<String>,
}

impl std::fmt::Debug for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voice")
            .field("now", &self.now)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl Voice {
    /// No voice: nothing enrolled, nowhere to keep recordings.
    pub fn none() -> Voice {
        Voice {
            mic: Mic::Device,
            enrolment: None,
            listener: None,
            now: Now::Idle,
            counts: Vec::new(),
            pending: Vec::new(),
            problem: None,
            asked: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Her recordings in `dir`, heard through `mic`.
    pub fn open(dir: &Path, mic: Mic) -> Voice {
        let mut v = Voice::none();
        v.mic = mic;
        match Enrolment::open(dir) {
            Ok(e) => v.enrolment = Some(e),
            Err(e) => v.problem = Some(e.to_string()),
        }
        v.reload();
        v
    }

    /// Whether she can record here (a folder for it).
    pub fn can_enrol(&self) -> bool {
        self.enrolment.is_some()
    }

    /// Reads the recordings again and rebuilds the matcher.
    fn reload(&mut self) {
        let Some(e) = &self.enrolment else { return };
        self.counts = Phrase::ALL
            .into_iter()
            .map(|p| (p, said(e, p).len()))
            .filter(|(_, n)| *n > 0)
            .collect();
        self.listener = if self.counts.is_empty() {
            None
        } else {
            match TemplateListener::load(e) {
                Ok(l) => {
                    // A damaged take is skipped; the rest of her voice still works.
                    self.skipped = l.warnings().to_vec();
                    for w in &self.skipped {
                        tracing::warn!("voice recording skipped: {w}");
                    }
                    Some(Arc::new(Mutex::new(l)))
                }
                Err(err) => {
                    tracing::warn!("voice recordings: {err}");
                    self.problem = Some(err.to_string());
                    None
                }
            }
        };
    }

    /// How many recordings of `p` she has.
    pub fn count(&self, p: Phrase) -> usize {
        self.counts
            .iter()
            .find(|(q, _)| *q == p)
            .map_or(0, |(_, n)| *n)
    }

    /// Whether she has every take of the first `n` phrases of [`Phrase::ALL`].
    pub fn complete(&self, n: usize) -> bool {
        Phrase::ALL.iter().take(n).all(|p| self.count(*p) >= TAKES)
    }

    /// Whether she has recorded anything at all.
    pub fn enrolled(&self) -> bool {
        !self.counts.is_empty()
    }

    /// Which of `wanted` she can say (has recordings of).
    pub fn usable(&self, wanted: &[Phrase]) -> Vec<Phrase> {
        wanted
            .iter()
            .copied()
            .filter(|p| self.count(*p) > 0)
            .collect()
    }

    /// Which of `only` the utterance is, worked out on a blocking thread (matching takes
    /// some 20–50 ms: the window never waits for it).
    pub fn hear(
        &self,
        audio: Vec<f32>,
        only: Vec<Phrase>,
    ) -> impl Future<Output = (Option<Phrase>, Vec<f32>)> + Send + 'static {
        let listener = self.listener.clone();
        async move {
            let Some(l) = listener else {
                return (None, audio);
            };
            let work = move || {
                let ids: Vec<String> = only.iter().map(|p| p.id()).collect();
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                let heard = l
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .hear(&audio, &ids);
                let p = match heard {
                    Heard::Phrase(id) => Phrase::from_id(&id),
                    Heard::Nothing => None,
                };
                (p, audio)
            };
            tokio::task::spawn_blocking(work)
                .await
                .unwrap_or((None, Vec::new()))
        }
    }

    /// Keeps a take of `p` (enrolment).
    pub fn add(&mut self, p: Phrase, audio: &[f32]) -> Result<(), linli_voice::Error> {
        if let Some(e) = &self.enrolment {
            e.add(&p.id(), audio)?;
        }
        self.reload();
        Ok(())
    }

    /// Her takes of `p` at enrolment, oldest first (not those kept from use).
    pub fn takes(&self, p: Phrase) -> Vec<PathBuf> {
        self.enrolment
            .as_ref()
            .map(|e| said(e, p))
            .unwrap_or_default()
    }

    /// Deletes her last take of `p` (re-record).
    pub fn remove_last(&mut self, p: Phrase) -> Result<(), linli_voice::Error> {
        if let (Some(e), Some(last)) = (&self.enrolment, self.takes(p).last()) {
            e.remove(last)?;
        }
        self.reload();
        Ok(())
    }

    /// Deletes every recording (她的声音, all of it).
    pub fn erase(&mut self) -> Result<(), linli_voice::Error> {
        if let Some(e) = &self.enrolment {
            e.erase()?;
            self.enrolment = Some(Enrolment::open(e.dir())?);
        }
        self.pending.clear();
        self.listener = None;
        self.counts.clear();
        Ok(())
    }

    /// An utterance heard as `p` on the way to an order.
    pub fn heard_on_the_way(&mut self, p: Phrase, audio: Vec<f32>) {
        self.pending.push((p, audio));
    }

    /// She went back: what was heard on the way is not confirmed.
    pub fn forget_the_way(&mut self) {
        self.pending.clear();
    }

    /// She bought: each utterance on the way was right; learn from them.
    pub fn learn_the_way(&mut self) {
        let Some(l) = &self.listener else {
            self.pending.clear();
            return;
        };
        let mut l = l.lock().unwrap_or_else(|p| p.into_inner());
        for (p, audio) in self.pending.drain(..) {
            if let Err(e) = l.learn(&p.id(), &audio) {
                tracing::warn!("voice learning: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_has_one_folder_name_and_back() {
        let ids: std::collections::BTreeSet<String> = Phrase::ALL.iter().map(|p| p.id()).collect();
        assert_eq!(ids.len(), Phrase::ALL.len());
        for p in Phrase::ALL {
            assert_eq!(Phrase::from_id(&p.id()), Some(p));
        }
        assert_eq!(Phrase::from_id("item-10"), None);
    }
}
