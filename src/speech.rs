//! Reading aloud through the `tts` crate (speech-dispatcher on Linux). Where no speech
//! service runs, the app says so once and works on silently; it never crashes for speech.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

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

/// The app's voice.
pub struct Speaker {
    tts: Option<tts::Tts>,
    /// Why there is no voice, if there is none.
    problem: Option<String>,
    /// What was last sent to be read (also kept when silent, so tests can check it).
    pub last: Vec<String>,
}

impl std::fmt::Debug for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speaker")
            .field("available", &self.tts.is_some())
            .field("problem", &self.problem)
            .finish()
    }
}

impl Default for Speaker {
    fn default() -> Self {
        Self::new()
    }
}

impl Speaker {
    /// Connects to the system's speech service.
    pub fn new() -> Speaker {
        match tts::Tts::default() {
            Ok(tts) => Speaker {
                tts: Some(tts),
                problem: None,
                last: Vec::new(),
            },
            Err(e) => {
                tracing::warn!("no speech: {e}");
                Self::without(e.to_string())
            }
        }
    }

    /// A speaker that only remembers what it would have said.
    pub fn silent() -> Speaker {
        Self::without("speech is off".into())
    }

    fn without(problem: String) -> Speaker {
        Speaker {
            tts: None,
            problem: Some(problem),
            last: Vec::new(),
        }
    }

    /// Whether a speech service is there.
    pub fn available(&self) -> bool {
        self.tts.is_some()
    }

    /// Why not, for the log.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Reads `lines` in order, interrupting whatever was being read.
    pub fn say(&mut self, lines: Vec<String>, lang: Lang, rate: Rate) {
        self.last = lines;
        let Some(tts) = self.tts.as_mut() else {
            return;
        };
        let text = self.last.join("\n");
        let r = (|| -> Result<(), tts::Error> {
            // Best effort: a voice of the UI language if the service has one.
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
        })();
        if let Err(e) = r {
            tracing::warn!("speaking failed, going silent: {e}");
            self.problem = Some(e.to_string());
            self.tts = None;
        }
    }

    /// Stops reading.
    pub fn stop(&mut self) {
        if let Some(t) = self.tts.as_mut() {
            let _ = t.stop();
        }
    }
}
