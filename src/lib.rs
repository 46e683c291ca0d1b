//! Linli's desktop app (iced). Basic mode for members: very large text, read aloud, a few
//! obvious steps to order, the pickup day and code always in view. Advanced mode for the
//! organiser: her day from Today to the pickup desk, and the group's hub hosted in the app.
//!
//! - [`app`]: state, messages and the one `update`; [`basic`]: one module per screen;
//! - [`advanced`]: the organiser's pages, each with its own state, `Message` and `update`;
//! - [`host`]: the group's hub inside the app; [`print`]: sort and invite sheets (PDF);
//! - [`view_model`]: what screens show, read from the local store after each change;
//! - [`i18n`] (Fluent), [`theme`] (themes/*.toml and the size scale), [`speech`] (tts),
//!   [`settings`] (settings.toml), [`ui`] (shared widgets and keys), [`demo`] (`--demo`).

pub mod advanced;
pub mod app;
pub mod basic;
pub mod demo;
pub mod demo_organiser;
pub mod export;
pub mod figures;
pub mod host;
pub mod i18n;
pub mod print;
pub mod privacy;
pub mod probe;
pub mod settings;
pub mod speech;
pub mod theme;
pub mod ui;
pub mod view_model;
pub mod voice;
pub mod window;

/// The bundled font: a subset of Noto Sans CJK SC (SIL OFL 1.1), so Chinese renders on a
/// computer without CJK fonts. Made by scripts/make-font.
pub const FONT: &[u8] = include_bytes!("../assets/fonts/LinliSans-Regular.otf");
/// Its family name.
pub const FONT_NAME: &str = "Noto Sans CJK SC";
