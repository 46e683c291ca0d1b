//! Linli's desktop app (iced). Basic mode for members: very large text, read aloud, a few
//! obvious steps to order, the pickup day and code always in view. Advanced mode for the
//! organiser: her day from Today to the pickup desk, and the group's hub hosted in the app.
//!
//! - [`app`]: state, messages and the one `update`; [`basic`]: one module per screen;
//! - [`advanced`]: the organiser's pages, each with its own state, `Message` and `update`
//!   (her figures' data and words in [`advanced::figures::data`]);
//! - [`files`]: what Linli writes for people to read — CSV tables, printed sheets (PDF), and
//!   a member's own data (export, erase);
//! - [`system`]: this computer — the group's hub hosted in the app, speech (tts), the
//!   settings file, the window's size, the start-up probe;
//! - [`view_model`]: what screens show, read from the local store after each change;
//! - [`i18n`] (Fluent), [`theme`] (themes/*.toml and the size scale), [`ui`] (shared
//!   widgets and keys), [`voice`] (说话点菜), [`demo`] (`--demo`: a member's and the
//!   organiser's demo groups).

pub mod advanced;
pub mod app;
pub mod basic;
pub mod demo;
pub mod files;
pub mod headless;
pub mod i18n;
pub mod system;
pub mod theme;
pub mod ui;
pub mod view_model;
pub mod voice;

/// The bundled font: a subset of Noto Sans CJK SC (SIL OFL 1.1), so Chinese renders on a
/// computer without CJK fonts. Made by scripts/make-font.
pub const FONT: &[u8] = include_bytes!("../assets/fonts/LinliSans-Regular.otf");
/// Its family name.
pub const FONT_NAME: &str = "Noto Sans CJK SC";
/// The bundled emoji: a subset of Noto Color Emoji (SIL OFL 1.1, colour bitmaps) holding the
/// products' pictures and the button signs 🔊 🎤, so they show on a computer without an emoji
/// font (Windows under Wine, a bare Linux) and look the same everywhere. Made by
/// scripts/make-font; [`ui::fonts`] puts it before the system's emoji font.
pub const EMOJI_FONT: &[u8] = include_bytes!("../assets/fonts/LinliEmoji-Regular.ttf");
/// Its family name (renamed from Noto Color Emoji, so it can be told from the system's copy).
pub const EMOJI_FONT_NAME: &str = "Linli Emoji";
