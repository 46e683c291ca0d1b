//! Today: each open deal's progress to forming in words and a bar ("还差 3 斤成团"), stock
//! left and orders; then what needs doing now, as large buttons that open the page for it.

use super::{Cx, Page};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{Local, NaiveDateTime};
use iced::widget::{column, container, progress_bar, row};
use iced::{Alignment, Element, Length};
use linli_core::store::organiser::{DealProgress, NeedsDoing};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

#[derive(Debug, Default)]
pub struct Today {
    pub deals: Vec<DealProgress>,
    pub needs: NeedsDoing,
}

#[derive(Debug, Clone)]
pub enum Message {
    Go(Page),
    /// 代下单 (D): an order for a neighbour on the telephone or from a paper form.
    OrderFor,
}

/// What the app must do.
pub enum Event {
    Go(Page),
    OrderFor,
}

impl Today {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        let now_utc = crate::system::local_time::instant(now);
        self.deals = store.deal_progress(me.group_id)?;
        self.needs = store.needs_doing(me.group_id, now_utc, now.date())?;
        Ok(())
    }

    pub fn update(&mut self, m: Message) -> Event {
        match m {
            Message::Go(p) => Event::Go(p),
            Message::OrderFor => Event::OrderFor,
        }
    }

    /// "还差 3 斤成团" or "已够成团".
    pub fn progress_words(cx: &Cx, d: &DealProgress) -> String {
        if d.short_of_forming > 0 {
            cx.tq(
                "org-short",
                ("qty", i64::from(d.short_of_forming)),
                &d.deal.unit,
                &[],
            )
        } else {
            cx.t("org-formed-enough")
        }
    }

    /// The one-sentence summary Read aloud says first.
    pub fn summary(&self, cx: &Cx) -> String {
        let orders: u32 = self.deals.iter().map(|d| d.orders).sum();
        let mut s = cx.tns(
            "org-today-summary",
            &[
                ("deals", self.deals.len() as i64),
                ("orders", i64::from(orders)),
            ],
            &[],
        );
        if let Some(d) = self
            .deals
            .iter()
            .filter(|d| d.short_of_forming > 0)
            .min_by_key(|d| d.short_of_forming)
        {
            s.push_str(&cx.ta(
                "org-today-closest",
                &[
                    ("name", d.product_name.clone()),
                    ("short", Self::progress_words(cx, d)),
                ],
            ));
        }
        s
    }

    /// The things to do now, each with the page that does it.
    fn todo(&self, cx: &Cx) -> Vec<(String, Option<Page>)> {
        let n = &self.needs;
        let mut out = Vec::new();
        for d in &n.closing_soon {
            let name = self
                .deals
                .iter()
                .find(|p| p.deal.id == d.id)
                .map_or(String::new(), |p| p.product_name.clone());
            let at = cx.c.i18n.clock(d.cutoff.with_timezone(&Local).time());
            out.push((
                cx.ta("org-todo-closing", &[("name", name), ("time", at)]),
                Some(Page::Deals),
            ));
        }
        if !n.arrivals_to_record.is_empty() {
            out.push((
                cx.c.i18n.tn(
                    "org-todo-arrivals",
                    ("count", n.arrivals_to_record.len() as i64),
                    &[],
                ),
                Some(Page::Arrival),
            ));
        }
        if n.pickups_waiting > 0 {
            out.push((
                cx.c.i18n
                    .tn("org-todo-pickups", ("count", n.pickups_waiting.into()), &[]),
                Some(Page::Desk),
            ));
        }
        if n.help_requests > 0 {
            out.push((
                cx.c.i18n
                    .tn("org-todo-help", ("count", n.help_requests.into()), &[]),
                None,
            ));
        }
        if n.complaints_open > 0 {
            out.push((
                cx.c.i18n.tn(
                    "org-todo-complaints",
                    ("count", n.complaints_open.into()),
                    &[],
                ),
                Some(Page::Complaints),
            ));
        }
        out
    }

    /// One deal: name, progress in words and as a bar, what is sold and left.
    fn card<'a>(cx: Cx<'a>, d: &'a DealProgress) -> Element<'a, Message> {
        let c = cx.c;
        let frac = if d.deal.min_total == 0 {
            1.0
        } else {
            (d.sold as f32 / d.deal.min_total as f32).min(1.0)
        };
        let bar = progress_bar(0.0..=1.0, frac)
            .girth(c.scale.gap())
            .style(move |_| progress_bar::Style {
                background: iced::Background::Color(c.pal.background),
                bar: iced::Background::Color(c.pal.primary),
                border: iced::Border {
                    color: c.pal.border,
                    width: 2.0,
                    radius: 6.0.into(),
                },
            });
        let facts = deal_facts(&cx, d);
        ui::card(
            c,
            column![
                row![
                    ui::heading(c, format!("{} {}", d.emoji, d.product_name)),
                    container(ui::body(c, Self::progress_words(&cx, d)))
                        .width(Length::Fill)
                        .align_right(Length::Fill),
                ]
                .align_y(Alignment::Center),
                bar,
                ui::body(c, facts),
            ]
            .spacing(c.scale.gap() / 2.0),
        )
    }

    /// The summary, what needs doing now (her actions, so they stay in view however many
    /// deals are open), then the open deals two to a row.
    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![ui::body(c, self.summary(&cx))].spacing(c.scale.gap());
        col = col.push(ui::heading(c, cx.t("org-todo")));
        let todo = self.todo(&cx);
        if todo.is_empty() {
            col = col.push(ui::body(c, cx.t("org-todo-none")));
        }
        // Each thing to do with its key apart in a chip, so the key never reads as part of
        // the count ("[1]  1 个团购等着登记到货").
        for (i, (words, page)) in todo.into_iter().enumerate() {
            col = col.push(super::keyed_button(
                c,
                &(i + 1).to_string(),
                words,
                if page.is_some() {
                    Kind::Primary
                } else {
                    Kind::Secondary
                },
                page.map(Message::Go),
            ));
        }
        if !self.deals.is_empty() {
            col = col.push(super::keyed_button(
                c,
                "D",
                cx.t("order-for-open"),
                Kind::Secondary,
                Some(Message::OrderFor),
            ));
        }
        if self.deals.is_empty() {
            col = col.push(ui::body(c, cx.t("org-no-open-deals")));
        }
        // Two cards a row, so six deals fit on one screen.
        for pair in self.deals.chunks(2) {
            let mut r = row![].spacing(c.scale.gap());
            for d in pair {
                r = r.push(container(Self::card(cx, d)).width(Length::FillPortion(1)));
            }
            if pair.len() == 1 {
                r = r.push(iced::widget::Space::new().width(Length::FillPortion(1)));
            }
            col = col.push(r);
        }
        col.into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![self.summary(cx)];
        for d in &self.deals {
            lines.push(cx.ta(
                "org-deal-progress",
                &[
                    ("name", d.product_name.clone()),
                    ("progress", Self::progress_words(cx, d)),
                ],
            ));
        }
        lines.extend(self.todo(cx).into_iter().map(|(w, _)| w));
        lines
    }

    /// 1–9: the numbered things to do.
    pub fn on_key(&self, k: Key, cx: &Cx) -> Option<Message> {
        let Key::Number(n) = k else { return None };
        self.todo(cx)
            .get(n - 1)
            .and_then(|(_, p)| *p)
            .map(Message::Go)
    }
}

/// "已订 14 颗，还剩 6 颗，3 单" / "14 heads ordered, 6 heads left, 3 orders".
pub fn deal_facts(cx: &Cx, d: &DealProgress) -> String {
    cx.tqs(
        "org-deal-facts",
        &[
            ("sold", i64::from(d.sold)),
            ("left", i64::from(d.left)),
            ("orders", i64::from(d.orders)),
        ],
        &d.deal.unit,
        &[],
    )
}
