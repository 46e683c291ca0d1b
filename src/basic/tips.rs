//! Neighbours' tips (邻居的经验): the tips the organiser approved, newest first, each
//! credited to its author ("李奶奶说：…") and read aloud with her name; the group's good ideas
//! (大家的好主意: adopted suggestions with the member's name and the deal they changed). The
//! way to 提建议 starts here, and an expert (达人) also finds 写经验 here: she picks a product
//! if the tip is about one, writes it and sends it; it waits for the organiser's approval
//! and shows as waiting meanwhile. A tip about a product is offered on its order screen.

use super::{Action, Screen, Shared, View};
use crate::i18n::I18n;
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::ViewModel;
use chrono::{Duration, Utc};
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::store::community::{SuggestionLine, TipLine};
use linli_core::store::sync::Answered;
use linli_core::sync::protocol::Verdict;

/// The tip being written (an expert's 写经验).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub product: Option<ProductId>,
    pub words: String,
    /// 发给团长 was pressed with nothing written.
    pub empty: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Read this tip aloud, with its author's name.
    Hear(TipId),
    /// The tip is about this product (pressed again: about nothing in particular).
    Product(ProductId),
    Words(String),
    /// 发给团长.
    Send,
}

/// What a tip says, credited: "李奶奶说：挑西红柿要……".
pub fn tip_words(i: &I18n, t: &TipLine) -> String {
    let title = t.tip.title.trim();
    let body = t.tip.body.trim();
    let words = if title.is_empty() {
        body.to_string()
    } else {
        let stop = if i.lang() == crate::i18n::Lang::EnUs {
            ". "
        } else {
            "。"
        };
        format!("{}{stop}{body}", title.trim_end_matches(['。', '.']))
    };
    i.ta(
        "nb-tip-said",
        &[("author", t.author.clone()), ("words", words)],
    )
}

/// "采纳了李奶奶的建议：周六改到上午9点取货" ("团长采纳了您的建议：…" when it is hers).
pub fn adopted_words(i: &I18n, s: &SuggestionLine, me: Option<MemberId>) -> String {
    let reply = s.suggestion.response.clone().unwrap_or_default();
    if Some(s.suggestion.author_id) == me {
        i.ta("nb-adopted-yours", &[("reply", reply)])
    } else {
        i.ta(
            "nb-adopted",
            &[("author", s.author.clone()), ("reply", reply)],
        )
    }
}

/// The deal an adopted suggestion changed: shown ("改的是：🍅 西红柿，11月28日在3号楼门口取货") or
/// read (without the signs).
pub fn deal_words(
    i: &I18n,
    s: &SuggestionLine,
    today: chrono::NaiveDate,
    shown: bool,
) -> Option<String> {
    let (emoji, name, day, place) = s.deal.as_ref()?;
    let args = [
        (
            "name",
            if shown {
                format!("{emoji} {name}")
            } else {
                name.clone()
            },
        ),
        ("day", i.day(*day, today)),
        ("place", place.clone()),
    ];
    Some(i.ta(if shown { "nb-deal" } else { "nb-deal-read" }, &args))
}

pub fn update(f: &mut Form, m: Message, s: Shared) -> Action {
    match m {
        Message::Hear(id) => {
            if let Some(t) = s.vm.neighbours.tips.iter().find(|t| t.tip.id == id) {
                return Action::Read(vec![tip_words(s.i18n, t)]);
            }
        }
        Message::Product(p) => {
            f.product = if f.product == Some(p) { None } else { Some(p) };
        }
        Message::Words(w) => {
            f.words = w;
            f.empty = false;
        }
        Message::Send => {
            let body = f.words.trim();
            if body.is_empty() {
                f.empty = true;
                return Action::Speak(vec![s.i18n.t("nb-write-empty")]);
            }
            return Action::WriteTip {
                product: f.product,
                body: body.to_string(),
            };
        }
    }
    Action::None
}

fn tip_card<'a>(v: View<'a>, c: Ctx<'a>, t: &'a TipLine) -> Element<'a, super::Message> {
    let mut col = column![].spacing(8);
    if let Some((emoji, name)) = &t.product {
        col = col.push(ui::note(c, format!("{emoji} {name}")));
    }
    col = col.push(ui::body(c, tip_words(v.i18n, t)));
    ui::card(
        c,
        row![
            container_fill(col),
            ui::big_button(
                c,
                ui::icon::with(ui::icon::SPEAK, &c.t("nb-hear")),
                Kind::Secondary,
                false,
                Some(super::Message::Tips(Message::Hear(t.tip.id)))
            )
        ]
        .spacing(c.scale.gap())
        .align_y(Alignment::Center),
    )
}

fn container_fill<'a>(e: impl Into<Element<'a, super::Message>>) -> Element<'a, super::Message> {
    iced::widget::container(e).width(Length::Fill).into()
}

/// The tips screen: 提建议 (and 写经验 for an expert), her waiting tips, the tips, the ideas.
pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, super::Message> {
    let n = &v.vm.neighbours;
    let mut ways = row![ui::big_button(
        c,
        ui::icon::numbered(1, &c.t("nb-suggest")),
        Kind::Primary,
        false,
        Some(super::Message::Go(Screen::Suggest))
    )]
    .spacing(c.scale.gap());
    if n.expert {
        ways = ways.push(ui::big_button(
            c,
            ui::icon::numbered(2, &c.t("nb-write")),
            Kind::Primary,
            false,
            Some(super::Message::Go(Screen::WriteTip)),
        ));
    }
    let mut col = column![ways].spacing(c.scale.gap());
    if !n.waiting.is_empty() {
        let mut w = column![ui::body(c, c.t("nb-waiting-title"))].spacing(8);
        for t in &n.waiting {
            w = w.push(ui::note(c, waiting_words(v.i18n, t)));
        }
        col = col.push(ui::card(c, w));
    }
    if n.tips.is_empty() {
        col = col.push(ui::body(c, c.t("nb-empty")));
    }
    for t in &n.tips {
        col = col.push(tip_card(v, c, t));
    }
    col = col.push(ui::heading(c, c.t("nb-ideas")));
    let mut any = false;
    for s in n.adopted() {
        any = true;
        let mut idea = column![ui::body(c, adopted_words(v.i18n, s, n.me))].spacing(8);
        if let Some(d) = deal_words(v.i18n, s, v.now.date(), true) {
            idea = idea.push(ui::note(c, d));
        }
        col = col.push(ui::card(c, idea));
    }
    if !any {
        col = col.push(ui::body(c, c.t("nb-ideas-empty")));
    }
    col.into()
}

fn waiting_words(i: &I18n, t: &TipLine) -> String {
    let about = t
        .product
        .as_ref()
        .map(|(e, name)| format!("{e} {name} · "))
        .unwrap_or_default();
    format!(
        "{about}{}",
        i.ta("nb-waiting", &[("words", t.tip.body.trim().to_string())])
    )
}

/// Read aloud: each tip with its author's name, then the good ideas.
pub fn script(v: View) -> Vec<String> {
    let n = &v.vm.neighbours;
    let i = v.i18n;
    let mut lines = Vec::new();
    if !n.waiting.is_empty() {
        lines.push(i.t("nb-waiting-title"));
        lines.extend(
            n.waiting
                .iter()
                .map(|t| i.ta("nb-waiting", &[("words", t.tip.body.trim().to_string())])),
        );
    }
    if n.tips.is_empty() {
        lines.push(i.t("nb-empty"));
    }
    lines.extend(n.tips.iter().map(|t| tip_words(i, t)));
    lines.push(i.t("nb-ideas"));
    let before = lines.len();
    for s in n.adopted() {
        lines.push(adopted_words(i, s, n.me));
        lines.extend(deal_words(i, s, v.now.date(), false));
    }
    if lines.len() == before {
        lines.push(i.t("nb-ideas-empty"));
    }
    lines.push(i.t(if n.expert {
        "nb-keys-expert"
    } else {
        "nb-keys"
    }));
    lines
}

pub fn on_key(v: View, k: Key) -> Option<super::Message> {
    match k {
        Key::Number(1) => Some(super::Message::Go(Screen::Suggest)),
        Key::Number(2) if v.vm.neighbours.expert => Some(super::Message::Go(Screen::WriteTip)),
        _ => None,
    }
}

/// The products she may say a tip is about, numbered 1–9 (the first nine).
fn products<'a>(v: View<'a>) -> impl Iterator<Item = &'a Product> {
    v.vm.neighbours.products.iter().take(9)
}

/// 写经验: which product (optional), the words, 发给团长.
pub fn write<'a>(v: View<'a>, c: Ctx<'a>) -> super::Page<'a> {
    let f = &v.b.tip;
    let chips = products(v).enumerate().map(|(i, p)| {
        ui::chip(
            c,
            ui::icon::numbered(i as u8 + 1, &format!("{} {}", p.emoji, p.name)),
            f.product == Some(p.id),
            super::Message::Tips(Message::Product(p.id)),
        )
    });
    let col = column![
        ui::body(c, c.t("nb-write-intro")),
        ui::note(c, c.t("nb-write-product")),
        row(chips).spacing(c.scale.gap()).wrap(),
        ui::field(c, &c.t("nb-write-hint"), &f.words, |w| {
            super::Message::Tips(Message::Words(w))
        })
        .on_submit(super::Message::Tips(Message::Send)),
    ]
    .spacing(c.scale.pad());
    // What is missing is said beside the button, so nothing moves under her pointer.
    let mut bar = row![ui::big_button(
        c,
        ui::icon::after(&c.t("nb-write-send"), ui::icon::ENTER),
        Kind::Primary,
        true,
        Some(super::Message::Tips(Message::Send)),
    )]
    .spacing(c.scale.gap())
    .align_y(Alignment::Center);
    if f.empty {
        bar = bar.push(ui::body(c, c.t("nb-write-empty")));
    }
    super::Page::with(col, bar.wrap())
}

pub fn write_script(v: View) -> Vec<String> {
    let f = &v.b.tip;
    let i = v.i18n;
    let mut lines = vec![i.t("nb-write-intro"), i.t("nb-write-product")];
    lines.push(
        products(v)
            .enumerate()
            .map(|(n, p)| format!("{} {}", n + 1, p.name))
            .collect::<Vec<_>>()
            .join(if i.lang() == crate::i18n::Lang::EnUs {
                ", "
            } else {
                "，"
            }),
    );
    if let Some(p) =
        v.vm.neighbours
            .products
            .iter()
            .find(|p| Some(p.id) == f.product)
    {
        lines.push(i.ta("nb-chosen", &[("name", p.name.clone())]));
    }
    if f.empty {
        lines.push(i.t("nb-write-empty"));
    } else if !f.words.trim().is_empty() {
        lines.push(f.words.trim().to_string());
    }
    lines
}

pub fn write_key(v: View, k: Key) -> Option<super::Message> {
    match k {
        Key::Number(n) => products(v)
            .nth(n.wrapping_sub(1))
            .map(|p| super::Message::Tips(Message::Product(p.id))),
        Key::Enter => Some(super::Message::Tips(Message::Send)),
        _ => None,
    }
}

/// The offer on a product's order screen: "邻居的经验：李奶奶说“挑红一点的……”".
pub fn offer_words(i: &I18n, t: &TipLine) -> String {
    let body = t.tip.body.trim();
    // About one short line: 16 characters of Chinese, or English cut at a space.
    let en = i.lang() == crate::i18n::Lang::EnUs;
    let most = if en { 40 } else { 16 };
    let mut start: String = body.chars().take(most).collect();
    let cut = start.len() < body.len();
    if cut && en {
        if let Some(at) = start.rfind(' ') {
            start.truncate(at);
        }
        start = start.trim_end_matches([',', ';', ':', '.']).to_string();
    }
    let more = if cut { "…" } else { "" };
    i.ta(
        "nb-order-tip",
        &[
            ("author", t.author.clone()),
            ("start", format!("{start}{more}")),
        ],
    )
}

/// The offer's line and its button (1 or the button reads it).
pub fn offer<'a>(c: Ctx<'a>, i: &I18n, t: &TipLine) -> Element<'a, super::Message> {
    row![
        container_fill(ui::note(c, offer_words(i, t))),
        ui::big_button(
            c,
            ui::icon::numbered(1, &ui::icon::with(ui::icon::SPEAK, &c.t("nb-hear"))),
            Kind::Secondary,
            false,
            Some(super::Message::Tips(Message::Hear(t.tip.id)))
        )
    ]
    .spacing(c.scale.gap())
    .align_y(Alignment::Center)
    .into()
}

/// News: a suggestion newly adopted (for everyone), or her own newly answered. Only from a
/// view model read before, and only answers of the last three days (a new device's first
/// sync brings the group's old ideas: they are not news).
pub fn news(
    i: &I18n,
    before: &ViewModel,
    after: &ViewModel,
    today: chrono::NaiveDate,
) -> Vec<String> {
    let (b, a) = (&before.neighbours, &after.neighbours);
    if !b.loaded {
        return Vec::new();
    }
    let recent = Utc::now() - Duration::days(3);
    let mut out = Vec::new();
    for s in &a.suggestions {
        let x = &s.suggestion;
        let known = b.suggestions.iter().any(|o| {
            o.suggestion.id == x.id
                && o.suggestion.state == x.state
                && o.suggestion.response == x.response
        });
        if known || x.state == SuggestionState::New || x.answered_at.is_none_or(|t| t < recent) {
            continue;
        }
        let mine = Some(x.author_id) == a.me;
        match x.state {
            SuggestionState::Adopted => {
                let mut line = adopted_words(i, s, a.me);
                if let Some(d) = deal_words(i, s, today, false) {
                    line.push(' ');
                    line.push_str(&d);
                }
                out.push(line);
            }
            _ if mine => out.push(i.ta("nb-news-answer", &[("answer", answer_words(i, x))])),
            _ => {}
        }
    }
    out
}

/// The organiser's answer to a suggestion, in words for its author.
pub fn answer_words(i: &I18n, s: &Suggestion) -> String {
    let reply = s.response.clone().unwrap_or_default();
    match s.state {
        SuggestionState::New => i.t("nb-answer-new"),
        SuggestionState::Adopted => i.ta("nb-answer-adopted", &[("reply", reply)]),
        SuggestionState::Considering => i.ta("nb-answer-considering", &[("reply", reply)]),
        SuggestionState::Declined => i.ta("nb-answer-declined", &[("reply", reply)]),
    }
}

/// What to tell her about the hub's answer to her tip or suggestion: nothing when it went
/// through (she was told when she sent it), the reason when it was refused.
pub fn hub_answer(i: &I18n, a: &Answered) -> Option<String> {
    let Verdict::Rejected { message_id, .. } = &a.verdict else {
        return None;
    };
    let id = match a.command {
        Command::WriteTip { .. } => "nb-tip-refused",
        Command::Suggest { .. } => "nb-suggest-refused",
        _ => return None,
    };
    Some(i.ta(id, &[("reason", i.t(message_id))]))
}
