//! Today's deals: large numbered cards (picture, name, price per unit, how much cheaper than
//! the market by the organiser's word, how many left, when orders close); My orders, Notices and Settings above them ([`nav`], drawn by the frame
//! outside the scrolling list, so they are always in view).

use super::step;
use super::{Message, Screen, View};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::DealCard;
use chrono::Local;
use iced::widget::{column, row};
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

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut list = column![].spacing(c.scale.gap());
    if v.vm.deals.is_empty() {
        list = list.push(ui::body(c, c.t("deals-empty")));
    }
    for (i, d) in v.vm.deals.iter().enumerate().take(9) {
        let (price, left, cutoff) = words(v, d);
        let mut info = column![
            ui::heading(c, d.name.clone()),
            ui::body(c, format!("{price} · {left}")),
        ]
        .spacing(4);
        if let Some((cheaper, shop)) = thrift(v, d) {
            info = info.push(ui::body(c, cheaper)).push(ui::note(c, shop));
        }
        info = info.push(ui::note(c, cutoff));
        if d.mine > 0 {
            info = info.push(ui::note(
                c,
                v.i18n
                    .tq("deal-mine", ("qty", i64::from(d.mine)), &d.deal.unit, &[]),
            ));
        }
        // The number key that opens it, and under it the words to say (第一个): what she
        // reads on the card is what the 说话 bar hears.
        let n = column![
            ui::huge(c, (i + 1).to_string()),
            ui::note(
                c,
                c.t(&crate::voice::Phrase::Item(i as u8 + 1).message_id())
            ),
        ]
        .align_x(Alignment::Center);
        let card = row![n, ui::huge(c, d.emoji.clone()), info.width(Length::Fill)]
            .spacing(c.scale.pad())
            .align_y(Alignment::Center);
        list = list.push(ui::choice_card(
            c,
            card,
            v.b.selected == i,
            Message::OpenDeal(d.deal.id),
        ));
    }
    list.into()
}

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
            c.t("notices-title"),
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
