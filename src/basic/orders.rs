//! My orders: what buying together saved this month, each order in words, the pickup code
//! in very large digits, change or cancel until cutoff, "有问题" once charged (with the
//! order's complaint history, [`super::complaint`]).

use super::complaint;
use super::{Message, Page, View};
use crate::i18n::I18n;
use crate::ui::keys::Key;
use crate::ui::keys::step;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::{Enterer, OrderLine};
use chrono::{Local, NaiveDate};
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::model::*;

/// The order's state in words.
pub fn state_words(v: View, l: &OrderLine) -> String {
    let i = &v.i18n;
    match l.order.state {
        OrderState::Placed => i.t("state-placed"),
        OrderState::Confirmed => i.ta(
            "state-confirmed",
            &[("day", i.day(l.deal.pickup_day, v.now.date()))],
        ),
        // Arrived: to collect now, or on its pickup day if that is still to come.
        OrderState::Ready if l.deal.pickup_day > v.now.date() => i.ta(
            "state-ready-later",
            &[("day", i.day(l.deal.pickup_day, v.now.date()))],
        ),
        OrderState::Ready => i.t("state-ready"),
        OrderState::PickedUp => i.t("state-picked-up"),
        OrderState::Unclaimed => i.t("state-unclaimed"),
        OrderState::Cancelled(CancelReason::ByMember) => i.t("state-cancelled-by-member"),
        OrderState::Cancelled(CancelReason::DealFailed) => i.t("state-cancelled-deal-failed"),
        OrderState::Cancelled(CancelReason::Shortage) => i.t("state-cancelled-shortage"),
        OrderState::Cancelled(CancelReason::CalledOff) => i.t("state-cancelled-called-off"),
        OrderState::Rejected(r) => {
            let reason = i.t(linli_core::sync::protocol::Reason::from(r).message_id());
            i.ta("state-rejected", &[("reason", reason)])
        }
    }
}

/// What to announce when an order moved to a state the member must hear about.
pub fn change_words(v: View, l: &OrderLine) -> Option<String> {
    let i = &v.i18n;
    match l.order.state {
        // Goods arrived: the news itself says when and where ("西红柿到了，今天就能去3号楼门口
        // 取"), so it never contradicts the pickup line beside it.
        OrderState::Ready => Some(if l.deal.pickup_day > v.now.date() {
            i.ta(
                "news-ready-later",
                &[
                    ("name", l.name.clone()),
                    ("day", i.day(l.deal.pickup_day, v.now.date())),
                    ("place", l.deal.pickup_place.clone()),
                ],
            )
        } else {
            i.ta(
                "news-ready",
                &[
                    ("name", l.name.clone()),
                    ("place", l.deal.pickup_place.clone()),
                ],
            )
        }),
        OrderState::Confirmed
        | OrderState::Rejected(_)
        | OrderState::Cancelled(
            CancelReason::DealFailed | CancelReason::Shortage | CancelReason::CalledOff,
        ) => Some(v.i18n.ta(
            "outcome-rejected",
            &[("name", l.name.clone()), ("reason", state_words(v, l))],
        )),
        _ => None,
    }
}

fn line_words(v: View, l: &OrderLine) -> String {
    let qty = ("qty", i64::from(l.order.allocated.unwrap_or(l.order.qty)));
    match entered_words(v.i18n, l) {
        // "小张帮您订的：2 盒鸡蛋，订好了，等截单。"
        Some(who) => v.i18n.tq(
            "orders-entered-read",
            qty,
            &l.unit,
            &[
                ("who", who),
                ("name", l.name.clone()),
                ("state", state_words(v, l)),
            ],
        ),
        None => v.i18n.tq(
            "orders-read",
            qty,
            &l.unit,
            &[("name", l.name.clone()), ("state", state_words(v, l))],
        ),
    }
}

/// Who ordered it for her, as she would say it: "小张", "团长王阿姨".
fn who_words(i: &I18n, e: &Enterer) -> String {
    if e.organiser {
        i.ta("orders-entered-organiser", &[("name", e.name.clone())])
    } else {
        e.name.clone()
    }
}

/// "小张帮您订的" under an order someone placed or changed for her (代下单).
pub fn entered_words(i: &I18n, l: &OrderLine) -> Option<String> {
    let e = l.entered_by.as_ref()?;
    Some(i.ta("orders-entered-by", &[("who", who_words(i, e))]))
}

/// News of orders someone entered for her that she has not been told of (`told`): "小张帮您
/// 订了：2 盒鸡蛋，明天在3号楼门口取". Only orders still standing, for a pickup day to come.
/// Returns each order's id with its words.
pub fn entered_news(
    i: &I18n,
    orders: &[OrderLine],
    told: &[OrderId],
    today: NaiveDate,
) -> Vec<(OrderId, DealId, String)> {
    orders
        .iter()
        .filter(|l| {
            matches!(
                l.order.state,
                OrderState::Placed | OrderState::Confirmed | OrderState::Ready
            ) && l.deal.pickup_day >= today
                && !told.contains(&l.order.id)
        })
        .filter_map(|l| {
            let e = l.entered_by.as_ref()?;
            let words = i.tq(
                "news-entered",
                ("qty", i64::from(l.order.allocated.unwrap_or(l.order.qty))),
                &l.unit,
                &[
                    ("who", who_words(i, e)),
                    ("name", l.name.clone()),
                    ("day", i.day(l.deal.pickup_day, today)),
                    ("place", l.deal.pickup_place.clone()),
                ],
            );
            Some((l.order.id, l.deal.id, words))
        })
        .collect()
}

/// Whether the member may still change or cancel it.
pub fn changeable(v: View, l: &OrderLine) -> bool {
    l.order.state == OrderState::Placed
        && l.deal.state == DealState::Open
        && l.deal.cutoff.with_timezone(&Local).naive_local() > v.now
}

fn code_card<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    match &v.vm.pickup {
        Some(p) => ui::card(
            c,
            column![
                // In the practice group the code is marked as practice: nothing to collect.
                ui::body(
                    c,
                    c.t(if v.practice {
                        "pickup-code-practice"
                    } else {
                        "pickup-code"
                    })
                ),
                ui::huge(
                    c,
                    p.code
                        .chars()
                        .map(String::from)
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                ui::body(
                    c,
                    format!("{} · {}", v.i18n.day(p.day, v.now.date()), p.place)
                ),
            ]
            .spacing(8),
        ),
        None => ui::body(c, c.t("pickup-none")),
    }
}

/// "这个月一起买，省了 ¥12.30", when the organiser's market prices show a saving.
fn saved_words(v: View) -> Option<String> {
    let saved = v.vm.saved_this_month;
    (saved.0 > 0).then(|| v.i18n.ta("thrift-month", &[("saved", v.i18n.money(saved))]))
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut list = column![].spacing(c.scale.gap());
    if let Some(saved) = saved_words(v) {
        // One line, so her orders stay in view below the code.
        list = list.push(
            row![ui::heading(c, saved), ui::note(c, c.t("thrift-month-note"))]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center)
                .wrap(),
        );
    }
    list = list.push(code_card(v, c));
    if v.vm.orders.is_empty() {
        list = list.push(ui::body(c, c.t("orders-empty")));
    }
    for (i, l) in v.vm.orders.iter().enumerate().take(9) {
        let card = row![
            ui::huge(c, (i + 1).to_string()),
            ui::huge(c, l.emoji.clone()),
            column![
                ui::heading(
                    c,
                    format!(
                        "{} {} {}",
                        l.name,
                        l.order.allocated.unwrap_or(l.order.qty),
                        l.unit
                    )
                ),
                // "订好了，等截单 · 小张帮您订的": who ordered it for her, on the state's line.
                ui::body(
                    c,
                    match entered_words(v.i18n, l) {
                        Some(who) => format!("{} · {who}", state_words(v, l)),
                        None => state_words(v, l),
                    }
                ),
            ]
            .width(Length::Fill)
        ]
        .spacing(c.scale.pad())
        .align_y(Alignment::Center);
        list = list.push(ui::choice_card(
            c,
            card,
            v.b.selected == i,
            Message::OpenOrder(l.order.id),
        ));
    }
    list.into()
}

pub fn script(v: View) -> Vec<String> {
    let mut lines: Vec<String> = saved_words(v)
        .into_iter()
        .chain(saved_words(v).map(|_| v.i18n.t("thrift-month-note")))
        .collect();
    if v.vm.orders.is_empty() {
        lines.push(v.i18n.t("orders-empty"));
    }
    lines.extend(v.vm.orders.iter().take(9).map(|l| line_words(v, l)));
    lines
}

pub fn on_key(v: View, k: Key) -> Option<Message> {
    let orders = &v.vm.orders;
    match k {
        Key::Number(n) => orders.get(n - 1).map(|l| Message::OpenOrder(l.order.id)),
        Key::Enter => orders
            .get(v.b.selected)
            .map(|l| Message::OpenOrder(l.order.id)),
        Key::Up | Key::Down => Some(Message::Select(step(v.b.selected, orders.len().min(9), k))),
        _ => None,
    }
}

fn line<'a>(v: View<'a>, id: OrderId) -> Option<&'a OrderLine> {
    v.vm.orders.iter().find(|l| l.order.id == id)
}

pub fn detail<'a>(v: View<'a>, c: Ctx<'a>, id: OrderId) -> Page<'a> {
    let Some(l) = line(v, id) else {
        return Page::body(ui::body(c, c.t("orders-empty")));
    };
    let mut col = column![
        ui::heading(c, format!("{} {}", l.emoji, l.name)),
        ui::body(c, line_words(v, l)),
    ]
    .spacing(c.scale.pad());
    if let Some(h) = complaint::history(v, c, id) {
        col = col.push(h);
    }
    let actions: Option<Element<'a, Message>> = if changeable(v, l) {
        Some(
            row![
                ui::big_button(
                    c,
                    ui::icon::numbered(1, &c.t("orders-change")),
                    Kind::Primary,
                    false,
                    Some(Message::ChangeOrder(id))
                ),
                ui::big_button(
                    c,
                    ui::icon::numbered(2, &c.t("orders-cancel")),
                    Kind::Danger,
                    false,
                    Some(Message::AskCancel(id))
                ),
            ]
            .spacing(c.scale.pad())
            .wrap()
            .into(),
        )
    } else if complaint::charged(l) {
        Some(ui::big_button(
            c,
            ui::icon::numbered(1, &c.t("complain-button")),
            Kind::Primary,
            false,
            Some(Message::Complain(id)),
        ))
    } else {
        None
    };
    Page {
        body: col.into(),
        actions,
        fitted: false,
    }
}

pub fn detail_script(v: View, id: OrderId) -> Vec<String> {
    let mut lines: Vec<String> = line(v, id).map(|l| line_words(v, l)).into_iter().collect();
    lines.extend(complaint::history_script(v, id));
    lines
}

pub fn detail_key(v: View, id: OrderId, k: Key) -> Option<Message> {
    let l = line(v, id)?;
    if complaint::charged(l) {
        return (k == Key::Number(1)).then_some(Message::Complain(id));
    }
    if !changeable(v, l) {
        return None;
    }
    match k {
        Key::Number(1) => Some(Message::ChangeOrder(id)),
        Key::Number(2) => Some(Message::AskCancel(id)),
        _ => None,
    }
}

pub fn cancel_words(v: View, id: OrderId) -> String {
    let name = line(v, id).map(|l| l.name.clone()).unwrap_or_default();
    v.i18n.ta("orders-cancel-confirm", &[("name", name)])
}

/// "确定取消西红柿吗？": 1 cancels; Enter does not (cancelling is chosen by its own key or
/// a click, never by Enter pressed once too often).
pub fn confirm_cancel<'a>(v: View<'a>, c: Ctx<'a>, id: OrderId) -> Page<'a> {
    Page::with(
        ui::heading(c, cancel_words(v, id)),
        row![
            ui::big_button(
                c,
                ui::icon::numbered(1, &c.t("orders-cancel")),
                Kind::Danger,
                false,
                Some(Message::CancelYes)
            ),
            ui::big_button(
                c,
                ui::icon::numbered(2, &ui::icon::after(&c.t("no"), ui::icon::ENTER)),
                Kind::Secondary,
                true,
                Some(Message::Back)
            ),
        ]
        .spacing(c.scale.pad())
        .wrap(),
    )
}
