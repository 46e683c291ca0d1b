//! Arrival (到货): each formed deal with a field for how many arrived (filled with what was
//! ordered) and its own button to record it. Under the field the page shows who gets less
//! and what is refunded (linli-core's first-ordered, first-served rule, run without writing)
//! before she presses it; recording it sends it to the hub and tells the members.

use super::{Action, Cx, parse_count};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{NaiveDateTime, Utc};
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::{Deal, DealId, DealState, Notice, NoticeId};
use linli_core::store::organiser::ArrivalPreview;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, rows};
use std::collections::HashMap;

/// A formed deal waiting for its goods.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub deal: Deal,
    pub name: String,
    pub emoji: String,
    /// Units the members ordered (what should arrive).
    pub ordered: u32,
}

#[derive(Debug, Default)]
pub struct Arrival {
    pub waiting: Vec<Waiting>,
    /// The deal Enter records (chosen with its number; the first one otherwise).
    pub chosen: Option<DealId>,
    /// How many arrived, as typed, per deal (filled with what was ordered).
    pub arrived: HashMap<DealId, String>,
    pub previews: HashMap<DealId, ArrivalPreview>,
    /// Why a deal's number can't be recorded, shown beside its field.
    /// Why a number can't be recorded, as a message id (worded when drawn).
    pub problems: HashMap<DealId, &'static str>,
    /// The technical words under a problem, for a family member (when this computer went
    /// wrong rather than the number she typed).
    pub details: HashMap<DealId, String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Choose(DealId),
    Arrived(DealId, String),
    Record(DealId),
    /// Enter: records the chosen deal.
    Enter,
}

impl Waiting {
    /// "🍊 橙子：订了 9 斤，明天取货".
    pub fn words(&self, cx: &Cx) -> String {
        cx.tq(
            "org-arrival-deal",
            ("qty", i64::from(self.ordered)),
            &self.deal.unit,
            &[
                ("name", format!("{} {}", self.emoji, self.name)),
                ("day", cx.c.i18n.day(self.deal.pickup_day, cx.now.date())),
            ],
        )
    }
}

/// The group's deals that formed and wait for their goods.
pub fn formed_deals(store: &Store, me: &Identity) -> Result<Vec<Waiting>> {
    let products = store.products(me.group_id)?;
    let formed = store.read(|c| rows::deals_in_state(c, me.group_id, DealState::Formed))?;
    let mut out = Vec::new();
    for d in formed {
        let ordered = store
            .orders_of_deal(d.id)?
            .iter()
            .filter(|o| o.state.is_active())
            .map(|o| o.qty)
            .sum();
        let p = products.iter().find(|p| p.id == d.product_id);
        out.push(Waiting {
            name: p.map_or("?".into(), |p| p.name.clone()),
            emoji: p.map_or(String::new(), |p| p.emoji.clone()),
            ordered,
            deal: d,
        });
    }
    Ok(out)
}

impl Arrival {
    pub fn load(&mut self, store: &Store, me: &Identity, _now: NaiveDateTime) -> Result<()> {
        self.waiting = formed_deals(store, me)?;
        let ids: Vec<DealId> = self.waiting.iter().map(|w| w.deal.id).collect();
        self.arrived.retain(|id, _| ids.contains(id));
        self.problems.retain(|id, _| ids.contains(id));
        self.details.retain(|id, _| ids.contains(id));
        for w in &self.waiting {
            self.arrived
                .entry(w.deal.id)
                .or_insert_with(|| w.ordered.to_string());
        }
        if !self.chosen.is_some_and(|id| ids.contains(&id)) {
            self.chosen = ids.first().copied();
        }
        self.previews.clear();
        for id in ids {
            self.preview(store, id);
        }
        Ok(())
    }

    fn waiting(&self, id: DealId) -> Option<&Waiting> {
        self.waiting.iter().find(|w| w.deal.id == id)
    }

    fn typed(&self, id: DealId) -> &str {
        self.arrived.get(&id).map_or("", String::as_str)
    }

    fn preview(&mut self, store: &Store, id: DealId) {
        self.previews.remove(&id);
        self.problems.remove(&id);
        self.details.remove(&id);
        let Some(n) = parse_count(self.typed(id)) else {
            return;
        };
        match store.arrival_preview(id, n) {
            Ok(p) => {
                self.previews.insert(id, p);
            }
            Err(e) => {
                let (words, detail) = super::store_problem(&e);
                self.problems.insert(id, words);
                if let Some(d) = detail {
                    self.details.insert(id, d);
                }
            }
        }
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, me: &Identity) -> Action {
        match m {
            Message::Choose(id) => self.chosen = Some(id),
            Message::Arrived(id, s) => {
                self.chosen = Some(id);
                self.arrived.insert(id, s);
                self.preview(store, id);
            }
            Message::Enter => {
                if let Some(id) = self.chosen {
                    return self.record(id, cx, me);
                }
            }
            Message::Record(id) => return self.record(id, cx, me),
        }
        Action::None
    }

    /// Records what arrived of one deal at the hub and tells the members.
    fn record(&mut self, id: DealId, cx: &Cx, me: &Identity) -> Action {
        let Some(w) = self.waiting(id).cloned() else {
            return Action::None;
        };
        let Some(n) = parse_count(self.typed(id)) else {
            self.problems.insert(id, "org-arrival-number");
            return Action::None;
        };
        let notice = Notice {
            id: NoticeId::new(),
            group_id: me.group_id,
            author_id: me.member_id,
            title: cx.ta("org-arrived-title", &[("name", w.name.clone())]),
            body: cx.ta(
                "org-arrived-body",
                &[
                    ("name", w.name.clone()),
                    ("place", w.deal.pickup_place.clone()),
                ],
            ),
            created_at: Utc::now(),
        };
        let words = cx.tq(
            "org-arrival-done",
            ("qty", i64::from(n)),
            &w.deal.unit,
            &[("name", w.name.clone())],
        );
        self.arrived.remove(&id);
        self.previews.remove(&id);
        self.problems.remove(&id);
        self.details.remove(&id);
        self.waiting.retain(|w| w.deal.id != id);
        if self.chosen == Some(id) {
            self.chosen = self.waiting.first().map(|w| w.deal.id);
        }
        Action::Send(
            vec![
                Command::RecordArrival {
                    deal_id: id,
                    arrived: n,
                },
                Command::PostNotice { notice },
            ],
            words,
        )
    }

    /// The preview of one deal in words: everyone gets all, or who gets less and the refund.
    fn preview_lines(&self, cx: &Cx, w: &Waiting) -> Vec<String> {
        let Some(p) = self.previews.get(&w.deal.id) else {
            return vec![];
        };
        if p.short.is_empty() {
            return vec![cx.t("org-arrival-all-get")];
        }
        let mut lines = vec![cx.tn(
            "org-arrival-short-summary",
            ("count", p.short.len() as i64),
            &[("refund", cx.c.i18n.money(p.refund_total))],
        )];
        for s in &p.short {
            lines.push(cx.tqs(
                "org-arrival-short-line",
                &[
                    ("ordered", i64::from(s.ordered)),
                    ("gets", i64::from(s.gets)),
                ],
                &w.deal.unit,
                &[
                    ("member", s.name.clone()),
                    ("refund", cx.c.i18n.money(s.refund)),
                ],
            ));
        }
        lines
    }

    /// One deal: its number and words; how many arrived, in a field, with its button; what
    /// that number means for the members, or why it can't be recorded, under the field.
    fn deal_view<'a>(&'a self, cx: Cx<'a>, i: usize, w: &'a Waiting) -> Element<'a, Message> {
        let c = cx.c;
        let id = w.deal.id;
        let chosen = self.chosen == Some(id);
        let record = cx.t("org-arrival-confirm");
        let mut col = column![
            row![
                super::key_chip(c, &(i + 1).to_string()),
                ui::body(c, w.words(&cx)),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center),
            row![
                ui::body(
                    c,
                    cx.ta("org-arrival-how-many", &[("units", cx.units(&w.deal.unit))])
                ),
                ui::field(c, "0", self.typed(id), move |s| Message::Arrived(id, s))
                    .on_submit(Message::Record(id))
                    .width(Length::Fixed(c.scale.body() * 5.0)),
                ui::big_button(
                    c,
                    if chosen {
                        format!("{record} ⏎")
                    } else {
                        record
                    },
                    Kind::Primary,
                    chosen,
                    Some(Message::Record(id)),
                ),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center)
            .wrap(),
        ]
        .spacing(c.scale.gap() / 2.0);
        if let Some(p) = self.problems.get(&id) {
            col = col.push(super::failure(
                c,
                ui::body(c, cx.t(p)),
                self.details.get(&id).map(String::as_str),
            ));
        }
        for l in self.preview_lines(&cx, w) {
            col = col.push(ui::body(c, l));
        }
        ui::card(c, col)
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![].spacing(c.scale.gap());
        if self.waiting.is_empty() {
            col = col.push(ui::body(c, cx.t("org-arrival-none")));
        }
        for (i, w) in self.waiting.iter().enumerate() {
            col = col.push(self.deal_view(cx, i, w));
        }
        col.into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.tn(
            "org-arrival-summary",
            ("count", self.waiting.len() as i64),
            &[],
        )];
        for w in &self.waiting {
            lines.push(w.words(cx));
            lines.extend(self.preview_lines(cx, w));
        }
        lines
    }

    /// 1–9 choose the deal Enter records; Tab reaches each field, whose Enter records it.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n) => self
                .waiting
                .get(n.wrapping_sub(1))
                .map(|w| Message::Choose(w.deal.id)),
            Key::Enter if self.chosen.is_some() => Some(Message::Enter),
            _ => None,
        }
    }
}
