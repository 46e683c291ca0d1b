//! Ordering: how many (large − and +), the plain-words question with the total, then done.
//! The buttons of how many and the question say the 说话 bar's phrases (多一点, 少一点, 确定,
//! 不要), so what she reads is what she can say.

use super::{Draft, Message, Page, View};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::{DealCard, ViewModel};
use crate::voice::Phrase;
use iced::widget::{column, row};
use iced::{Alignment, Element};
use linli_core::Fen;
use linli_core::model::Deal;

/// The most she may ask for on this draft: what is left (plus what the changed order
/// holds already), within the per-member limit; at least 1.
pub fn most(vm: &ViewModel, d: &Draft) -> u32 {
    vm.deals
        .iter()
        .find(|c| c.deal.id == d.deal)
        .map(|c| {
            let mine_here = vm
                .orders
                .iter()
                .find(|l| Some(l.order.id) == d.change)
                .map_or(0, |l| l.order.qty);
            (c.left + mine_here)
                .min(c.deal.per_member_limit - c.mine.min(c.deal.per_member_limit) + mine_here)
        })
        .unwrap_or(1)
        .max(1)
}

/// The deal while it still takes orders.
fn card<'a>(v: View<'a>, d: &Draft) -> Option<&'a DealCard> {
    v.vm.deals.iter().find(|c| c.deal.id == d.deal)
}

/// The deal, also once it has closed (from the member's order on it), so the done screen
/// keeps its words when the cutoff passes while it is open.
fn deal_of<'a>(v: View<'a>, d: &Draft) -> Option<(&'a Deal, &'a str)> {
    card(v, d).map(|c| (&c.deal, c.name.as_str())).or_else(|| {
        v.vm.orders
            .iter()
            .find(|l| l.deal.id == d.deal && d.change.is_none_or(|id| id == l.order.id))
            .map(|l| (&l.deal, l.name.as_str()))
    })
}

fn total(v: View, d: &Draft) -> String {
    let price = deal_of(v, d).map_or(Fen(0), |(deal, _)| deal.price);
    v.i18n.money(price * d.qty)
}

fn qty_words(v: View, d: &Draft) -> String {
    let unit = deal_of(v, d)
        .map(|(deal, _)| deal.unit.clone())
        .unwrap_or_default();
    v.i18n
        .tq("order-qty", ("qty", i64::from(d.qty)), &unit, &[])
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>, d: &Draft) -> Page<'a> {
    let Some(deal) = card(v, d) else {
        return Page::with(ui::heading(c, c.t("cutoff-passed")), home_button(c));
    };
    let unit = deal.deal.unit.clone();
    let i = &v.i18n;
    let tip = v.vm.neighbours.tip_about(deal.deal.product_id);
    let body = column![
        ui::heading(c, format!("{} {}", deal.emoji, deal.name)),
        row![
            ui::big_button(
                c,
                ui::icon::with(ui::icon::LESS, &c.t(&Phrase::Less.message_id())),
                Kind::Secondary,
                false,
                Some(Message::Less)
            ),
            ui::huge(c, qty_words(v, d)),
            ui::big_button(
                c,
                ui::icon::with(ui::icon::MORE, &c.t(&Phrase::More.message_id())),
                Kind::Secondary,
                false,
                Some(Message::More)
            ),
        ]
        .spacing(c.scale.pad())
        .align_y(Alignment::Center),
        ui::body(c, i.ta("order-total", &[("total", total(v, d))])),
        ui::note(
            c,
            super::deals::thrift(v, deal)
                .map(|(a, b)| format!("{a} · {b}"))
                .unwrap_or_default()
        ),
        ui::note(
            c,
            i.tq(
                "order-limit",
                ("limit", i64::from(deal.deal.per_member_limit)),
                &unit,
                &[]
            )
        ),
    ]
    // A neighbour's tip, under the rest; Next stays in the action bar.
    .extend(tip.map(|t| super::tips::offer(c, i, t)))
    .spacing(c.scale.pad());
    Page::with(
        body,
        ui::big_button(
            c,
            // 确定: the word she says here to go on (the 说话 phrase) is the button's word.
            ui::icon::after(&c.t(&Phrase::Yes.message_id()), ui::icon::ENTER),
            Kind::Primary,
            true,
            Some(Message::Next),
        ),
    )
}

pub fn script(v: View, d: &Draft) -> Vec<String> {
    let name = deal_of(v, d)
        .map(|(_, name)| name.to_string())
        .unwrap_or_default();
    let mut lines = vec![
        name,
        qty_words(v, d),
        v.i18n.ta("order-total", &[("total", total(v, d))]),
    ];
    lines.extend(card(v, d).and_then(|c| super::deals::thrift_read(v, c)));
    lines.extend(tip(v, d).map(|t| {
        v.i18n.ta(
            "nb-order-tip-read",
            &[("author", t.author.clone()), ("name", name_of(v, d))],
        )
    }));
    lines
}

fn name_of(v: View, d: &Draft) -> String {
    deal_of(v, d)
        .map(|(_, name)| name.to_string())
        .unwrap_or_default()
}

/// The approved tip about the deal's product, if a neighbour wrote one.
fn tip<'a>(v: View<'a>, d: &Draft) -> Option<&'a linli_core::store::community::TipLine> {
    card(v, d).and_then(|c| v.vm.neighbours.tip_about(c.deal.product_id))
}

pub fn on_key(v: View, d: &Draft, k: Key) -> Option<Message> {
    match k {
        Key::Number(1) => tip(v, d).map(|t| Message::Tips(super::tips::Message::Hear(t.tip.id))),
        // Closed while she looked: the screen offers only 回到首页 (Enter).
        Key::Enter if card(v, d).is_none() => Some(Message::Home),
        Key::Plus | Key::Up => Some(Message::More),
        Key::Minus | Key::Down => Some(Message::Less),
        Key::Enter => Some(Message::Next),
        _ => None,
    }
}

/// "买 2 斤西红柿，共 ¥7.60，明天在3号楼门口取货。确定吗？"
pub fn confirm_words(v: View, d: &Draft) -> String {
    let Some(deal) = card(v, d) else {
        return v.i18n.t("cutoff-passed");
    };
    v.i18n.tq(
        "order-confirm",
        ("qty", i64::from(d.qty)),
        &deal.deal.unit,
        &[
            ("name", deal.name.clone()),
            ("total", total(v, d)),
            ("day", v.i18n.day(deal.deal.pickup_day, v.now.date())),
            ("place", deal.deal.pickup_place.clone()),
        ],
    )
}

pub fn confirm<'a>(v: View<'a>, c: Ctx<'a>, d: &Draft) -> Page<'a> {
    if card(v, d).is_none() {
        // Closed while she was deciding: nothing to say yes to.
        return Page::with(ui::heading(c, confirm_words(v, d)), home_button(c));
    }
    Page::with(
        ui::heading(c, confirm_words(v, d)),
        row![
            ui::big_button(
                c,
                ui::icon::numbered(1, &c.t(&Phrase::Yes.message_id())),
                Kind::Success,
                true,
                Some(Message::Buy)
            ),
            ui::big_button(
                c,
                ui::icon::numbered(2, &c.t(&Phrase::No.message_id())),
                Kind::Secondary,
                false,
                Some(Message::Back)
            ),
        ]
        .spacing(c.scale.pad())
        .wrap(),
    )
}

pub fn confirm_key(v: View, d: &Draft, k: Key) -> Option<Message> {
    match k {
        Key::Enter | Key::Number(1) if card(v, d).is_none() => Some(Message::Home),
        Key::Enter | Key::Number(1) => Some(Message::Buy),
        Key::Number(2) => Some(Message::Back),
        _ => None,
    }
}

/// Whether the organiser's side has her order: nothing waits to be sent and the order is
/// on the deal (a refusal shows as news instead).
fn received(v: View, d: &Draft) -> bool {
    v.vm.pending == 0
        && v.vm.orders.iter().any(|l| {
            l.deal.id == d.deal
                && d.change.is_none_or(|id| id == l.order.id)
                && !matches!(
                    l.order.state,
                    linli_core::model::OrderState::Rejected(_)
                        | linli_core::model::OrderState::Cancelled(_)
                )
        })
}

/// What the done screen says: on its way to the organiser, then (once her side has it)
/// that she has it, so the screen and the news never say two things.
pub fn done_words(v: View, d: &Draft) -> String {
    let (name, unit) = deal_of(v, d)
        .map(|(deal, name)| (name.to_string(), deal.unit.clone()))
        .unwrap_or_default();
    v.i18n.tq(
        if received(v, d) {
            "done-received"
        } else {
            "done-body"
        },
        ("qty", i64::from(d.qty)),
        &unit,
        &[("name", name), ("total", total(v, d))],
    )
}

pub fn done<'a>(v: View<'a>, c: Ctx<'a>, d: &Draft) -> Page<'a> {
    Page::with(
        column![
            ui::heading(c, ui::icon::with(ui::icon::CHOSEN, &c.t("done-title"))),
            ui::body(c, done_words(v, d)),
        ]
        .spacing(c.scale.pad()),
        home_button(c),
    )
}

fn home_button<'a>(c: Ctx<'_>) -> Element<'a, Message> {
    ui::big_button(
        c,
        ui::icon::after(&c.t("done-home"), ui::icon::ENTER),
        Kind::Primary,
        true,
        Some(Message::Home),
    )
}
