//! Orders and sorting (分拣) for a pickup day: by member, all of a member's items across
//! deals in one basket with her total; by product, the total and who ordered it. The same
//! sheets print (normal or large print) through [`crate::files::pdf`].

use super::{Action, Cx, PrintJob};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};
use linli_core::store::organiser::{DaySheet, PickLine};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// A name on a product's list, with the pickup code that tells two neighbours of the same
/// name apart.
pub fn who(w: &PickLine) -> String {
    match &w.code {
        Some(code) => format!("{} ({code})", w.name),
        None => w.name.clone(),
    }
}

/// "3 斤" / "1 box", "3 boxes": a count of the organiser's unit on the sort sheet.
pub fn qty(i: &crate::i18n::I18n, n: u32, unit: &str) -> String {
    i.tq("org-qty", ("qty", i64::from(n)), unit, &[])
}

#[derive(Debug, Default)]
pub struct Sorting {
    /// Days from today: 0 today, 1 tomorrow, 2 the day after.
    pub offset: i64,
    pub by_product: bool,
    pub day: Option<NaiveDate>,
    pub sheet: DaySheet,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Day(i64),
    ByProduct(bool),
    Print { large: bool },
}

impl Sorting {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        let day = now.date() + Duration::days(self.offset);
        self.day = Some(day);
        self.sheet = store.day_sheet(me.group_id, day)?;
        Ok(())
    }

    pub fn update(&mut self, m: Message) -> Action {
        match m {
            Message::Day(d) => {
                self.offset = d;
                Action::Reload
            }
            Message::ByProduct(b) => {
                self.by_product = b;
                Action::None
            }
            Message::Print { large } => match self.day {
                Some(day) => Action::Print(PrintJob::Sort {
                    day,
                    by_member: !self.by_product,
                    large,
                }),
                None => Action::None,
            },
        }
    }

    fn summary(&self, cx: &Cx) -> String {
        let total = self.sheet.baskets.iter().map(|b| b.total).sum();
        cx.tns(
            "org-sorting-summary",
            &[
                ("members", self.sheet.baskets.len() as i64),
                ("products", self.sheet.products.len() as i64),
            ],
            &[
                (
                    "day",
                    self.day
                        .map_or(String::new(), |d| cx.c.i18n.day(d, cx.now.date())),
                ),
                ("total", cx.c.i18n.money(total)),
            ],
        )
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let today = cx.now.date();
        let mut days = row![].spacing(c.scale.gap());
        for (i, off) in [0i64, 1, 2].into_iter().enumerate() {
            days = days.push(ui::chip(
                c,
                format!(
                    "{} {}",
                    i + 1,
                    cx.c.i18n.day(today + Duration::days(off), today)
                ),
                self.offset == off,
                Message::Day(off),
            ));
        }
        let modes = row![
            ui::chip(
                c,
                cx.t("org-by-member"),
                !self.by_product,
                Message::ByProduct(false)
            ),
            ui::chip(
                c,
                cx.t("org-by-product"),
                self.by_product,
                Message::ByProduct(true)
            ),
            ui::big_button(
                c,
                cx.t("org-print"),
                Kind::Primary,
                false,
                Some(Message::Print { large: false })
            ),
            ui::big_button(
                c,
                cx.t("org-print-large"),
                Kind::Secondary,
                false,
                Some(Message::Print { large: true })
            ),
        ]
        .spacing(c.scale.gap());
        let mut col = column![days.wrap(), modes.wrap(), ui::body(c, self.summary(&cx))]
            .spacing(c.scale.gap());
        let i = cx.c.i18n;
        if self.by_product {
            for p in &self.sheet.products {
                let mut block = column![ui::heading(
                    c,
                    format!(
                        "{} {} · {}",
                        p.emoji,
                        p.product_name,
                        qty(i, p.total, &p.unit)
                    )
                )]
                .spacing(4);
                for w in &p.who {
                    block = block.push(
                        row![
                            container(ui::body(c, ui::icon::with(ui::icon::TICK_BOX, &who(w))))
                                .width(Length::Fill),
                            ui::body(c, qty(i, w.qty, &p.unit)),
                        ]
                        .align_y(Alignment::Center),
                    );
                }
                col = col.push(ui::card(c, block));
            }
        } else {
            for b in &self.sheet.baskets {
                let head = match &b.code {
                    Some(code) => format!("{} · {code}", b.name),
                    None => b.name.clone(),
                };
                let mut block = column![ui::heading(c, head)].spacing(4);
                for l in &b.lines {
                    block = block.push(
                        row![
                            container(ui::body(
                                c,
                                ui::icon::with(
                                    ui::icon::TICK_BOX,
                                    &format!("{} {}", l.emoji, l.product_name)
                                )
                            ))
                            .width(Length::Fill),
                            ui::body(c, qty(i, l.allocated, &l.unit)),
                            container(ui::body(c, i.money(l.amount)))
                                .width(Length::Fixed(c.scale.body() * 5.0))
                                .align_right(Length::Fixed(c.scale.body() * 5.0)),
                        ]
                        .spacing(c.scale.gap())
                        .align_y(Alignment::Center),
                    );
                }
                block = block.push(ui::body(
                    c,
                    cx.ta("org-basket-total", &[("total", i.money(b.total))]),
                ));
                col = col.push(ui::card(c, block));
            }
        }
        col.width(Length::Fill).into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        vec![self.summary(cx)]
    }

    /// 1–3 choose the day.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n @ 1..=3) => Some(Message::Day(n as i64 - 1)),
            _ => None,
        }
    }
}
