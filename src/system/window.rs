//! The window's size: never larger than her screen. The first start opens maximised (the
//! screen's work area, whatever its size or scaling); later starts restore the size she
//! left it at (`window.toml` in the data folder, written when she closes the window; a
//! window left maximised comes back at the work area's size); and
//! `--window WxH` sets a logical size for one run, saved nowhere. Once open, a window larger
//! than its monitor is shrunk to fit.

use iced::{Size, Task, window};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The smallest window Linli is laid out for (an old 1024×768 screen, less a taskbar).
pub const MIN: Size = Size::new(800.0, 560.0);
/// The size asked for when maximising is not possible (no window manager): fits a
/// 1024×768 screen with its taskbar.
pub const FALLBACK: Size = Size::new(1024.0, 700.0);

/// How she left the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub width: f32,
    pub height: f32,
}

/// `window.toml` in the data folder.
pub fn file(dir: &Path) -> PathBuf {
    dir.join("window.toml")
}

impl Place {
    /// The saved place; `None` on first start or when the file can't be read (then the
    /// first-start rule applies; nothing else depends on this file).
    pub fn load(path: &Path) -> Option<Place> {
        let text = std::fs::read_to_string(path).ok()?;
        let p: Place = toml::from_str(&text).ok()?;
        (p.width.is_finite() && p.height.is_finite() && p.width >= 1.0 && p.height >= 1.0)
            .then_some(p)
    }

    /// Writes the file whole (a new file, then rename: `linli_core::file::replace`).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).expect("place serializes");
        linli_core::file::replace(path, text.as_bytes())
    }
}

/// A `--window` value: "1366x768" (logical pixels).
pub fn parse_size(s: &str) -> Result<Size, String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("{s:?}: give the size as WIDTHxHEIGHT, e.g. 1366x768"))?;
    let (w, h): (f32, f32) = match (w.trim().parse(), h.trim().parse()) {
        (Ok(w), Ok(h)) => (w, h),
        _ => {
            return Err(format!(
                "{s:?}: give the size as WIDTHxHEIGHT, e.g. 1366x768"
            ));
        }
    };
    if !(320.0..=10_000.0).contains(&w) || !(240.0..=10_000.0).contains(&h) {
        return Err(format!("{s:?}: width 320 to 10000, height 240 to 10000"));
    }
    Ok(Size::new(w, h))
}

/// The window's settings for this start: `asked` (`--window`) exactly; else the saved
/// place; else maximised.
pub fn settings(asked: Option<Size>, saved: Option<Place>) -> window::Settings {
    let (size, maximized) = match (asked, saved) {
        (Some(s), _) => (s, false),
        (None, Some(p)) => (Size::new(p.width, p.height), false),
        (None, None) => (FALLBACK, true),
    };
    window::Settings {
        size,
        maximized,
        min_size: Some(Size::new(
            MIN.width.min(size.width),
            MIN.height.min(size.height),
        )),
        ..window::Settings::default()
    }
}

/// The size that fits `monitor`: `size` itself when it does, else shrunk to the monitor
/// (less room for a taskbar).
pub fn fit(size: Size, monitor: Size) -> Option<Size> {
    let room = Size::new(monitor.width, (monitor.height - 48.0).max(MIN.height));
    (size.width > monitor.width || size.height > monitor.height)
        .then(|| Size::new(size.width.min(room.width), size.height.min(room.height)))
}

/// After the window opens: shrinks it when it is larger than its monitor.
pub fn keep_on_screen<M: Send + 'static>(id: window::Id) -> Task<M> {
    window::size(id)
        .then(move |size| window::monitor_size(id).map(move |m| (size, m)))
        .then(
            move |(size, monitor)| match monitor.and_then(|m| fit(size, m)) {
                Some(s) => window::resize(id, s),
                None => Task::none(),
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_maximises_a_saved_size_comes_back_and_window_is_for_one_run() {
        let first = settings(None, None);
        assert!(first.maximized);
        assert!(first.size.width <= 1024.0 && first.size.height <= 768.0);
        let saved = Place {
            width: 1200.0,
            height: 700.0,
        };
        let again = settings(None, Some(saved));
        assert_eq!(
            (again.size, again.maximized),
            (Size::new(1200.0, 700.0), false)
        );
        let asked = settings(Some(Size::new(1366.0, 768.0)), Some(saved));
        assert_eq!(
            (asked.size, asked.maximized),
            (Size::new(1366.0, 768.0), false)
        );
    }

    #[test]
    fn a_window_larger_than_the_screen_is_shrunk_to_it() {
        let laptop = Size::new(1366.0, 768.0);
        assert_eq!(
            fit(Size::new(1280.0, 960.0), laptop),
            Some(Size::new(1280.0, 720.0))
        );
        assert_eq!(fit(Size::new(1024.0, 700.0), laptop), None);
        assert_eq!(
            fit(laptop, laptop),
            None,
            "a window the screen's size stays"
        );
    }

    #[test]
    fn sizes_are_read_as_people_write_them_and_nonsense_is_refused() {
        assert_eq!(parse_size("1366x768"), Ok(Size::new(1366.0, 768.0)));
        assert_eq!(parse_size("1280×720"), Ok(Size::new(1280.0, 720.0)));
        assert!(parse_size("big").unwrap_err().contains("WIDTHxHEIGHT"));
        assert!(parse_size("10x10").is_err());
    }

    #[test]
    fn the_place_round_trips_and_a_damaged_file_means_first_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path());
        assert_eq!(Place::load(&path), None);
        let p = Place {
            width: 1300.0,
            height: 700.0,
        };
        p.save(&path).unwrap();
        assert_eq!(Place::load(&path), Some(p));
        std::fs::write(&path, "width = \"wide\"").unwrap();
        assert_eq!(Place::load(&path), None);
    }
}
