//! Paper for neighbours who have no computer: the order form (订货单) she fills in with a
//! pen, the pickup slips (取货条) cut from a page, and the link sheet (连接码) that lets her
//! join later with a device of her own. All in large print.

use crate::page::{self, Align, CONTENT_W, Item, LEADING, MARGIN, PAGE_H, Pager};
use crate::text::Fonts;
use crate::{LABEL, NOTE, NUMBERS, PAGE_W_RIGHT, PrintError, closing_note, large_title};

/// A large-print order form (订货单): numbered deals, each with an empty box for the
/// quantity she writes in by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderForm {
    /// Printed large at the top, e.g. "幸福里3号楼 订货单"; small at the top of later pages.
    pub title: String,
    /// Under the title, e.g. "12月6日 周日 · 想要的，请在方框里写数量". May be empty.
    pub subtitle: String,
    /// Before the line she writes her name on, e.g. "姓名：". Repeated on every page.
    pub name_label: String,
    /// The deals, in the order (and with the numbers) given.
    pub items: Vec<FormItem>,
    /// Above each quantity box, e.g. "数量".
    pub qty_label: String,
    /// Printed after the items, e.g. how to hand the form in. May be empty.
    pub footer: String,
}

/// One numbered deal of an [`OrderForm`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormItem {
    /// Its number, printed large at the left (the caller's numbering, kept as given).
    pub number: u32,
    /// The product, e.g. "西红柿".
    pub name: String,
    /// The facts under the name, one per line: price, shop price, cutoff, pickup.
    pub lines: Vec<String>,
    /// Printed after the quantity box, e.g. "斤".
    pub unit: String,
}

/// Pickup slips (取货条): several to an A4 page, dashed cut lines between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slips {
    /// The document's title (its metadata; not printed).
    pub title: String,
    /// The slips in order.
    pub slips: Vec<Slip>,
    /// Printed on the page when there are no slips, e.g. "11月25日没有要取的货".
    pub empty: String,
}

/// One neighbour's pickup slip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slip {
    /// Her name, e.g. "王大爷".
    pub name: String,
    /// When and where, e.g. "11月25日 周三 · 3号楼门口取货".
    pub pickup: String,
    /// Her items: product, quantity, amount (the first left-aligned, the others right).
    pub rows: Vec<Vec<String>>,
    /// Her total, e.g. "合计 ¥19.60".
    pub total: String,
    /// Above the code, e.g. "取货码".
    pub code_label: String,
    /// The pickup code, printed very large (44 pt).
    pub code: String,
}

/// The link sheet (连接码) of a neighbour the organiser added without a computer: one page
/// in large print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSheet {
    /// Printed large at the top, e.g. "王大爷的邻里连接码".
    pub title: String,
    /// Label and value pairs (the address, the fingerprint), values at 24 pt in a frame.
    pub lines: Vec<(String, String)>,
    /// Above the code, e.g. "连接码".
    pub code_label: String,
    /// The one-time code, very large (40 pt) in a heavy frame.
    pub code: String,
    /// The steps, numbered, at 22 pt.
    pub steps: Vec<String>,
    /// Printed at the end, e.g. "这个码只能用一次；用过后请撕掉".
    pub note: String,
}

/// The order form's sizes, in points (the title is 32 pt): the subtitle and the
/// facts of each deal, the product's name, the numbers.
const FACT: f32 = 20.0;
const NAME: f32 = 24.0;
const NUMBER: f32 = 30.0;
/// The pickup code on a slip, and the link code.
const CODE: f32 = 44.0;
const LINK_CODE: f32 = 40.0;
/// A slip's name and everything else on it.
const SLIP_NAME: f32 = 24.0;
const SLIP_BODY: f32 = 18.0;

/// Print an [`OrderForm`] as an A4 PDF in large print and return its bytes.
///
/// The title is 32 pt, the name line 24 pt, each deal a frame with its number at 30 pt,
/// the product at 24 pt, its facts at 20 pt and an empty box for the quantity; a deal is
/// never split across pages. Every page has "n / N" at the bottom, and pages after the
/// first repeat the title and the name line at the top.
pub fn order_form_pdf(form: &OrderForm) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    let mut p = Pager::new(PAGE_H - MARGIN - NUMBERS * LEADING - 6.0);
    large_title(&mut p, fonts, &form.title);
    if !form.subtitle.is_empty() {
        let lines = fonts.wrap(&form.subtitle, FACT, CONTENT_W);
        p.lines(&lines, MARGIN, CONTENT_W, FACT, Align::Left);
        p.y += 8.0;
    }
    // Her name: the label, then a line to write on.
    let label = fonts.wrap(&form.name_label, NAME, CONTENT_W / 2.0);
    let label_w = label.first().map_or(0.0, |l| l.width * NAME);
    p.lines(&label, MARGIN, CONTENT_W, NAME, Align::Left);
    let under = p.y - 0.25 * NAME;
    p.push(Item::Rule {
        x1: MARGIN + label_w + 4.0,
        y1: under,
        x2: MARGIN + CONTENT_W * 0.75,
        y2: under,
        width: 1.0,
    });
    p.y += 10.0;
    // Later pages: the title and the name line again, in case the pages come apart.
    let mut head = Vec::new();
    if let Some(t) = fonts.wrap(&form.title, FACT, CONTENT_W).into_iter().next() {
        head.push((t, FACT));
    }
    let blank = format!("{}{}", form.name_label, "_".repeat(24));
    if let Some(n) = fonts.wrap(&blank, FACT, CONTENT_W).into_iter().next() {
        head.push((n, FACT));
    }
    p.set_running_head(head);

    // Each deal in a frame: its number at the left; then its name with "数量 [  ] 斤" at the
    // right (the boxes line up down the page), and its facts under them across the frame.
    let pad = 10.0;
    let num_col = NUMBER * 1.4;
    let (box_w, box_h) = (84.0, 44.0);
    let unit_w = form
        .items
        .iter()
        .map(|i| fonts.shape(&i.unit).natural_width(FACT))
        .fold(0.0, f32::max)
        .clamp(FACT, 0.25 * CONTENT_W);
    let qty_label = fonts.wrap(&form.qty_label, FACT, 0.3 * CONTENT_W);
    let label_w = qty_label.iter().map(|l| l.width * FACT).fold(0.0, f32::max);
    let text_x = MARGIN + pad + num_col + pad;
    let text_w = PAGE_W_RIGHT - pad - text_x;
    let unit_x = PAGE_W_RIGHT - pad - unit_w;
    let box_x = unit_x - 6.0 - box_w;
    let label_x = box_x - 6.0 - label_w;
    let name_w = label_x - pad - text_x;
    for item in &form.items {
        let name = fonts.wrap(&item.name, NAME, name_w);
        let unit = fonts.wrap(&item.unit, FACT, unit_w);
        let facts: Vec<_> = item
            .lines
            .iter()
            .flat_map(|l| fonts.wrap(l, FACT, text_w))
            .collect();
        let number = fonts.wrap(&item.number.to_string(), NUMBER, num_col);
        let head_h = (name.len() as f32 * NAME * LEADING)
            .max(box_h)
            .max(qty_label.len() as f32 * FACT * LEADING)
            .max(unit.len() as f32 * FACT * LEADING);
        let text_h = head_h + 4.0 + facts.len() as f32 * FACT * LEADING;
        let h = text_h.max(NUMBER * LEADING) + 2.0 * pad;
        let gap = 8.0;
        if h + gap <= p.fresh_height() {
            p.ensure(h + gap);
        }
        p.y += gap;
        let top = p.y;
        if h <= p.room() {
            crate::numbered_frame(&mut p, top, h, pad + num_col + pad / 2.0, 1.5);
            for line in &number {
                let item = page::text_item(
                    line,
                    MARGIN + pad,
                    num_col,
                    top + pad,
                    NUMBER,
                    Align::Center,
                );
                p.push(item);
            }
            // The quantity: its label, the empty box, the unit, centred on the name's row.
            let row_top = top + pad;
            let mid = |n: usize| row_top + (head_h - n as f32 * FACT * LEADING) / 2.0;
            let mut y = mid(qty_label.len());
            for line in &qty_label {
                p.push(page::text_item(
                    line,
                    label_x,
                    label_w,
                    y,
                    FACT,
                    Align::Right,
                ));
                y += FACT * LEADING;
            }
            p.push(Item::Frame {
                x: box_x,
                y: row_top + (head_h - box_h) / 2.0,
                w: box_w,
                h: box_h,
                width: 2.0,
            });
            let mut y = mid(unit.len());
            for line in &unit {
                p.push(page::text_item(line, unit_x, unit_w, y, FACT, Align::Left));
                y += FACT * LEADING;
            }
            p.y = row_top + (head_h - name.len() as f32 * NAME * LEADING) / 2.0;
            p.lines(&name, text_x, name_w, NAME, Align::Left);
            p.y = row_top + head_h + 4.0;
            p.lines(&facts, text_x, text_w, FACT, Align::Left);
            p.y = top + h;
        } else {
            // Taller than a page (never in practice): its words alone, across pages.
            p.lines(&number, MARGIN, CONTENT_W, NUMBER, Align::Left);
            p.lines(&name, text_x, text_w, NAME, Align::Left);
            p.lines(&facts, text_x, text_w, FACT, Align::Left);
        }
    }
    closing_note(&mut p, fonts, &form.footer);
    page::render(fonts, &p.pages, &form.title, NUMBERS, true)
}

/// Print [`Slips`] as an A4 PDF and return its bytes.
///
/// Each slip: her name at 24 pt, when and where, her items and total at 18 pt, and at the
/// right the pickup code at 44 pt. Slips follow one another down the page with a dashed
/// cut line after each; a slip that fits on a page is never split. "n / N" at the bottom
/// when there is more than one page.
pub fn slips_pdf(slips: &Slips) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    let mut p = Pager::new(PAGE_H - MARGIN - NUMBERS * LEADING - 6.0);
    if slips.slips.is_empty() {
        let lines = fonts.wrap(&slips.empty, NOTE, CONTENT_W);
        p.lines(&lines, MARGIN, CONTENT_W, NOTE, Align::Left);
    }
    let pad = 10.0;
    let lh = SLIP_BODY * LEADING;
    for slip in &slips.slips {
        let code_w = fonts
            .shape(&slip.code)
            .natural_width(CODE)
            .max(fonts.shape(&slip.code_label).natural_width(SLIP_BODY))
            .clamp(4.0 * CODE, 0.45 * CONTENT_W);
        let right_x = PAGE_W_RIGHT - code_w;
        let left_w = right_x - MARGIN - 2.0 * pad;
        let name = fonts.wrap(&slip.name, SLIP_NAME, left_w);
        let pickup = fonts.wrap(&slip.pickup, SLIP_BODY, left_w);
        let total = fonts.wrap(&slip.total, LABEL, left_w);
        let label = fonts.wrap(&slip.code_label, SLIP_BODY, code_w);
        let code = fonts.wrap(&slip.code, CODE, code_w);
        // The items' columns: quantity and amount at their natural widths, right-aligned.
        let cols = slip.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut w = vec![0.0f32; cols];
        for r in &slip.rows {
            for (j, c) in r.iter().enumerate().skip(1) {
                w[j] = w[j].max(fonts.shape(c).natural_width(SLIP_BODY));
            }
        }
        for wj in w.iter_mut().skip(1) {
            *wj = wj.min(left_w / 4.0);
        }
        let gap = SLIP_BODY;
        if cols > 0 {
            w[0] =
                (left_w - w[1..].iter().sum::<f32>() - gap * (cols - 1) as f32).max(left_w / 3.0);
        }
        let rows: Vec<Vec<Vec<crate::text::Line>>> = slip
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&w)
                    .map(|(c, wj)| fonts.wrap(c, SLIP_BODY, *wj))
                    .collect()
            })
            .collect();
        let rows_h: f32 = rows
            .iter()
            .map(|r| r.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh)
            .sum();
        let left_h = name.len() as f32 * SLIP_NAME * LEADING
            + pickup.len() as f32 * lh
            + 4.0
            + rows_h
            + 4.0
            + total.len() as f32 * LABEL * LEADING;
        let right_h = label.len() as f32 * lh + code.len() as f32 * CODE * LEADING;
        let h = left_h.max(right_h) + 2.0 * pad + 16.0;
        if h <= p.fresh_height() {
            p.ensure(h);
        }
        let top = p.y + pad;
        // The code at the right, first, so it is on the slip's first page.
        let mut y = top;
        for line in &label {
            p.push(page::text_item(
                line,
                right_x,
                code_w,
                y,
                SLIP_BODY,
                Align::Center,
            ));
            y += lh;
        }
        for line in &code {
            p.push(page::text_item(
                line,
                right_x,
                code_w,
                y,
                CODE,
                Align::Center,
            ));
            y += CODE * LEADING;
        }
        p.y = top;
        p.lines(&name, MARGIN, left_w, SLIP_NAME, Align::Left);
        p.lines(&pickup, MARGIN, left_w, SLIP_BODY, Align::Left);
        p.y += 4.0;
        let mut x = vec![MARGIN; cols];
        for j in 1..cols {
            x[j] = x[j - 1] + w[j - 1] + gap;
        }
        for r in &rows {
            let n = r.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for li in 0..n {
                p.ensure(lh);
                for (j, cell) in r.iter().enumerate() {
                    if let Some(line) = cell.get(li) {
                        let align = if j == 0 { Align::Left } else { Align::Right };
                        p.push(page::text_item(line, x[j], w[j], p.y, SLIP_BODY, align));
                    }
                }
                p.y += lh;
            }
        }
        p.y += 4.0;
        p.lines(&total, MARGIN, left_w, LABEL, Align::Left);
        p.y = p.y.max(y) + pad;
        // The cut line: dashes across the page.
        p.ensure(16.0);
        p.y += 8.0;
        dashes(&mut p);
        p.y += 8.0;
    }
    page::render(fonts, &p.pages, &slips.title, NUMBERS, false)
}

/// A dashed line across the page at the cursor, where the slips are cut apart.
fn dashes(p: &mut Pager) {
    let (dash, space) = (8.0, 5.0);
    let mut x = MARGIN;
    while x < PAGE_W_RIGHT {
        let x2 = (x + dash).min(PAGE_W_RIGHT);
        p.push(Item::Rule {
            x1: x,
            y1: p.y,
            x2,
            y2: p.y,
            width: 0.8,
        });
        x += dash + space;
    }
}

/// Print a [`LinkSheet`] as a one-page (if it fits) A4 PDF in large print and return its
/// bytes.
///
/// The title is 32 pt, labels 20 pt, the address and fingerprint 24 pt in frames, the code
/// 40 pt in a heavy frame, the steps 22 pt, the note 20 pt.
pub fn link_pdf(sheet: &LinkSheet) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::get().ok_or(PrintError::Font)?;
    let mut p = Pager::new(PAGE_H - MARGIN - NUMBERS * LEADING - 6.0);
    large_title(&mut p, fonts, &sheet.title);
    for (label, value) in &sheet.lines {
        framed(&mut p, fonts, label, value, 24.0, 1.5);
    }
    framed(
        &mut p,
        fonts,
        &sheet.code_label,
        &sheet.code,
        LINK_CODE,
        3.0,
    );
    const STEP: f32 = 22.0;
    for (i, step) in sheet.steps.iter().enumerate() {
        let number = format!("{}.", i + 1);
        let num_w = STEP * 1.6;
        let lines = fonts.wrap(step, STEP, CONTENT_W - num_w);
        p.ensure(lines.len() as f32 * STEP * LEADING);
        if let Some(n) = fonts.wrap(&number, STEP, num_w).first() {
            p.push(page::text_item(n, MARGIN, num_w, p.y, STEP, Align::Left));
        }
        p.lines(&lines, MARGIN + num_w, CONTENT_W - num_w, STEP, Align::Left);
        p.y += 6.0;
    }
    closing_note(&mut p, fonts, &sheet.note);
    page::render(fonts, &p.pages, &sheet.title, NUMBERS, false)
}

/// A label, and under it a value at `size` in a frame of `width`, kept together (the
/// invite sheet's lines, the link sheet's address and code).
pub(crate) fn framed(
    p: &mut Pager,
    fonts: &Fonts,
    label: &str,
    value: &str,
    size: f32,
    width: f32,
) {
    let inset = 10.0;
    let ll = fonts.wrap(label, LABEL, CONTENT_W);
    let vl = fonts.wrap(value, size, CONTENT_W - 2.0 * inset);
    let frame_h = vl.len().max(1) as f32 * size * LEADING + 8.0;
    let h = ll.len() as f32 * LABEL * LEADING + frame_h + 14.0;
    if h <= p.fresh_height() {
        p.ensure(h);
    }
    p.lines(&ll, MARGIN, CONTENT_W, LABEL, Align::Left);
    if frame_h <= p.room() {
        p.push(Item::Frame {
            x: MARGIN,
            y: p.y,
            w: CONTENT_W,
            h: frame_h,
            width,
        });
    }
    p.y += 4.0;
    p.lines(
        &vl,
        MARGIN + inset,
        CONTENT_W - 2.0 * inset,
        size,
        Align::Left,
    );
    p.y += 4.0 + 14.0;
}
