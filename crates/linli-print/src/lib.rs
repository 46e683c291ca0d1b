//! Linli's printouts: already-worded documents as A4 PDFs with Chinese text.
//!
//! This crate knows nothing about group buying or translations: the caller
//! passes every string already worded in the organiser's language, and gets
//! back the bytes of a PDF to save or send to the printer.
//!
//! - [`sheet_pdf`] prints a [`Sheet`]: a title, then blocks (one per household
//!   or per product) of table rows with optional tick boxes, then a footer.
//! - [`invite_pdf`] prints an [`Invite`] in large print: the address and invite
//!   code, and the steps to join as a flowchart of numbered boxes.
//! - [`guide_pdf`] prints a [`Guide`] in large print: a few numbered steps drawn as
//!   the same flowchart.
//! - For neighbours without a computer, in large print: [`order_form_pdf`] prints an
//!   [`OrderForm`] (numbered deals, each with an empty box for the quantity written by
//!   hand), [`slips_pdf`] prints [`Slips`] (one per neighbour, the pickup code at 44 pt,
//!   several to a page with dashed cut lines), [`link_pdf`] prints a [`LinkSheet`] (a
//!   one-time code to join later with a device of her own).
//!
//! Pages are A4 portrait with 18 mm margins, black on white, with page numbers
//! "n / N" at the bottom. Text is set in the bundled font (a CFF subset of Noto
//! Sans CJK SC) and stays real, searchable text in the PDF. Lines break between
//! any two Chinese characters and at spaces between Latin words; a word too
//! long for the line is broken between characters, so nothing runs off the page.
//!
//! ```
//! use linli_print::{Block, Options, Row, Sheet, sheet_pdf};
//!
//! let sheet = Sheet {
//!     title: "分拣单 · 按住户 · 11月27日 周五".into(),
//!     subtitle: "幸福里3号楼 · 3号楼门口".into(),
//!     blocks: vec![Block {
//!         heading: "王阿姨 3-201".into(),
//!         note: "取货码 4821".into(),
//!         rows: vec![Row { cells: vec!["西红柿".into(), "2 斤".into(), "¥7.60".into()], tick: true }],
//!         total: "小计 ¥7.60".into(),
//!     }],
//!     footer: "共 1 户，合计 ¥7.60".into(),
//! };
//! let pdf: Vec<u8> = sheet_pdf(&sheet, &Options { large: false })?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), linli_print::PrintError>(())
//! ```

#![warn(missing_docs)]

mod page;
mod paper;
mod text;

pub use paper::{FormItem, LinkSheet, OrderForm, Slip, Slips, link_pdf, order_form_pdf, slips_pdf};

use page::{Align, CONTENT_W, Item, LEADING, MARGIN, PAGE_H, Pager};
use text::{Fonts, Line, Shaped};

/// A sort sheet (分拣单) or any other tabular printout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Printed large at the top of the first page, and small at the top of the
    /// others, e.g. "分拣单 · 按住户 · 11月27日 周五".
    pub title: String,
    /// Printed under the title, e.g. "幸福里3号楼 · 3号楼门口 · 打印于 …".
    pub subtitle: String,
    /// The blocks, one per household (by member) or per product, in order.
    pub blocks: Vec<Block>,
    /// Printed after the last block, e.g. "共 32 户，合计 ¥1,234.50".
    pub footer: String,
}

/// One block of a [`Sheet`]: a heading, table rows and a total.
///
/// A block that fits on one page is never split: it starts on a new page
/// instead. A longer block continues on the next page with its heading repeated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    /// The block's heading, e.g. the household's name or the product.
    pub heading: String,
    /// Printed at the right of the heading, e.g. the pickup code. May be empty.
    pub note: String,
    /// The table rows.
    pub rows: Vec<Row>,
    /// Printed right-aligned under the rows, e.g. "小计 ¥23.40". May be empty.
    pub total: String,
}

/// One table row of a [`Block`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The cells, e.g. `["西红柿", "2 斤", "¥7.60"]`. The first column is wide and
    /// left-aligned; the others are right-aligned. Columns line up across the
    /// whole sheet.
    pub cells: Vec<String>,
    /// Draw an empty tick box before the row.
    pub tick: bool,
}

/// How to print a [`Sheet`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Large print: all text about 1.6 times the normal size (body text 19 pt instead of 12 pt).
    pub large: bool,
}

/// The invite sheet (邀请单), always in large print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invite {
    /// Printed large at the top, e.g. "欢迎加入 幸福里3号楼".
    pub title: String,
    /// Label and value pairs, e.g. `("地址", "http://192.168.1.20:7878")`,
    /// `("邀请码", "ABCD-…")`. Values are printed at 30 pt in a frame.
    pub lines: Vec<(String, String)>,
    /// The steps to join, drawn as a flowchart: numbered boxes from top to
    /// bottom joined by arrows, the text at 22 pt.
    pub steps: Vec<String>,
    /// Printed at the end, e.g. "团长的电脑开着时才能同步；关着时大家的电脑照常用，之后再发送。"
    pub note: String,
}

/// A large-print guide (大字说明书) for members, always in large print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guide {
    /// Printed large at the top, e.g. "邻里 大字说明书".
    pub title: String,
    /// A few words under the title. May be empty.
    pub intro: String,
    /// The steps, drawn as a flowchart like the [`Invite`]'s: numbered boxes from top to
    /// bottom joined by arrows, the text at 22 pt.
    pub steps: Vec<String>,
    /// Printed at the end. May be empty.
    pub note: String,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The bundled font could not be read.
    #[error("the bundled font could not be loaded")]
    Font,
    /// The page could not be set up.
    #[error("the page layout could not be built")]
    Layout,
    /// krilla could not write the PDF.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Print a [`Sheet`] as an A4 PDF and return its bytes.
///
/// Body text is 12 pt (19.2 pt with [`Options::large`]). Every page has "n / N"
/// at the bottom; pages after the first repeat the title's first line at the top.
/// An empty sheet gives one page with the title, subtitle and footer.
pub fn sheet_pdf(sheet: &Sheet, opt: &Options) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    let k = if opt.large { 1.6 } else { 1.0 };
    let s = Sizes {
        body: 12.0 * k,
        heading: 15.0 * k,
        title: 20.0 * k,
    };
    let mut p = Pager::new(PAGE_H - MARGIN - s.body * LEADING - 6.0);

    // Title and subtitle on the first page; the title's first line heads the others.
    let title = fonts.wrap(&sheet.title, s.title, CONTENT_W);
    p.lines(&title, MARGIN, CONTENT_W, s.title, Align::Left);
    let subtitle = fonts.wrap(&sheet.subtitle, s.body, CONTENT_W);
    p.lines(&subtitle, MARGIN, CONTENT_W, s.body, Align::Left);
    if let Some(first) = fonts
        .wrap(&sheet.title, s.body, CONTENT_W)
        .into_iter()
        .next()
    {
        p.set_running_head(vec![(first, s.body)]);
    }
    p.y += 4.0;
    p.rule(p.y, 1.2);
    p.y += 0.6 * s.body;

    let shaped: Vec<Vec<Vec<Shaped>>> = sheet
        .blocks
        .iter()
        .map(|b| {
            b.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| fonts.shape(c)).collect())
                .collect()
        })
        .collect();
    let cols = Columns::new(sheet, &shaped, &s);
    for (block, rows) in sheet.blocks.iter().zip(&shaped) {
        place_block(&mut p, fonts, &s, &cols, block, rows);
    }

    if !sheet.footer.is_empty() {
        let lines = fonts.wrap(&sheet.footer, s.heading, CONTENT_W);
        let h = 0.6 * s.body + lines.len() as f32 * s.heading * LEADING;
        if h <= p.fresh_height() {
            p.ensure(h);
        }
        p.y += 0.3 * s.body;
        p.rule(p.y, 1.2);
        p.y += 0.3 * s.body;
        p.lines(&lines, MARGIN, CONTENT_W, s.heading, Align::Left);
    }
    page::render(fonts, &p.pages, &sheet.title, s.body, true)
}

/// Font sizes of a sheet, in points.
struct Sizes {
    body: f32,
    heading: f32,
    title: f32,
}

/// Where the tick box and the table columns go, shared by the whole sheet.
struct Columns {
    /// Side of a tick box, 0 when no row has one.
    tick: f32,
    /// Left edge and width of each column.
    x: Vec<f32>,
    w: Vec<f32>,
}

impl Columns {
    fn new(sheet: &Sheet, shaped: &[Vec<Vec<Shaped>>], s: &Sizes) -> Columns {
        let any_tick = sheet.blocks.iter().flat_map(|b| &b.rows).any(|r| r.tick);
        let tick = if any_tick { 0.9 * s.body } else { 0.0 };
        let left = MARGIN + if any_tick { tick + 0.6 * s.body } else { 0.0 };
        let width = PAGE_W_RIGHT - left;
        let n = shaped
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(1)
            .max(1);
        let gap = (s.body).min(0.3 * width / n as f32);
        // Natural widths of the right-aligned columns, each at most a third of the table.
        let mut w = vec![0.0f32; n];
        for row in shaped.iter().flatten() {
            for (j, cell) in row.iter().enumerate().skip(1) {
                w[j] = w[j].max(cell.natural_width(s.body));
            }
        }
        for wj in w.iter_mut().skip(1) {
            *wj = wj.clamp(s.body, width / 3.0);
        }
        let gaps = gap * (n - 1) as f32;
        let rest: f32 = w[1..].iter().sum();
        let min_first = if n == 1 { width } else { 0.4 * width };
        if width - gaps - rest < min_first {
            // Squeeze the other columns (their cells wrap) to keep the first one readable.
            let scale = ((width - gaps - min_first) / rest).max(0.0);
            for wj in w.iter_mut().skip(1) {
                *wj *= scale;
            }
        }
        w[0] = width - gaps - w[1..].iter().sum::<f32>();
        let mut x = Vec::with_capacity(n);
        let mut at = left;
        for wj in &w {
            x.push(at);
            at += wj + gap;
        }
        Columns { tick, x, w }
    }
}

/// The right edge of the content area.
const PAGE_W_RIGHT: f32 = page::PAGE_W - MARGIN;

/// A row wrapped into its columns.
struct RowLayout {
    tick: bool,
    /// Lines of each cell.
    cells: Vec<Vec<Line>>,
    /// Number of lines of the tallest cell (at least 1).
    n: usize,
}

fn place_block(
    p: &mut Pager,
    fonts: &Fonts,
    s: &Sizes,
    cols: &Columns,
    block: &Block,
    shaped: &[Vec<Shaped>],
) {
    let lh = s.body * LEADING;
    let pad = 0.2 * s.body;
    let hlh = s.heading * LEADING;

    // Heading with the note at its right.
    let note_shaped = fonts.shape(&block.note);
    let note_w = if block.note.is_empty() {
        0.0
    } else {
        note_shaped
            .natural_width(s.heading)
            .clamp(s.heading, 0.45 * CONTENT_W)
    };
    let head_w = CONTENT_W - if note_w > 0.0 { note_w + s.body } else { 0.0 };
    let heading = fonts.wrap(&block.heading, s.heading, head_w);
    let note = note_shaped.wrap(s.heading, note_w);
    let head_h = heading.len().max(note.len()).max(1) as f32 * hlh;
    let head_total = 0.4 * s.body + head_h + 0.3 * s.body;
    // A heading too tall to repeat on every page is repeated by its first line only.
    let repeat_lines = if head_total > p.fresh_height() / 3.0 {
        1
    } else {
        heading.len()
    };

    let rows: Vec<RowLayout> = block
        .rows
        .iter()
        .zip(shaped)
        .map(|(row, cells)| {
            let cells: Vec<Vec<Line>> = cells
                .iter()
                .zip(&cols.w)
                .map(|(c, w)| c.wrap(s.body, *w))
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            RowLayout {
                tick: row.tick,
                cells,
                n,
            }
        })
        .collect();
    let row_h = |r: &RowLayout| r.n as f32 * lh + 2.0 * pad;
    let total = fonts.wrap(&block.total, s.body, CONTENT_W);
    let total_h = total.len() as f32 * lh + if total.is_empty() { 0.0 } else { pad };
    let after = 0.8 * s.body;
    let whole = head_total + rows.iter().map(row_h).sum::<f32>() + total_h;

    if whole > p.room() {
        if whole <= p.fresh_height() {
            p.new_page();
        } else {
            // A block longer than a page starts here if its heading and first row fit.
            let first = head_total + rows.first().map_or(0.0, row_h);
            p.ensure(first);
        }
    }

    let draw_heading = |p: &mut Pager, lines: usize| {
        p.y += 0.4 * s.body;
        p.rule(p.y - 0.2 * s.body, 1.2);
        let n = lines.min(heading.len()).max(note.len()).max(1);
        for i in 0..n {
            // Only a heading taller than a page ever needs this break.
            p.ensure(hlh);
            if let Some(line) = heading.get(i).filter(|_| i < lines) {
                let item = page::text_item(line, MARGIN, head_w, p.y, s.heading, Align::Left);
                p.push(item);
            }
            if let Some(line) = note.get(i) {
                let x = PAGE_W_RIGHT - note_w;
                let item = page::text_item(line, x, note_w, p.y, s.heading, Align::Right);
                p.push(item);
            }
            p.y += hlh;
        }
        p.y += 0.1 * s.body;
        p.rule(p.y, 0.6);
        p.y += 0.2 * s.body;
    };
    draw_heading(p, heading.len());

    for (i, row) in rows.iter().enumerate() {
        let last = i + 1 == rows.len();
        let need = row_h(row) + if last { total_h } else { 0.0 };
        if need > p.room() {
            p.new_page();
            draw_heading(p, repeat_lines);
        }
        // Line by line, so that even a row taller than a page never runs off it.
        p.y += pad;
        for li in 0..row.n {
            if lh > p.room() {
                p.new_page();
                draw_heading(p, repeat_lines);
            }
            if li == 0 && row.tick {
                let side = cols.tick;
                p.push(Item::Frame {
                    x: MARGIN,
                    y: p.y + (lh - side) / 2.0,
                    w: side,
                    h: side,
                    width: 0.8,
                });
            }
            for (j, cell) in row.cells.iter().enumerate() {
                if let Some(line) = cell.get(li) {
                    let align = if j == 0 { Align::Left } else { Align::Right };
                    let item = page::text_item(line, cols.x[j], cols.w[j], p.y, s.body, align);
                    p.push(item);
                }
            }
            p.y += lh;
        }
        p.y += pad;
        p.rule(p.y, 0.3);
    }

    if !total.is_empty() {
        if total_h > p.room() {
            p.new_page();
            draw_heading(p, repeat_lines);
        }
        p.y += pad;
        p.lines(&total, MARGIN, CONTENT_W, s.body, Align::Right);
    }
    p.y += after;
}

/// Print an [`Invite`] as a one-page (if it fits) A4 PDF in large print and return its bytes.
///
/// The title is 32 pt, labels 20 pt, values (the address, the invite code) 30 pt,
/// steps 22 pt in numbered boxes joined by arrows, the note 20 pt.
pub fn invite_pdf(invite: &Invite) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    const VALUE: f32 = 30.0;
    let mut p = Pager::new(PAGE_H - MARGIN - NUMBERS * LEADING - 6.0);
    large_title(&mut p, fonts, &invite.title);

    // Label above, value in a frame below.
    for (label, value) in &invite.lines {
        paper::framed(&mut p, fonts, label, value, VALUE, 1.5);
    }

    flowchart(&mut p, fonts, &invite.steps);

    closing_note(&mut p, fonts, &invite.note);
    page::render(fonts, &p.pages, &invite.title, NUMBERS, false)
}

/// Print a [`Guide`] as an A4 PDF in large print and return its bytes.
///
/// The title is 32 pt, the introduction 20 pt, the steps 22 pt in numbered boxes joined
/// by arrows (the invite sheet's flowchart), the note 20 pt.
pub fn guide_pdf(guide: &Guide) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    let mut p = Pager::new(PAGE_H - MARGIN - NUMBERS * LEADING - 6.0);
    large_title(&mut p, fonts, &guide.title);
    if !guide.intro.is_empty() {
        let lines = fonts.wrap(&guide.intro, LABEL, CONTENT_W);
        p.lines(&lines, MARGIN, CONTENT_W, LABEL, Align::Left);
        p.y += 8.0;
    }
    flowchart(&mut p, fonts, &guide.steps);
    closing_note(&mut p, fonts, &guide.note);
    page::render(fonts, &p.pages, &guide.title, NUMBERS, false)
}

/// Sizes of the large-print sheets (the invite and the guide), in points: the title,
/// labels and introductions, the closing note, the page numbers.
const TITLE: f32 = 32.0;
const LABEL: f32 = 20.0;
const NOTE: f32 = 20.0;
const NUMBERS: f32 = 16.0;

/// A large-print sheet's title, centred, with a rule under it.
fn large_title(p: &mut Pager, fonts: &Fonts, title: &str) {
    let title = fonts.wrap(title, TITLE, CONTENT_W);
    p.lines(&title, MARGIN, CONTENT_W, TITLE, Align::Center);
    p.y += 6.0;
    p.rule(p.y, 1.5);
    p.y += 14.0;
}

/// A large-print sheet's closing note under a thin rule (nothing if `note` is empty).
fn closing_note(p: &mut Pager, fonts: &Fonts, note: &str) {
    if note.is_empty() {
        return;
    }
    let lines = fonts.wrap(note, NOTE, CONTENT_W);
    let h = 28.0 + lines.len() as f32 * NOTE * LEADING;
    if h <= p.fresh_height() {
        p.ensure(h);
    }
    p.y += 20.0;
    p.rule(p.y, 0.75);
    p.y += 8.0;
    p.lines(&lines, MARGIN, CONTENT_W, NOTE, Align::Left);
}

/// Size of a flowchart step's text and of its number, in points.
const STEP: f32 = 22.0;
const NUMBER: f32 = 30.0;

/// `steps` as a flowchart: numbered boxes from top to bottom joined by arrows, the text at
/// [`STEP`] pt and the numbers at [`NUMBER`] pt (the invite sheet's and the guide's).
/// A frame across the page from `top`, `h` high, with a rule `rule_x` in from its left edge
/// setting its number apart (a step of the flowchart, a deal of the order form).
fn numbered_frame(p: &mut Pager, top: f32, h: f32, rule_x: f32, width: f32) {
    p.push(Item::Frame {
        x: MARGIN,
        y: top,
        w: CONTENT_W,
        h,
        width,
    });
    p.push(Item::Rule {
        x1: MARGIN + rule_x,
        y1: top,
        x2: MARGIN + rule_x,
        y2: top + h,
        width: 1.0,
    });
}

fn flowchart(p: &mut Pager, fonts: &Fonts, steps: &[String]) {
    let pad = 12.0;
    let num_col = NUMBER * 1.4;
    let text_x = MARGIN + pad + num_col + pad;
    let text_w = PAGE_W_RIGHT - pad - text_x;
    let arrow_h = 34.0;
    for (i, step) in steps.iter().enumerate() {
        let lines = fonts.wrap(step, STEP, text_w);
        let number = fonts.wrap(&(i + 1).to_string(), NUMBER, num_col);
        let text_h = lines.len() as f32 * STEP * LEADING;
        let box_h = text_h.max(NUMBER * LEADING) + 2.0 * pad;
        let arrow = if i > 0 { arrow_h } else { 6.0 };
        if arrow + box_h <= p.fresh_height() {
            p.ensure(arrow + box_h);
        }
        if i > 0 {
            let cx = MARGIN + CONTENT_W / 2.0;
            let (y0, y1) = (p.y + 4.0, p.y + arrow_h - 4.0);
            p.push(Item::Rule {
                x1: cx,
                y1: y0,
                x2: cx,
                y2: y1 - 10.0,
                width: 3.0,
            });
            p.push(Item::ArrowHead {
                x: cx,
                y: y1,
                size: 12.0,
            });
        }
        p.y += arrow;
        let top = p.y;
        if box_h <= p.room() {
            numbered_frame(p, top, box_h, pad + num_col + pad / 2.0, 2.0);
            for line in &number {
                let y = top + (box_h - NUMBER * LEADING) / 2.0;
                let item = page::text_item(line, MARGIN + pad, num_col, y, NUMBER, Align::Center);
                p.push(item);
            }
            p.y = top + (box_h - text_h) / 2.0;
            p.lines(&lines, text_x, text_w, STEP, Align::Left);
            p.y = top + box_h;
        } else {
            // A step too long for one page: its text alone, across pages.
            p.lines(&number, MARGIN, CONTENT_W, NUMBER, Align::Left);
            p.lines(&lines, text_x, text_w, STEP, Align::Left);
        }
    }
}
