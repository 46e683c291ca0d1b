//! Colours from `themes/*.toml` (built in) and the size scale of DESIGN.md. Every colour the
//! app draws comes from a [`Palette`]; every size from [`Scale`].

use iced::Color;
use serde::Deserialize;

/// Contrast every text colour must reach on its background in basic mode (WCAG AAA).
pub const MIN_TEXT_CONTRAST: f32 = 7.0;
/// Contrast of the focus ring against the background (WCAG non-text).
pub const MIN_FOCUS_CONTRAST: f32 = 3.0;

/// The built-in themes, in the order Settings offers them; the first is the default.
pub const SOURCES: [&str; 3] = [
    include_str!("../themes/light.toml"),
    include_str!("../themes/dark.toml"),
    include_str!("../themes/yellow.toml"),
];

/// One theme's colours, as `#RRGGBB` in its file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Palette {
    pub id: String,
    #[serde(deserialize_with = "hex")]
    pub background: Color,
    #[serde(deserialize_with = "hex")]
    pub surface: Color,
    #[serde(deserialize_with = "hex")]
    pub text: Color,
    #[serde(deserialize_with = "hex")]
    pub muted: Color,
    #[serde(deserialize_with = "hex")]
    pub primary: Color,
    #[serde(deserialize_with = "hex")]
    pub on_primary: Color,
    #[serde(deserialize_with = "hex")]
    pub danger: Color,
    #[serde(deserialize_with = "hex")]
    pub on_danger: Color,
    #[serde(deserialize_with = "hex")]
    pub success: Color,
    #[serde(deserialize_with = "hex")]
    pub on_success: Color,
    /// The practice banner (练一练): a strip nothing else uses, so she sees at once that
    /// this is not her real group; its words and border in `on_practice`.
    #[serde(deserialize_with = "hex")]
    pub practice: Color,
    #[serde(deserialize_with = "hex")]
    pub on_practice: Color,
    #[serde(deserialize_with = "hex")]
    pub border: Color,
    #[serde(deserialize_with = "hex")]
    pub focus: Color,
}

fn hex<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
    let s = String::deserialize(d)?;
    parse_hex(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not #RRGGBB")))
}

fn parse_hex(s: &str) -> Option<Color> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(Color::from_rgb8((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

impl Palette {
    /// Parses a theme file.
    pub fn parse(src: &str) -> Result<Palette, String> {
        toml::from_str(src).map_err(|e| e.to_string())
    }

    /// Every (name, text, background) pair the app draws.
    pub fn text_pairs(&self) -> Vec<(&'static str, Color, Color)> {
        vec![
            ("text on background", self.text, self.background),
            ("text on surface", self.text, self.surface),
            ("muted on background", self.muted, self.background),
            ("muted on surface", self.muted, self.surface),
            ("on_primary on primary", self.on_primary, self.primary),
            ("on_danger on danger", self.on_danger, self.danger),
            ("on_success on success", self.on_success, self.success),
            ("on_practice on practice", self.on_practice, self.practice),
        ]
    }
}

/// The built-in themes.
pub fn builtin() -> Vec<Palette> {
    SOURCES
        .iter()
        .map(|s| Palette::parse(s).expect("built-in themes are checked by tests"))
        .collect()
}

/// A theme by id, or the default.
pub fn by_id(id: &str) -> Palette {
    let all = builtin();
    all.iter()
        .find(|p| p.id == id)
        .cloned()
        .unwrap_or_else(|| all[0].clone())
}

fn channel(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance.
pub fn luminance(c: Color) -> f32 {
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Sizes in pixels at the chosen zoom (100 % to 200 %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub zoom: f32,
}

impl Scale {
    /// Zoom steps offered in Settings.
    pub const ZOOMS: [u16; 4] = [100, 125, 150, 200];

    pub fn new(percent: u16) -> Scale {
        Scale {
            zoom: f32::from(percent.clamp(100, 200)) / 100.0,
        }
    }

    /// The organiser's scale (advanced mode): three quarters of basic mode's, so more fits
    /// on her screens while body text stays ≥ 18 px (21 px) and targets ≥ 44 px (48 px).
    pub fn advanced(percent: u16) -> Scale {
        Scale {
            zoom: f32::from(percent.clamp(100, 200)) / 100.0 * Self::ADVANCED,
        }
    }
    /// Body text: 28 px at 100 %.
    pub fn body(&self) -> f32 {
        28.0 * self.zoom
    }
    /// Small print (sync status): still 24 px.
    pub fn small(&self) -> f32 {
        24.0 * self.zoom
    }
    pub fn heading(&self) -> f32 {
        40.0 * self.zoom
    }
    /// The pickup code and the quantity: very large digits.
    pub fn huge(&self) -> f32 {
        72.0 * self.zoom
    }
    /// Smallest side of anything clickable: 64 px.
    pub fn target(&self) -> f32 {
        64.0 * self.zoom
    }
    pub fn gap(&self) -> f32 {
        16.0 * self.zoom
    }
    pub fn pad(&self) -> f32 {
        24.0 * self.zoom
    }
    /// Advanced mode's sizes relative to basic mode's.
    pub const ADVANCED: f32 = 0.75;
    /// Line height as a multiple of the font size (≥ 1.3).
    pub const LINE: f32 = 1.4;
}
