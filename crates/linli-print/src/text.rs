//! Shaping with the bundled font and line breaking that works for Chinese.
//!
//! Text is shaped once with rustybuzz (the shaper krilla itself uses), then
//! broken greedily into lines: between any two CJK characters (but never
//! before a closing mark such as `，` or `）` nor after an opening one such as
//! `（`), after spaces in Latin text and after a hyphen (so a long code breaks between
//! its groups), and — when a single word is wider than the
//! line — between any two characters, so nothing ever runs past the margin.

use std::sync::OnceLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};

/// The bundled CFF font (a subset of Noto Sans CJK SC, OFL).
static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/LinliSans-Regular.otf");

/// Height of the font's ascent above the baseline, in em (Noto Sans CJK's typo ascender).
pub(crate) const ASCENT: f32 = 0.88;

/// The font, loaded once: the shaping face and krilla's font handle.
pub(crate) struct Fonts {
    face: rustybuzz::Face<'static>,
    /// krilla's handle on the same font data, for drawing.
    pub(crate) font: Font,
    upem: f32,
}

impl Fonts {
    /// The bundled font, parsed on first use. `None` if it does not parse.
    pub(crate) fn get() -> Option<&'static Fonts> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                let face = rustybuzz::Face::from_slice(FONT_BYTES, 0)?;
                let font = Font::new(FONT_BYTES.into(), 0)?;
                let upem = face.units_per_em() as f32;
                Some(Fonts { face, font, upem })
            })
            .as_ref()
    }

    /// Shape `text` (one or more paragraphs separated by `\n`).
    pub(crate) fn shape(&self, text: &str) -> Shaped {
        Shaped {
            paras: text.split('\n').map(|p| self.shape_para(p)).collect(),
        }
    }

    fn shape_para(&self, text: &str) -> Para {
        if text.is_empty() {
            return Para {
                text: String::new(),
                glyphs: Vec::new(),
                clusters: Vec::new(),
            };
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let output = rustybuzz::shape(&self.face, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();

        let mut glyphs = Vec::with_capacity(infos.len());
        let mut clusters: Vec<Cluster> = Vec::new();
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let end = infos[i + 1..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let adv = pos.x_advance as f32 / self.upem;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                adv,
                pos.x_offset as f32 / self.upem,
                pos.y_offset as f32 / self.upem,
                pos.y_advance as f32 / self.upem,
                start..end,
                None,
            ));
            match clusters.last_mut() {
                Some(c) if c.start == start => {
                    c.g1 = i + 1;
                    c.adv += adv;
                }
                _ => clusters.push(Cluster {
                    start,
                    end,
                    g0: i,
                    g1: i + 1,
                    adv,
                    space: false,
                    brk: false,
                }),
            }
        }
        // Character classes at each cluster boundary decide where a line may break.
        for k in 0..clusters.len() {
            let first = text[clusters[k].start..].chars().next().unwrap_or(' ');
            clusters[k].space = text[clusters[k].start..clusters[k].end]
                .chars()
                .all(char::is_whitespace);
            if k > 0 {
                let prev = text[..clusters[k].start].chars().next_back().unwrap_or(' ');
                clusters[k].brk = can_break(prev, first);
            }
        }
        Para {
            text: text.to_owned(),
            glyphs,
            clusters,
        }
    }

    /// Shape and break `text` into lines no wider than `max_width` points at `size` points.
    pub(crate) fn wrap(&self, text: &str, size: f32, max_width: f32) -> Vec<Line> {
        self.shape(text).wrap(size, max_width)
    }
}

/// Shaped text: one entry per paragraph (the text split at `\n`).
pub(crate) struct Shaped {
    paras: Vec<Para>,
}

struct Para {
    text: String,
    glyphs: Vec<KrillaGlyph>,
    clusters: Vec<Cluster>,
}

/// A run of glyphs that stands for an indivisible piece of text.
struct Cluster {
    start: usize,
    end: usize,
    g0: usize,
    g1: usize,
    /// Advance in em.
    adv: f32,
    /// The cluster is whitespace only.
    space: bool,
    /// A line may break before this cluster.
    brk: bool,
}

/// One line of text ready to draw: its own string and glyphs whose ranges index into it.
#[derive(Clone)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// Width in em (multiply by the font size).
    pub(crate) width: f32,
}

impl Shaped {
    /// Width in points of the widest paragraph if it were set on one line.
    pub(crate) fn natural_width(&self, size: f32) -> f32 {
        self.paras
            .iter()
            .map(|p| trimmed_width(&p.clusters))
            .fold(0.0, f32::max)
            * size
    }

    /// Break into lines no wider than `max_width` points at `size` points.
    /// Empty text gives no lines.
    pub(crate) fn wrap(&self, size: f32, max_width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        if self.paras.iter().all(|p| p.text.is_empty()) {
            return lines;
        }
        let max = (max_width / size).max(0.0) + 1e-4;
        for para in &self.paras {
            let cl = &para.clusters;
            if cl.is_empty() {
                lines.push(Line {
                    text: String::new(),
                    glyphs: Vec::new(),
                    width: 0.0,
                });
                continue;
            }
            let mut start = 0;
            while start < cl.len() {
                let mut x = 0.0;
                let mut last_break = None;
                let mut end = cl.len();
                for (k, c) in cl.iter().enumerate().skip(start) {
                    if k > start && c.brk {
                        last_break = Some(k);
                    }
                    if !c.space && k > start && x + c.adv > max {
                        end = last_break.unwrap_or(k);
                        break;
                    }
                    x += c.adv;
                }
                lines.push(para.line(start, end));
                start = end;
                // A line never starts with the spaces it broke at.
                while start < cl.len() && cl[start].space {
                    start += 1;
                }
            }
        }
        lines
    }
}

impl Para {
    /// The line made of clusters `a..b`, trailing spaces dropped.
    fn line(&self, a: usize, mut b: usize) -> Line {
        while b > a + 1 && self.clusters[b - 1].space {
            b -= 1;
        }
        let cl = &self.clusters[a..b];
        let (s, e) = (cl[0].start, cl[cl.len() - 1].end);
        let glyphs = self.glyphs[cl[0].g0..cl[cl.len() - 1].g1]
            .iter()
            .map(|g| {
                let mut g = g.clone();
                g.text_range = g.text_range.start - s..g.text_range.end - s;
                g
            })
            .collect();
        Line {
            text: self.text[s..e].to_owned(),
            glyphs,
            width: cl.iter().map(|c| c.adv).sum(),
        }
    }
}

fn trimmed_width(cl: &[Cluster]) -> f32 {
    let n = cl.iter().rposition(|c| !c.space).map_or(0, |i| i + 1);
    cl[..n].iter().map(|c| c.adv).sum()
}

/// Whether a line may break between `prev` and `next`.
fn can_break(prev: char, next: char) -> bool {
    if next.is_whitespace() {
        return false; // break after the run of spaces instead
    }
    if prev.is_whitespace() {
        return true;
    }
    if no_line_start(next) || no_line_end(prev) {
        return false;
    }
    // After the hyphen between the groups of a code ("87DSP-A40W5-…").
    if prev == '-' && next.is_ascii_alphanumeric() {
        return true;
    }
    is_cjk(prev) || is_cjk(next)
}

/// Chinese, Japanese and Korean characters, including full-width forms and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // radicals, CJK symbols & punctuation, kana, unified ideographs
        | 0xAC00..=0xD7AF    // Hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // extension B and beyond
}

/// Marks that must not begin a line (closing brackets, commas, full stops …).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〉〕…·・ー々～％,.;:!?)]}%”’".contains(c)
}

/// Marks that must not end a line (opening brackets, currency signs).
fn no_line_end(c: char) -> bool {
    "（《「『【〈〔([{“‘¥￥$".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_a_comma() {
        let f = Fonts::get().unwrap();
        // Chinese glyphs are 1 em wide: 4 em per line.
        let lines = f.wrap("一二三四，五六七八九", 10.0, 40.0);
        assert_eq!(texts(&lines), ["一二三", "四，五六", "七八九"]);
        assert!(lines.iter().all(|l| l.width * 10.0 <= 40.0 + 1e-3));
    }

    #[test]
    fn latin_breaks_at_spaces_and_long_words_by_character() {
        let f = Fonts::get().unwrap();
        let lines = f.wrap("two pounds of tomatoes", 10.0, 60.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(!l.text.starts_with(' ') && !l.text.ends_with(' '));
            assert!(l.width * 10.0 <= 60.0 + 1e-3);
        }
        let joined = texts(&lines).join(" ");
        assert_eq!(joined, "two pounds of tomatoes");

        let long = "x".repeat(500);
        let lines = f.wrap(&long, 10.0, 60.0);
        assert!(lines.len() > 10);
        assert_eq!(texts(&lines).concat(), long);
    }

    #[test]
    fn a_long_code_breaks_after_a_hyphen_between_its_groups() {
        let f = Fonts::get().unwrap();
        let code = "87DSP-A40W5-HMBMB-VNT3B";
        let one = f.wrap(code, 10.0, 1000.0);
        let w = one[0].width * 10.0;
        let lines = f.wrap(code, 10.0, w * 0.8);
        assert_eq!(texts(&lines), ["87DSP-A40W5-HMBMB-", "VNT3B"]);
    }

    #[test]
    fn newlines_start_new_lines_and_empty_text_has_none() {
        let f = Fonts::get().unwrap();
        assert_eq!(texts(&f.wrap("甲\n乙", 10.0, 500.0)), ["甲", "乙"]);
        assert!(f.wrap("", 10.0, 500.0).is_empty());
    }

    #[test]
    fn the_font_has_the_glyphs_the_printouts_use() {
        let f = Fonts::get().unwrap();
        for s in [
            "分拣单按住户幸福里号楼门口打印于共合计",
            "¥1,234.50 · n / N （续）",
            "ABCxyz",
        ] {
            let shaped = f.shape(s);
            for p in &shaped.paras {
                for g in &p.glyphs {
                    assert_ne!(g.glyph_id.to_u32(), 0, "missing glyph in {s:?}");
                }
            }
        }
    }
}
