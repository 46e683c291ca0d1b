//! Reading aloud through the `tts` crate (speech-dispatcher on Linux). Where no speech
//! service runs, the app says so once and works on silently; it never crashes for speech.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// How long the speech service may take to answer before the app counts it as missing.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// How fast to read: slower than normal by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    Slowest,
    #[default]
    Slow,
    Normal,
}

impl Rate {
    pub const ALL: [Rate; 3] = [Rate::Slowest, Rate::Slow, Rate::Normal];

    pub fn message_id(self) -> &'static str {
        match self {
            Rate::Slowest => "rate-slowest",
            Rate::Slow => "rate-slow",
            Rate::Normal => "rate-normal",
        }
    }

    /// How far from normal toward the slowest rate the engine offers.
    fn slowdown(self) -> f32 {
        match self {
            Rate::Slowest => 0.5,
            Rate::Slow => 0.25,
            Rate::Normal => 0.0,
        }
    }
}

/// What the speech thread is asked to do.
enum Cmd {
    Say(String, Lang, Rate),
    Stop,
}

/// Whether reading aloud works, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechStatus {
    /// Connecting to the speech service (in the background; the window does not wait).
    Connecting,
    /// The speech service answered.
    Ready,
    /// No speech service, or it did not answer in time; why, for the log.
    Unavailable(String),
}

/// The connection's state, shared with its thread.
#[derive(Debug)]
struct Link {
    state: SpeechStatus,
    started: std::time::Instant,
}

/// The app's voice. Connecting and speaking happen on a thread of its own that owns the
/// connection, so a slow or stuck speech service never blocks start-up or a frame. If the
/// service was not there, the next [`Speaker::say`] (or [`Speaker::retry`]) tries again.
pub struct Speaker {
    tx: Option<std::sync::mpsc::Sender<Cmd>>,
    link: Arc<Mutex<Link>>,
    /// What was last sent to be read (also kept when silent, so tests can check it).
    pub last: Vec<String>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("status", &self.status())
            .finish()
    }
}

impl Default for Speaker {
    fn default() -> Self {
        Self::new()
    }
}

/// Picks a voice of `lang` if the service has one, sets the rate and speaks.
fn speak(tts: &mut tts::Tts, text: &str, lang: Lang, rate: Rate) -> Result<(), tts::Error> {
    if let Ok(voices) = tts.voices() {
        let wanted: &[&str] = match lang {
            Lang::ZhCn => &["zh", "cmn"],
            Lang::EnUs => &["en"],
        };
        if let Some(v) = voices.iter().find(|v| {
            let l = v.language().as_str().to_lowercase();
            wanted.iter().any(|w| l.starts_with(w))
        }) {
            let _ = tts.set_voice(v);
        }
    }
    let (normal, min) = (tts.normal_rate(), tts.min_rate());
    tts.set_rate(normal - (normal - min) * rate.slowdown())?;
    tts.speak(text, true)?;
    Ok(())
}

impl Speaker {
    /// Starts connecting to the system's speech service on the speech thread and returns
    /// at once; [`Speaker::status`] tells how it went.
    pub fn new() -> Speaker {
        let mut s = Speaker {
            tx: None,
            link: Arc::new(Mutex::new(Link {
                state: SpeechStatus::Connecting,
                started: std::time::Instant::now(),
            })),
            last: Vec::new(),
        };
        s.connect();
        s
    }

    /// A speaker that only remembers what it would have said (tests).
    pub fn silent() -> Speaker {
        Speaker {
            tx: None,
            link: Arc::new(Mutex::new(Link {
                state: SpeechStatus::Unavailable("speech is off".into()),
                started: std::time::Instant::now(),
            })),
            last: Vec::new(),
        }
    }

    /// A new speech thread and connection; commands sent meanwhile wait for it.
    fn connect(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel::<Cmd>();
        let link = Arc::new(Mutex::new(Link {
            state: SpeechStatus::Connecting,
            started: std::time::Instant::now(),
        }));
        self.link = link.clone();
        let set = move |state: SpeechStatus| {
            if let Ok(mut l) = link.lock() {
                l.state = state;
            }
        };
        let spawned = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || {
                let mut tts = match tts::Tts::default() {
                    Ok(t) => {
                        set(SpeechStatus::Ready);
                        t
                    }
                    Err(e) => {
                        tracing::warn!("no speech: {e}");
                        set(SpeechStatus::Unavailable(e.to_string()));
                        return;
                    }
                };
                for cmd in rx {
                    let r = match cmd {
                        Cmd::Say(text, lang, rate) => speak(&mut tts, &text, lang, rate),
                        Cmd::Stop => tts.stop().map(|_| ()),
                    };
                    if let Err(e) = r {
                        tracing::warn!("speaking failed: {e}");
                    }
                }
                // The speaker is gone: stop reading, and keep the connection for the rest
                // of the process. tts 0.26 forgets a connection's callbacks when it is
                // dropped, but speech-dispatcher may still send it a late "begun"/"ended"
                // event, whose callback then unwraps nothing inside a C callback and
                // aborts the whole process (seen once in a test run, just after a speaker
                // was dropped). One connection per speaker; the app makes one.
                let _ = tts.stop();
                std::mem::forget(tts);
            });
        match spawned {
            Ok(_) => self.tx = Some(tx),
            Err(e) => {
                self.tx = None;
                if let Ok(mut l) = self.link.lock() {
                    l.state = SpeechStatus::Unavailable(e.to_string());
                }
            }
        }
    }

    /// Whether reading aloud works now. A connection that has not answered within
    /// [`CONNECT_TIMEOUT`] counts as unavailable (a stuck service).
    pub fn status(&self) -> SpeechStatus {
        let l = self.link.lock().expect("speech link");
        match &l.state {
            SpeechStatus::Connecting if l.started.elapsed() > CONNECT_TIMEOUT => {
                SpeechStatus::Unavailable("the speech service did not answer".into())
            }
            s => s.clone(),
        }
    }

    /// Whether a speech service is there.
    pub fn available(&self) -> bool {
        self.status() == SpeechStatus::Ready
    }

    /// Tries to reach the speech service again if it was not there ("try again" in
    /// Settings; also done by every [`Speaker::say`]). Returns the status after starting.
    pub fn retry(&mut self) -> SpeechStatus {
        if matches!(self.status(), SpeechStatus::Unavailable(_)) && !self.is_silent() {
            self.connect();
        }
        self.status()
    }

    fn is_silent(&self) -> bool {
        matches!(&self.link.lock().expect("speech link").state,
            SpeechStatus::Unavailable(p) if p == "speech is off")
    }

    /// Reads `lines` in order, interrupting whatever was being read. If the speech service
    /// was missing, this tries to reach it again first.
    pub fn say(&mut self, lines: Vec<String>, lang: Lang, rate: Rate) {
        self.last = lines;
        self.retry();
        if let Some(tx) = &self.tx
            && tx.send(Cmd::Say(self.last.join("\n"), lang, rate)).is_err()
        {
            self.tx = None;
        }
    }

    /// Stops reading.
    pub fn stop(&mut self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Cmd::Stop);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the tests run (with or without a speech service), making a speaker returns
    /// at once, and speaking never panics or blocks.
    #[test]
    fn a_speaker_starts_at_once_and_speaking_never_blocks() {
        let t0 = std::time::Instant::now();
        let mut s = Speaker::new();
        assert!(
            t0.elapsed() < std::time::Duration::from_millis(200),
            "start-up waited {:?}",
            t0.elapsed()
        );
        s.say(vec!["测试".into()], Lang::ZhCn, Rate::Slow);
        s.stop();
        assert_eq!(s.last, vec!["测试".to_string()]);
        std::thread::sleep(CONNECT_TIMEOUT + std::time::Duration::from_millis(100));
        assert!(matches!(
            s.status(),
            SpeechStatus::Ready | SpeechStatus::Unavailable(_)
        ));
        let mut quiet = Speaker::silent();
        quiet.say(vec!["x".into()], Lang::EnUs, Rate::Normal);
        assert!(!quiet.available() && quiet.last == vec!["x".to_string()]);
        assert!(matches!(quiet.retry(), SpeechStatus::Unavailable(_)));
    }
}
