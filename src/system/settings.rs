//! The member's settings, kept in `settings.toml` in the data folder. A damaged file is
//! set aside (renamed `.bad`) and the defaults used, with a message; it is never silently
//! overwritten.

use crate::i18n::Lang;
use crate::system::speech::Rate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Which face of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Basic,
    Advanced,
}

/// A PIN that is not 4 to 8 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPin;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub mode: Mode,
    /// Text size in percent: 100 to 200.
    pub zoom: u16,
    pub voice: bool,
    pub rate: Rate,
    /// Read each screen aloud when it opens.
    pub auto_read: bool,
    /// A theme id from themes/.
    pub theme: String,
    /// SHA-256 of the PIN guarding Settings and the switch to advanced mode, if set.
    pub pin_hash: Option<String>,
    /// The port of the group's hub when this computer hosts it (the organiser's app).
    pub host_port: Option<u16>,
    /// How the window is drawn: auto, software (compatible mode) or gpu (see
    /// [`crate::system::renderer`]); `--renderer` overrides it for one run.
    pub renderer: crate::system::renderer::Choice,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::ZhCn,
            mode: Mode::Basic,
            zoom: 100,
            voice: true,
            rate: Rate::Slow,
            auto_read: false,
            theme: "light".into(),
            pin_hash: None,
            host_port: None,
            renderer: crate::system::renderer::Choice::Auto,
        }
    }
}

fn hash_pin(pin: &str) -> String {
    Sha256::digest(format!("linli-pin:{}", pin.trim()).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Settings {
    /// Reads the file; missing gives the defaults; damaged is set aside with a warning.
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Settings::default(), None);
            }
            Err(e) => {
                return (
                    Settings::default(),
                    Some(format!("{}: {e}", path.display())),
                );
            }
        };
        match toml::from_str::<Settings>(&text) {
            Ok(s) => (s, None),
            Err(e) => {
                let bad = path.with_extension("toml.bad");
                let _ = std::fs::rename(path, &bad);
                let msg = format!(
                    "{} could not be read ({e}); kept as {}",
                    path.display(),
                    bad.display()
                );
                tracing::warn!("{msg}");
                (Settings::default(), Some(msg))
            }
        }
    }

    /// Writes the file whole (a new file, then rename: `linli_core::file::replace`).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = toml::to_string_pretty(self).expect("settings serialize");
        linli_core::file::replace(path, text.as_bytes())
    }

    /// Sets or clears (empty) the PIN; only digits, 4 to 8 of them.
    pub fn set_pin(&mut self, pin: &str) -> Result<(), BadPin> {
        let pin = pin.trim();
        if pin.is_empty() {
            self.pin_hash = None;
            return Ok(());
        }
        if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(BadPin);
        }
        self.pin_hash = Some(hash_pin(pin));
        Ok(())
    }

    /// Whether `pin` opens the settings (always, when no PIN is set).
    pub fn pin_ok(&self, pin: &str) -> bool {
        match &self.pin_hash {
            None => true,
            Some(h) => *h == hash_pin(pin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_a_damaged_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        let mut s = Settings {
            lang: Lang::EnUs,
            zoom: 150,
            ..Settings::default()
        };
        s.set_pin("2468").unwrap();
        s.save(&path).unwrap();
        let (back, warn) = Settings::load(&path);
        assert_eq!((back.clone(), warn), (s, None));
        assert!(back.pin_ok("2468") && !back.pin_ok("1357"));
        assert!(Settings::default().set_pin("12").is_err());

        std::fs::write(&path, "zoom = \"huge\"").unwrap();
        let (d, warn) = Settings::load(&path);
        assert_eq!(d, Settings::default());
        assert!(warn.unwrap().contains("could not be read"));
        assert!(
            dir.path().join("settings.toml.bad").exists(),
            "the old file is kept"
        );
    }
}
