//! Today's deals: compact numbered cards (picture, name, price per unit, how many left,
//! when orders close, how much cheaper than the market by the organiser's word), two
//! columns where the window is wide enough; My orders, Notices, Tips and Settings in the top
//! bar ([`nav`]), so they are always in view.

use super::{Message, Page, Screen, View};
use crate::ui::keys::Key;
use crate::ui::keys::step;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::DealCard;
use chrono::Local;
use iced::widget::{Space, column, container, row, scrollable};
use iced::{Alignment, Element, Length};

/// The card's words: price, what is left, the cutoff.
pub fn words(v: View, d: &DealCard) -> (String, String, String) {
    let i = &v.i18n;
    let price = i.ta(
        "deal-price",
        &[
            ("price", i.money(d.deal.price)),
            ("unit", d.deal.unit.clone()),
        ],
    );
    let left = if d.left == 0 {
        i.t("deal-sold-out")
    } else {
        i.tq("deal-left", ("left", i64::from(d.left)), &d.deal.unit, &[])
    };
    let cutoff = i.cutoff(d.deal.cutoff.with_timezone(&Local).naive_local(), v.now);
    (price, left, cutoff)
}

/// "比菜场便宜 ¥1.20" and "团长说菜场卖 ¥5.00 一斤", when the organiser gave a market
/// price above the deal's.
pub fn thrift(v: View, d: &DealCard) -> Option<(String, String)> {
    let saving = d.cheaper_by()?;
    let shop = d.shop_price?;
    let i = &v.i18n;
    Some((
        i.ta("thrift-cheaper", &[("saving", i.money(saving))]),
        i.ta(
            "thrift-shop",
            &[("shop", i.money(shop)), ("unit", d.deal.unit.clone())],
        ),
    ))
}

/// The thrift words read aloud: "团长说菜场卖 ¥5.00 一斤，这里便宜 ¥1.20。"
pub fn thrift_read(v: View, d: &DealCard) -> Option<String> {
    let saving = d.cheaper_by()?;
    let shop = d.shop_price?;
    let i = &v.i18n;
    Some(i.ta(
        "thrift-read",
        &[
            ("shop", i.money(shop)),
            ("unit", d.deal.unit.clone()),
            ("saving", i.money(saving)),
        ],
    ))
}

/// One deal as a compact card: its number, picture and name (and what she has on it), then
/// price and what is left, then when orders close and what it saves.
fn card<'a>(v: View<'a>, c: Ctx<'a>, i: usize, d: &'a DealCard) -> Element<'a, Message> {
    let (price, left, cutoff) = words(v, d);
    // Number, picture and name as three words of one line (the name alone is a text of its
    // own, so a screen reader or a test finds it by itself).
    let mut name = row![
        ui::heading(c, d.emoji.clone()),
        ui::heading(c, d.name.clone())
    ]
    .spacing(c.scale.gap())
    .align_y(Alignment::Center);
    if d.mine > 0 {
        name = name.push(ui::note(c, mine_words(v, d)));
    }
    // When orders close, and what it saves (separate words of one line, wrapping between).
    let mut second = row![ui::note(c, cutoff)].spacing(c.scale.gap() / 2.0);
    if let Some((cheaper, _)) = thrift(v, d) {
        second = second.push(ui::note(c, "·")).push(ui::note(c, cheaper));
    }
    let info = column![
        name.wrap(),
        ui::body(c, format!("{price} · {left}")),
        second.wrap(),
    ]
    .spacing(4)
    .width(Length::Fill);
    // The number key that opens it, and under it the words to say (第一个): what she reads
    // on the card is what 说话 hears.
    let key = column![
        ui::heading(c, (i + 1).to_string()),
        ui::note(c, phrase(c, i))
    ]
    .align_x(Alignment::Center)
    .width(Length::Fixed(key_width(c)));
    let card = row![key, info]
        .spacing(c.scale.gap())
        .align_y(Alignment::Center);
    ui::choice_card(c, card, v.b.selected == i, Message::OpenDeal(d.deal.id))
}

/// A card's first line, for measuring: "🍅 西红柿" (its picture, its name).
fn card_title(d: &DealCard) -> String {
    format!("{} {}", d.emoji, d.name)
}

/// The key column's width: three characters of small print (第一个), or the longest word
/// of the phrase ("Number one" wraps between its words, never inside one).
fn key_width(c: Ctx) -> f32 {
    let longest = phrase(c, 0)
        .split_whitespace()
        .map(|w| width_of(w, c.scale.small()))
        .fold(0.0, f32::max);
    (c.scale.small() * 3.2).max(longest * 1.5 + 4.0)
}

/// The words that choose the `i`th card by voice: 第一个.
fn phrase(c: Ctx, i: usize) -> String {
    c.t(&crate::voice::Phrase::Item(i as u8 + 1).message_id())
}

/// When orders close, and how much cheaper than the market when the organiser said so.
fn second_line(v: View, d: &DealCard, cutoff: String) -> String {
    match thrift(v, d) {
        Some((cheaper, _)) => format!("{cutoff} · {cheaper}"),
        None => cutoff,
    }
}

/// "您已订 2 斤".
fn mine_words(v: View, d: &DealCard) -> String {
    v.i18n
        .tq("deal-mine", ("qty", i64::from(d.mine)), &d.deal.unit, &[])
}

/// Roughly how wide `s` is in `size` px text: CJK and emoji a full square, the rest about
/// half (an estimate, to count lines; the budget tests measure the real thing).
fn width_of(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|ch| if (ch as u32) < 0x2E80 { 0.47 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// How tall a card for `d` is in a column `width` wide (estimated, see [`width_of`]).
fn card_height(v: View, c: Ctx, d: &DealCard, width: f32) -> f32 {
    let s = c.scale;
    // Less the card's padding and the key column (its number over 第一个).
    let key = key_width(c);
    let text_width = (width - 2.0 * s.gap() - key - s.gap()).max(s.body());
    let lines = |t: &str, size: f32| (width_of(t, size) / text_width).ceil().max(1.0) * size;
    let (price, left, cutoff) = words(v, d);
    // The name in heading size, what she has on it in small print beside it.
    let mut name = width_of(&card_title(d), s.heading());
    if d.mine > 0 {
        name += s.gap() + width_of(&mine_words(v, d), s.small());
    }
    ((name / text_width).ceil().max(1.0) * s.heading()
        + lines(&format!("{price} · {left}"), s.body())
        + lines(&second_line(v, d, cutoff), s.small()))
        * crate::theme::Scale::LINE
        + 8.0
        + 2.0 * s.gap()
}

/// Today's deals in as many columns as the window's width allows (two on a laptop), each
/// card whole; what does not fit scrolls, and a line under the list says how many more
/// there are ("还有 2 个，往下看").
pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Page<'a> {
    if v.vm.deals.is_empty() {
        return Page::body(ui::body(c, c.t("deals-empty")));
    }
    let grid = iced::widget::responsive(move |room| {
        let deals: Vec<&DealCard> = v.vm.deals.iter().take(9).collect();
        let gap = c.scale.gap();
        let cols = if room.width >= 2.0 * (MIN_CARD_WIDTH + 80.0 * c.scale.zoom) + gap {
            2
        } else {
            1
        };
        let width = (room.width - gap * (cols as f32 - 1.0)) / cols as f32;
        // Each row's cards' heights; a row is as tall as its tallest card.
        let rows: Vec<Vec<f32>> = deals
            .chunks(cols)
            .map(|r| r.iter().map(|d| card_height(v, c, d, width)).collect())
            .collect();
        let hint_room = c.scale.small() * crate::theme::Scale::LINE + gap;
        // How many cards are whole in `room`: the full rows, and in the first row that does
        // not fit, its cards short enough to.
        let fits = |room: f32| {
            let mut used = 0.0;
            let mut whole = 0;
            for row in &rows {
                let tallest = row.iter().copied().fold(0.0, f32::max);
                // Half a pixel either way is rounding, not a cut card.
                if used + tallest > room + 1.0 {
                    whole += row.iter().filter(|h| used + **h <= room + 1.0).count();
                    break;
                }
                used += tallest + gap;
                whole += row.len();
            }
            whole
        };
        let mut shown = fits(room.height);
        let more = if shown < deals.len() {
            shown = fits(room.height - hint_room);
            deals.len() - shown
        } else {
            0
        };
        let mut list = column![].spacing(gap);
        for (r, chunk) in deals.chunks(cols).enumerate() {
            let mut line = row![].spacing(gap);
            for (k, d) in chunk.iter().enumerate() {
                line = line.push(container(card(v, c, r * cols + k, d)).width(Length::Fill));
            }
            if chunk.len() < cols {
                line = line.push(Space::new().width(Length::Fill));
            }
            list = list.push(line);
        }
        let list = scrollable(list).spacing(gap).height(Length::Fill);
        if more == 0 {
            return list.into();
        }
        column![
            list,
            ui::note(
                c,
                v.i18n.tn("deals-more-below", ("count", more as i64), &[])
            )
        ]
        .spacing(gap)
        .into()
    });
    Page {
        body: grid.into(),
        actions: None,
        fitted: true,
    }
}

/// A column narrower than this (plus 80 px per 100 % of text size) holds one card across,
/// not two: two on a 1280-wide window at 100 % and 125 %, one on a 1024-wide one.
const MIN_CARD_WIDTH: f32 = 480.0;

/// The way to My orders, Notices and Settings, kept in view on the home screen.
pub fn nav<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    row![
        ui::big_button(
            c,
            c.t("orders-title"),
            Kind::Primary,
            false,
            Some(Message::Go(Screen::Orders))
        ),
        ui::big_button(
            c,
            c.t("nav-notices"),
            Kind::Primary,
            false,
            Some(Message::Go(Screen::Notices))
        ),
        ui::big_button(
            c,
            c.t("nb-title"),
            Kind::Primary,
            false,
            Some(Message::Go(Screen::Tips))
        ),
        ui::big_button(
            c,
            c.t("settings"),
            Kind::Secondary,
            false,
            Some(Message::Go(Screen::Settings))
        ),
    ]
    .spacing(c.scale.gap())
    // At large zoom the four ways wrap rather than run off the window.
    .wrap()
    .into()
}

pub fn script(v: View) -> Vec<String> {
    if v.vm.deals.is_empty() {
        return vec![v.i18n.t("deals-empty")];
    }
    v.vm.deals
        .iter()
        .enumerate()
        .take(9)
        .map(|(i, d)| {
            let (price, left, cutoff) = words(v, d);
            let line = v.i18n.ta(
                "deals-read",
                &[
                    ("n", (i + 1).to_string()),
                    ("name", d.name.clone()),
                    ("price", price),
                    ("left", left),
                    ("cutoff", cutoff),
                ],
            );
            match thrift_read(v, d) {
                Some(t) => format!("{line} {t}"),
                None => line,
            }
        })
        .collect()
}

pub fn on_key(v: View, k: Key) -> Option<Message> {
    let deals = &v.vm.deals;
    match k {
        Key::Number(n) => deals.get(n - 1).map(|d| Message::OpenDeal(d.deal.id)),
        Key::Enter => deals
            .get(v.b.selected)
            .map(|d| Message::OpenDeal(d.deal.id)),
        Key::Up | Key::Down => Some(Message::Select(step(v.b.selected, deals.len().min(9), k))),
        _ => None,
    }
}

/// 更多 (home's top bar at large text): the four ways on a screen of their own.
pub fn more_button<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    ui::big_button(
        c,
        c.t("more-title"),
        Kind::Primary,
        false,
        Some(Message::Go(Screen::More)),
    )
}

/// The ways from home, numbered.
const WAYS: [(&str, Screen); 4] = [
    ("orders-title", Screen::Orders),
    ("notices-title", Screen::Notices),
    ("nb-title", Screen::Tips),
    ("settings", Screen::Settings),
];

/// 更多: My orders, Notices, Tips and Settings, one per line, 1–4.
pub fn more<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut col = column![].spacing(c.scale.gap());
    for (n, (id, to)) in WAYS.into_iter().enumerate() {
        col = col.push(ui::big_button(
            c,
            ui::icon::numbered(n as u8 + 1, &c.t(id)),
            Kind::Primary,
            v.b.selected == n,
            Some(Message::Go(to)),
        ));
    }
    col.into()
}

pub fn more_script(v: View) -> Vec<String> {
    WAYS.iter()
        .enumerate()
        .map(|(n, (id, _))| format!("{} {}", n + 1, v.i18n.t(id)))
        .collect()
}

pub fn more_key(v: View, k: Key) -> Option<Message> {
    match k {
        Key::Number(n @ 1..=4) => Some(Message::Go(WAYS[n - 1].1.clone())),
        Key::Enter => WAYS.get(v.b.selected).map(|w| Message::Go(w.1.clone())),
        Key::Up | Key::Down => Some(Message::Select(step(v.b.selected, WAYS.len(), k))),
        _ => None,
    }
}
