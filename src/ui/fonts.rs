//! The two bundled fonts and the order text falls back through, so every computer draws the
//! same words and pictures: Chinese from [`crate::FONT`] (the default font), the products'
//! pictures and the button signs 🔊 🎤 from [`crate::EMOJI_FONT`]. Both are made by
//! scripts/make-font; tests/looks_and_words.rs checks that they hold every character the app
//! writes.
//!
//! cosmic-text (iced's text engine) looks for a missing glyph in the default font, then in the
//! platform's fonts for the script, then in its "common" list (Windows: Segoe UI Emoji; macOS:
//! Apple Color Emoji; Linux: Noto Color Emoji), and only then in any font. [`prefer_bundled`]
//! puts the bundled emoji font at the head of that common list, so a system's own emoji font
//! (or none) changes nothing.

use std::borrow::Cow;

use iced::advanced::graphics::text::cosmic_text::{self, Fallback, PlatformFallback};

/// Both bundled fonts, for iced's settings (the app's and the tests' simulators).
pub fn bundled() -> Vec<Cow<'static, [u8]>> {
    vec![crate::FONT.into(), crate::EMOJI_FONT.into()]
}

/// The platform's fallback lists with the bundled emoji font first among the common ones.
struct EmojiFirst {
    platform: PlatformFallback,
    common: Vec<&'static str>,
}

impl EmojiFirst {
    fn new() -> Self {
        let platform = PlatformFallback;
        let mut common = vec![crate::EMOJI_FONT_NAME];
        common.extend_from_slice(platform.common_fallback());
        Self { platform, common }
    }
}

impl Fallback for EmojiFirst {
    fn common_fallback(&self) -> &[&'static str] {
        &self.common
    }

    fn forbidden_fallback(&self) -> &[&'static str] {
        self.platform.forbidden_fallback()
    }

    fn script_fallback(&self, script: unicode_script::Script, locale: &str) -> &[&'static str] {
        self.platform.script_fallback(script, locale)
    }
}

/// `font_system` again, keeping its locale and fonts, with the bundled emoji font before the
/// system's in its fallback.
pub fn with_bundled_first(font_system: cosmic_text::FontSystem) -> cosmic_text::FontSystem {
    let (locale, db) = font_system.into_locale_and_db();
    cosmic_text::FontSystem::new_with_locale_and_db_and_fallback(locale, db, EmojiFirst::new())
}

/// Makes iced's text engine prefer the bundled emoji font (see the module's note). Call it
/// once before the first frame; the fonts loaded so far stay.
pub fn prefer_bundled() {
    let mut fonts = iced::advanced::graphics::text::font_system()
        .write()
        .expect("font system");
    let raw = fonts.raw();
    let placeholder = cosmic_text::FontSystem::new_with_locale_and_db(
        String::new(),
        cosmic_text::fontdb::Database::new(),
    );
    let old = std::mem::replace(raw, placeholder);
    *raw = with_bundled_first(old);
}
