//! Free text, checked once for the device and the hub alike: people's names, product names
//! and units, pickup places, notice titles, and the words of notes, notices, tips,
//! suggestions and answers. Text is trimmed; it must fit its field's length (in characters)
//! and may hold no control characters (a NUL, an escape, a bell) — only the multi-line
//! fields keep line breaks ("\r\n" becomes "\n").

use thiserror::Error;

/// Longest free text a member or the organiser may send (a note, a notice, a reply), in
/// characters. The hub refuses longer.
pub const MAX_TEXT: usize = 2000;

/// Longest name of a person, a product or a unit, in characters.
pub const MAX_NAME: usize = 40;
/// Longest pickup place, in characters.
pub const MAX_PLACE: usize = 80;

/// What a piece of text is, which decides its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A person's display name (1–40, one line).
    Name,
    /// A product's name or unit (1–40, one line).
    ProductName,
    /// Where goods are collected (1–80, one line).
    Place,
    /// A notice's title (1–2000, one line).
    Title,
    /// A heading that may be left empty (0–2000, one line): a tip's title.
    Heading,
    /// Words that must be there (1–2000, lines allowed): a notice, a tip, a suggestion, an
    /// answer, a reason for calling a deal off.
    Words,
    /// Words that may be left empty (0–2000, lines allowed): a help or complaint note.
    Note,
}

impl Field {
    pub fn max(self) -> usize {
        match self {
            Field::Name | Field::ProductName => MAX_NAME,
            Field::Place => MAX_PLACE,
            Field::Title | Field::Heading | Field::Words | Field::Note => MAX_TEXT,
        }
    }

    fn required(self) -> bool {
        !matches!(self, Field::Heading | Field::Note)
    }

    fn lines(self) -> bool {
        matches!(self, Field::Words | Field::Note)
    }
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("this needs some words")]
    Empty,
    #[error("this is longer than {max} characters")]
    TooLong { max: usize },
    #[error("this holds a control character (an invisible character that is not text)")]
    Control,
}

/// `s` as it is kept: trimmed, checked against `field`'s rules.
pub fn clean(field: Field, s: &str) -> Result<String, TextError> {
    let t = s.trim().replace("\r\n", "\n");
    if t.is_empty() && field.required() {
        return Err(TextError::Empty);
    }
    if t.chars().count() > field.max() {
        return Err(TextError::TooLong { max: field.max() });
    }
    if t.chars()
        .any(|c| c.is_control() && !(field.lines() && c == '\n'))
    {
        return Err(TextError::Control);
    }
    Ok(t)
}

/// The OpenAPI schemas of text on the wire, for `#[schema(schema_with = …)]`: each field's
/// length limits (in characters, before trimming) come from [`Field::max`], so the hub's
/// document and its checks hold one number. Control characters and blank words are not in
/// these schemas: a command with them is answered `bad_text` (a refusal the app words).
pub mod schema {
    use super::Field;
    use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

    fn of(field: Field, what: &str) -> ObjectBuilder {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(field.required().then_some(1))
            .max_length(Some(field.max()))
            .description(Some(what))
    }

    /// A display name as `POST /v1/join` takes it: one line, not blank, no control
    /// characters (anything else is a 400 there).
    pub fn display_name() -> Object {
        of(
            Field::Name,
            "a person's name, 1–40 characters after trimming, one line",
        )
        .pattern(Some(
            r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$",
        ))
        .build()
    }
    pub fn product_name() -> Object {
        of(Field::ProductName, "a product's name or unit, one line").build()
    }
    pub fn place() -> Object {
        of(Field::Place, "where goods are collected, one line").build()
    }
    pub fn title() -> Object {
        of(Field::Title, "a notice's title, one line").build()
    }
    pub fn heading() -> Object {
        of(Field::Heading, "a heading that may be empty, one line").build()
    }
    pub fn words() -> Object {
        of(Field::Words, "words that must be there; lines allowed").build()
    }
    pub fn note() -> Object {
        of(Field::Note, "words that may be empty; lines allowed").build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(clean(Field::Name, "  李奶奶 ").unwrap(), "李奶奶");
        assert_eq!(clean(Field::Name, " "), Err(TextError::Empty));
        assert_eq!(clean(Field::Note, "  ").unwrap(), "");
        assert_eq!(
            clean(Field::Name, &"李".repeat(41)),
            Err(TextError::TooLong { max: 40 })
        );
        assert_eq!(
            clean(Field::Name, &"李".repeat(40))
                .unwrap()
                .chars()
                .count(),
            40
        );
        assert_eq!(clean(Field::Note, "不会用\0"), Err(TextError::Control));
        assert_eq!(clean(Field::Name, "李\n奶奶"), Err(TextError::Control));
        assert_eq!(
            clean(Field::Words, "第一行\r\n第二行").unwrap(),
            "第一行\n第二行"
        );
        assert_eq!(
            clean(Field::Place, "3号楼\u{1b}[31m门口"),
            Err(TextError::Control)
        );
        assert_eq!(
            clean(Field::Words, &"字".repeat(MAX_TEXT + 1)),
            Err(TextError::TooLong { max: MAX_TEXT })
        );
    }

    proptest! {
        /// Whatever comes in, what is kept is trimmed, fits and has no control character
        /// (except a line break where lines are allowed); cleaning it again changes nothing.
        #[test]
        fn what_is_kept_is_clean_and_cleaning_twice_is_the_same(s in "\\PC{0,60}|[\\x00-\\x1f a-z李]{0,60}") {
            for f in [Field::Name, Field::ProductName, Field::Place, Field::Title, Field::Heading, Field::Words, Field::Note] {
                if let Ok(kept) = clean(f, &s) {
                    prop_assert_eq!(kept.trim(), kept.as_str());
                    prop_assert!(kept.chars().count() <= f.max());
                    prop_assert!(kept.chars().all(|c| !c.is_control() || (c == '\n' && f.lines())));
                    prop_assert_eq!(clean(f, &kept), Ok(kept.clone()));
                }
            }
        }
    }
}
