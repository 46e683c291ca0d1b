//! The member's recordings on disk: `DIR/<phrase>/NNNNNN.wav` (said at set-up) and
//! `DIR/<phrase>/learned-NNNNNN.wav` (confirmed utterances kept by
//! [`crate::Listener::learn`]). One counter per phrase numbers both, so name order is age.

use crate::{Error, wav};
use std::path::{Path, PathBuf};

/// Checks a phrase id: 1–64 characters of `a-z`, `0-9` and `-`, not starting with `-`.
pub fn check_phrase(phrase: &str) -> Result<(), Error> {
    let ok = !phrase.is_empty()
        && phrase.len() <= 64
        && !phrase.starts_with('-')
        && phrase
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::BadPhrase(phrase.to_string()))
    }
}

/// The counter in a recording's file name (`000012.wav`, `learned-000013.wav`).
pub fn counter(path: &Path) -> Option<u64> {
    let stem = path.file_stem()?.to_str()?;
    stem.strip_prefix("learned-").unwrap_or(stem).parse().ok()
}

/// Whether a recording was kept by `learn` (rather than said at set-up).
pub fn is_learned(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("learned-"))
}

/// The `.wav` files (named by the counter) in a phrase folder, oldest first.
pub(crate) fn list(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<(u64, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wav") && p.is_file())
        .filter_map(|p| Some((counter(&p)?, p)))
        .collect();
    v.sort();
    v.into_iter().map(|(_, p)| p).collect()
}

impl crate::Enrolment {
    fn phrase_dir(&self, phrase: &str) -> Result<PathBuf, Error> {
        check_phrase(phrase)?;
        Ok(self.dir.join(phrase))
    }

    /// The phrases that have at least one recording, sorted.
    pub fn phrases(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut v: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| check_phrase(n).is_ok())
            .filter(|n| !list(&self.dir.join(n)).is_empty())
            .collect();
        v.sort();
        v
    }

    pub(crate) fn recordings_of(&self, phrase: &str) -> Vec<PathBuf> {
        match self.phrase_dir(phrase) {
            Ok(d) => list(&d),
            Err(_) => Vec::new(),
        }
    }

    /// Writes `audio` as the next recording of `phrase` (learned or not): to a hidden
    /// `.part` file first, then renamed, so a crash never leaves half a `.wav`.
    pub(crate) fn save(
        &self,
        phrase: &str,
        audio: &[f32],
        learned: bool,
    ) -> Result<PathBuf, Error> {
        let dir = self.phrase_dir(phrase)?;
        std::fs::create_dir_all(&dir)?;
        let next = list(&dir)
            .iter()
            .filter_map(|p| counter(p))
            .max()
            .map_or(1, |c| c + 1);
        let name = if learned {
            format!("learned-{next:06}.wav")
        } else {
            format!("{next:06}.wav")
        };
        let tmp = dir.join(format!(".{name}.{}.part", std::process::id()));
        let dest = dir.join(name);
        if let Err(e) = wav::write(&tmp, audio) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, &dest)?;
        Ok(dest)
    }
}
