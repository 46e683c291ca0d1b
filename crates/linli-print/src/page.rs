//! Pages as lists of positioned items, and drawing them into a PDF with krilla.
//!
//! Layout happens first (so the page count is known for "n / N"), drawing second.
//! Coordinates are PDF points with the origin at the top-left corner, y downwards.

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};

use crate::PrintError;
use crate::text::{ASCENT, Fonts, Line};

/// A4 width in points.
pub(crate) const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub(crate) const PAGE_H: f32 = 841.89;
/// 18 mm.
pub(crate) const MARGIN: f32 = 18.0 * 72.0 / 25.4;
/// Width between the left and right margins.
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Line height as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.4;

/// Something drawn on a page.
pub(crate) enum Item {
    /// A line of text whose box starts at `top` (the baseline is placed inside it).
    Text {
        x: f32,
        top: f32,
        size: f32,
        line: Line,
    },
    /// A straight stroked line.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// An empty stroked rectangle.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
    },
    /// A filled triangle pointing down, its tip at (`x`, `y`).
    ArrowHead { x: f32, y: f32, size: f32 },
}

/// Horizontal placement of a line within a column.
#[derive(Clone, Copy)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

/// Position a line of text in the column starting at `x` with width `w`.
pub(crate) fn text_item(line: &Line, x: f32, w: f32, top: f32, size: f32, align: Align) -> Item {
    let lw = line.width * size;
    let x = match align {
        Align::Left => x,
        Align::Right => x + w - lw,
        Align::Center => x + (w - lw) / 2.0,
    };
    Item::Text {
        x,
        top,
        size,
        line: line.clone(),
    }
}

/// Collects items page by page, with a cursor running down the current page.
pub(crate) struct Pager {
    pub(crate) pages: Vec<Vec<Item>>,
    /// Cursor: the top of the next thing to place.
    pub(crate) y: f32,
    /// Lowest y content may reach (above the page number).
    pub(crate) bottom: f32,
    /// Drawn at the top of every page after the first (e.g. the title, small).
    running_head: Vec<(Line, f32)>,
}

impl Pager {
    /// A pager with one empty page; content may go down to `bottom`.
    pub(crate) fn new(bottom: f32) -> Self {
        Pager {
            pages: vec![Vec::new()],
            y: MARGIN,
            bottom,
            running_head: Vec::new(),
        }
    }

    /// Set the lines (with their sizes) repeated at the top of every later page.
    pub(crate) fn set_running_head(&mut self, head: Vec<(Line, f32)>) {
        self.running_head = head;
    }

    /// Height the running head and its rule take.
    fn head_height(&self) -> f32 {
        if self.running_head.is_empty() {
            0.0
        } else {
            self.running_head
                .iter()
                .map(|(_, s)| s * LEADING)
                .sum::<f32>()
                + 10.0
        }
    }

    /// Usable height of a fresh page after the first.
    pub(crate) fn fresh_height(&self) -> f32 {
        self.bottom - MARGIN - self.head_height()
    }

    /// Space left on the current page.
    pub(crate) fn room(&self) -> f32 {
        self.bottom - self.y
    }

    /// Add an item to the current page.
    pub(crate) fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a page").push(item);
    }

    /// Start a new page (with the running head) and put the cursor below its head.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
        let head = std::mem::take(&mut self.running_head);
        for (line, size) in &head {
            self.push(text_item(
                line,
                MARGIN,
                CONTENT_W,
                self.y,
                *size,
                Align::Left,
            ));
            self.y += size * LEADING;
        }
        if !head.is_empty() {
            self.y += 4.0;
            self.rule(self.y, 0.5);
            self.y += 6.0;
        }
        self.running_head = head;
    }

    /// Whether the current page has nothing below its running head yet.
    pub(crate) fn at_page_top(&self) -> bool {
        (self.y - (MARGIN + self.head_height())).abs() < 0.01 || self.y <= MARGIN
    }

    /// Make sure `h` points fit below the cursor, starting a new page if not
    /// (unless the page is still empty, when nothing would be gained).
    pub(crate) fn ensure(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.at_page_top() {
            self.new_page();
        }
    }

    /// A full-width horizontal rule at `y`.
    pub(crate) fn rule(&mut self, y: f32, width: f32) {
        self.push(Item::Rule {
            x1: MARGIN,
            y1: y,
            x2: PAGE_W - MARGIN,
            y2: y,
            width,
        });
    }

    /// Place `lines` at `size` in the column `x`..`x + w`, breaking pages between lines as needed.
    pub(crate) fn lines(&mut self, lines: &[Line], x: f32, w: f32, size: f32, align: Align) {
        for line in lines {
            self.ensure(size * LEADING);
            self.push(text_item(line, x, w, self.y, size, align));
            self.y += size * LEADING;
        }
    }
}

/// Draw the pages into a PDF. With `numbers`, each page gets "n / N" at that size
/// at the bottom (only when there is more than one page if `numbers_if_single` is false).
pub(crate) fn render(
    fonts: &Fonts,
    pages: &[Vec<Item>],
    title: &str,
    numbers: f32,
    numbers_if_single: bool,
) -> Result<Vec<u8>, PrintError> {
    let mut doc = Document::new();
    let mut meta = Metadata::new()
        .language("zh-CN".to_owned())
        .creator("Linli".to_owned());
    if !title.is_empty() {
        meta = meta.title(title.to_owned());
    }
    doc.set_metadata(meta);
    let n = pages.len();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PrintError::Layout)?;
    for (i, items) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        let draw = |item: &Item, surface: &mut krilla::surface::Surface| match item {
            Item::Text { x, top, size, line } => {
                if line.glyphs.is_empty() {
                    return;
                }
                surface.set_stroke(None);
                surface.set_fill(Some(Fill::default()));
                let baseline = top + size * ((LEADING - 1.0) / 2.0 + ASCENT);
                surface.draw_glyphs(
                    Point::from_xy(*x, baseline),
                    &line.glyphs,
                    fonts.font.clone(),
                    &line.text,
                    *size,
                    false,
                );
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    stroke(surface, *width);
                    surface.draw_path(&path);
                }
            }
            Item::Frame { x, y, w, h, width } => {
                let mut pb = PathBuilder::new();
                pb.move_to(*x, *y);
                pb.line_to(x + w, *y);
                pb.line_to(x + w, y + h);
                pb.line_to(*x, y + h);
                pb.close();
                if let Some(path) = pb.finish() {
                    stroke(surface, *width);
                    surface.draw_path(&path);
                }
            }
            Item::ArrowHead { x, y, size } => {
                let mut pb = PathBuilder::new();
                pb.move_to(x - size * 0.6, y - size);
                pb.line_to(x + size * 0.6, y - size);
                pb.line_to(*x, *y);
                pb.close();
                if let Some(path) = pb.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill::default()));
                    surface.draw_path(&path);
                }
            }
        };
        for item in items {
            draw(item, &mut surface);
        }
        if n > 1 || numbers_if_single {
            let label = format!("{} / {}", i + 1, n);
            if let Some(line) = fonts.wrap(&label, numbers, CONTENT_W).into_iter().next() {
                let top = PAGE_H - MARGIN - numbers * LEADING;
                let item = text_item(&line, MARGIN, CONTENT_W, top, numbers, Align::Center);
                draw(&item, &mut surface);
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PrintError::Pdf(format!("{e:?}")))
}

fn stroke(surface: &mut krilla::surface::Surface, width: f32) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width,
        ..Stroke::default()
    }));
}
