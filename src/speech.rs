//! Reading aloud through the `tts` crate (speech-dispatcher on Linux). Where no speech
//! service runs, the app says so once and works on silently; it never crashes for speech.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// How long to wait for the speech service at start.
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

/// The app's voice. Speaking happens on a thread of its own that owns the connection, so a
/// slow or stuck speech service never blocks the screen.
pub struct Speaker {
    tx: Option<std::sync::mpsc::Sender<Cmd>>,
    /// Why there is no voice, if there is none.
    problem: Option<String>,
    /// What was last sent to be read (also kept when silent, so tests can check it).
    pub last: Vec<String>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("available", &self.tx.is_some())
            .field("problem", &self.problem)
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
    /// Connects to the system's speech service on the speech thread. A service that does
    /// not answer within [`CONNECT_TIMEOUT`] is given up on, so a stuck speech service never
    /// stops the app from starting.
    pub fn new() -> Speaker {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        let (tx, rx) = std::sync::mpsc::channel::<Cmd>();
        let spawned = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || {
                let mut tts = match tts::Tts::default() {
                    Ok(t) => {
                        let _ = ready_tx.send(Ok(()));
                        t
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
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
            });
        let result = match spawned {
            Ok(_) => ready_rx
                .recv_timeout(CONNECT_TIMEOUT)
                .unwrap_or_else(|_| Err("the speech service did not answer".into())),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(()) => Speaker {
                tx: Some(tx),
                problem: None,
                last: Vec::new(),
            },
            Err(e) => {
                tracing::warn!("no speech: {e}");
                Self::without(e)
            }
        }
    }

    /// A speaker that only remembers what it would have said.
    pub fn silent() -> Speaker {
        Self::without("speech is off".into())
    }

    fn without(problem: String) -> Speaker {
        Speaker {
            tx: None,
            problem: Some(problem),
            last: Vec::new(),
        }
    }

    /// Whether a speech service is there.
    pub fn available(&self) -> bool {
        self.tx.is_some()
    }

    /// Why not, for the log.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Reads `lines` in order, interrupting whatever was being read.
    pub fn say(&mut self, lines: Vec<String>, lang: Lang, rate: Rate) {
        self.last = lines;
        if let Some(tx) = &self.tx
            && tx.send(Cmd::Say(self.last.join("\n"), lang, rate)).is_err()
        {
            self.problem = Some("the speech thread stopped".into());
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
    /// and speaking never panics or blocks.
    #[test]
    fn a_speaker_always_starts_and_speaking_never_blocks() {
        let t0 = std::time::Instant::now();
        let mut s = Speaker::new();
        assert!(
            t0.elapsed() < CONNECT_TIMEOUT * 5,
            "start-up waited {:?}",
            t0.elapsed()
        );
        assert_eq!(s.available(), s.problem().is_none());
        s.say(vec!["测试".into()], Lang::ZhCn, Rate::Slow);
        s.stop();
        assert_eq!(s.last, vec!["测试".to_string()]);
        let mut quiet = Speaker::silent();
        quiet.say(vec!["x".into()], Lang::EnUs, Rate::Normal);
        assert!(!quiet.available() && quiet.last == vec!["x".to_string()]);
    }
}
