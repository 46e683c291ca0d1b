//! Something wrong with an order (售后), the member's side: four big numbered choices
//! (坏了, 少了, 不新鲜, 其他), an optional note (typed, or a ready sentence), "告诉团长";
//! the order's complaint history with the organiser's answers; the news when one arrives.

use super::{Message, Page, View};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::{OrderLine, ViewModel};
use chrono::Local;
use iced::Element;
use iced::widget::{column, row};
use linli_core::model::*;
use linli_core::store::complaints::ComplaintLine;

/// The complaint being written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub kind: Option<ComplaintKind>,
    pub note: String,
    /// "告诉团长" was pressed before a kind was chosen.
    pub missing: bool,
}

/// The ready sentences, numbered 5 and 6 after the four kinds.
pub const READY: [&str; 2] = ["complain-ready-refund", "complain-ready-photo"];

/// The kind in words.
pub fn kind_words(v: View, k: ComplaintKind) -> String {
    v.i18n.t(match k {
        ComplaintKind::Broken => "complain-kind-broken",
        ComplaintKind::Missing => "complain-kind-missing",
        ComplaintKind::NotFresh => "complain-kind-not-fresh",
        ComplaintKind::Other => "complain-kind-other",
    })
}

/// Whether the order was charged, so she may complain about it.
pub fn charged(l: &OrderLine) -> bool {
    matches!(
        l.order.state,
        OrderState::Confirmed | OrderState::Ready | OrderState::PickedUp | OrderState::Unclaimed
    )
}

fn order_words(v: View, l: &OrderLine) -> String {
    v.i18n.tq(
        "complain-order",
        ("qty", i64::from(l.order.allocated.unwrap_or(l.order.qty))),
        &l.unit,
        &[
            ("name", l.name.clone()),
            // The date, not 明天/今天: the words fit before and after the pickup day.
            ("date", v.i18n.date(l.deal.pickup_day)),
        ],
    )
}

/// Adds a ready sentence to the note (once).
pub fn add_ready(v: View, note: &mut String, n: usize) {
    let Some(id) = READY.get(n) else { return };
    let s = v.i18n.t(id);
    if note.contains(&s) {
        return;
    }
    if !note.trim().is_empty() {
        note.push_str(if v.i18n.lang() == crate::i18n::Lang::EnUs {
            ". "
        } else {
            "。"
        });
    }
    note.push_str(&s);
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>, id: OrderId) -> Page<'a> {
    let Some(l) = v.vm.orders.iter().find(|l| l.order.id == id) else {
        return Page::body(ui::body(c, c.t("orders-empty")));
    };
    let f = &v.b.complaint;
    let kinds = ComplaintKind::ALL.iter().enumerate().map(|(i, k)| {
        ui::chip(
            c,
            ui::icon::numbered(i as u8 + 1, &kind_words(v, *k)),
            f.kind == Some(*k),
            Message::ComplaintKind(*k),
        )
    });
    let ready = READY.iter().enumerate().map(|(i, id)| {
        ui::big_button(
            c,
            ui::icon::numbered(i as u8 + 5, &c.t(id)),
            Kind::Secondary,
            false,
            Some(Message::ComplaintReady(i)),
        )
    });
    let col = column![
        ui::heading(c, c.t("complain-question")),
        ui::body(c, format!("{} {}", l.emoji, order_words(v, l))),
        row(kinds).spacing(c.scale.gap()).wrap(),
        ui::field(
            c,
            &c.t("complain-note-hint"),
            &f.note,
            Message::ComplaintNote
        ),
        row(ready).spacing(c.scale.gap()).wrap(),
    ]
    .spacing(c.scale.pad());
    // What is missing is said beside the button that needs it.
    let mut bar = row![ui::big_button(
        c,
        ui::icon::after(&c.t("complain-send"), ui::icon::ENTER),
        Kind::Primary,
        true,
        Some(Message::ComplaintSend),
    )]
    .spacing(c.scale.gap())
    .align_y(iced::Alignment::Center);
    if f.missing && f.kind.is_none() {
        bar = bar.push(ui::body(c, c.t("complain-choose-first")));
    }
    Page::with(col, bar.wrap())
}

/// Read aloud: the question, the order, the choices, what she chose and wrote.
pub fn script(v: View, id: OrderId) -> Vec<String> {
    let Some(l) = v.vm.orders.iter().find(|l| l.order.id == id) else {
        return vec![v.i18n.t("orders-empty")];
    };
    let f = &v.b.complaint;
    let choices = ComplaintKind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{} {}", i + 1, kind_words(v, *k)))
        .collect::<Vec<_>>()
        .join(if v.i18n.lang() == crate::i18n::Lang::EnUs {
            ", "
        } else {
            "，"
        });
    let mut lines = vec![v.i18n.t("complain-question"), order_words(v, l), choices];
    match f.kind {
        Some(k) => lines.push(v.i18n.ta("complain-chosen", &[("kind", kind_words(v, k))])),
        None if f.missing => lines.push(v.i18n.t("complain-choose-first")),
        None => {}
    }
    if !f.note.trim().is_empty() {
        lines.push(f.note.trim().to_string());
    }
    lines
}

pub fn on_key(k: Key) -> Option<Message> {
    match k {
        Key::Number(n @ 1..=4) => Some(Message::ComplaintKind(ComplaintKind::ALL[n - 1])),
        Key::Number(n @ 5..=6) => Some(Message::ComplaintReady(n - 5)),
        Key::Enter => Some(Message::ComplaintSend),
        _ => None,
    }
}

/// One complaint of the order's history: what she said and when, then the answer.
pub fn history_words(v: View, x: &ComplaintLine) -> (String, String) {
    let i = &v.i18n;
    let c = &x.complaint;
    let day = i.day(
        c.created_at.with_timezone(&Local).date_naive(),
        v.now.date(),
    );
    let kind = kind_words(v, c.kind);
    let said = if c.text.trim().is_empty() {
        i.ta("complain-said", &[("day", day), ("kind", kind)])
    } else {
        i.ta(
            "complain-said-note",
            &[("day", day), ("kind", kind), ("note", c.text.trim().into())],
        )
    };
    let answer = match &c.resolution {
        None => i.t("complain-waiting"),
        Some(Resolution::Refunded { amount, note }) if note.trim().is_empty() => {
            i.ta("complain-refunded-plain", &[("amount", i.money(*amount))])
        }
        Some(Resolution::Refunded { amount, note }) => i.ta(
            "complain-refunded",
            &[("amount", i.money(*amount)), ("note", note.trim().into())],
        ),
        Some(Resolution::Replaced { note }) => {
            i.ta("complain-replaced", &[("note", note.trim().into())])
        }
        Some(Resolution::Explained { note }) => {
            i.ta("complain-explained", &[("note", note.trim().into())])
        }
    };
    (said, answer.trim_end().to_string())
}

/// The order's history as a card, oldest first; nothing when she never complained.
pub fn history<'a>(v: View<'a>, c: Ctx<'a>, id: OrderId) -> Option<Element<'a, Message>> {
    let mut col = column![ui::body(c, c.t("complain-history"))].spacing(c.scale.gap());
    let mut any = false;
    for x in v.vm.complaints_of(id) {
        any = true;
        let (said, answer) = history_words(v, x);
        col = col.push(column![ui::body(c, said), ui::body(c, answer)].spacing(4));
    }
    any.then(|| ui::card(c, col))
}

/// The history read aloud.
pub fn history_script(v: View, id: OrderId) -> Vec<String> {
    let mut lines = Vec::new();
    for x in v.vm.complaints_of(id) {
        if lines.is_empty() {
            lines.push(v.i18n.t("complain-history"));
        }
        let (said, answer) = history_words(v, x);
        lines.push(said);
        lines.push(answer);
    }
    lines
}

/// The organiser's answers that arrived between `before` and `after`, as news.
pub fn answer_news(v: View, before: &ViewModel, after: &ViewModel) -> Vec<String> {
    let i = &v.i18n;
    after
        .complaints
        .iter()
        .filter(|x| {
            before
                .complaints
                .iter()
                .any(|b| b.complaint.id == x.complaint.id && b.complaint.resolution.is_none())
        })
        .filter_map(|x| {
            let name = ("name", x.product_name.clone());
            Some(match x.complaint.resolution.as_ref()? {
                Resolution::Refunded { amount, note } => i.ta(
                    "complain-news-refund",
                    &[
                        name,
                        ("amount", i.money(*amount)),
                        ("note", note.trim().into()),
                    ],
                ),
                Resolution::Replaced { note } => i.ta(
                    "complain-news-replace",
                    &[name, ("note", note.trim().into())],
                ),
                Resolution::Explained { note } => {
                    i.ta("complain-news-reply", &[name, ("note", note.trim().into())])
                }
            })
        })
        .map(|s| s.trim_end().to_string())
        .collect()
}
