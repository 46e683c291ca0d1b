//! The few signs drawn beside words on buttons. They are pictures, not words: the same in
//! every language, never read aloud (speech reads the Fluent words only), and kept here so a
//! screen never spells one out itself.

/// Back (top bar).
pub const BACK: &str = "←";
/// Read aloud (top bar).
pub const SPEAK: &str = "🔊";
/// Done, sent, the chosen option.
pub const CHOSEN: &str = "✓";
/// The button the Enter key presses.
pub const ENTER: &str = "⏎";
/// Speak now (说话) and record (enrolment).
pub const MIC: &str = "🎤";
/// One more.
pub const MORE: &str = "＋";
/// One less.
pub const LESS: &str = "－";
/// The one before (the voice phrases).
pub const UP: &str = "↑";
/// The one after (the voice phrases).
pub const DOWN: &str = "↓";
/// A box to tick by hand (the sort sheet on screen, as on paper).
pub const TICK_BOX: &str = "□";

/// The sign, then the words: "← 返回".
pub fn with(sign: &str, words: &str) -> String {
    format!("{sign} {words}")
}

/// The words, then the sign: "下一步 ⏎".
pub fn after(words: &str, sign: &str) -> String {
    format!("{words} {sign}")
}

/// A choice with the number key that picks it: "1  确定".
pub fn numbered(n: u8, words: &str) -> String {
    format!("{n}  {words}")
}
