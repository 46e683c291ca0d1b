//! Arrival (到货): per formed deal, how many arrived. Before she confirms, the page shows
//! who gets less and what is refunded (linli-core's first-ordered, first-served rule, run
//! without writing); confirming records it at the hub and tells the members.

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
    pub chosen: Option<DealId>,
    /// How many arrived, as typed.
    pub arrived: String,
    pub preview: Option<ArrivalPreview>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Choose(DealId),
    Arrived(String),
    All,
    Confirm,
}

impl Waiting {
    /// "🍊 橙子：订了 9 斤，明天取货".
    pub fn words(&self, cx: &Cx) -> String {
        cx.ta(
            "org-arrival-deal",
            &[
                ("name", format!("{} {}", self.emoji, self.name)),
                ("qty", self.ordered.to_string()),
                ("unit", self.deal.unit.clone()),
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
        if let Some(id) = self.chosen {
            if self.waiting.iter().any(|w| w.deal.id == id) {
                self.preview(store);
            } else {
                self.chosen = None;
                self.preview = None;
            }
        }
        Ok(())
    }

    fn chosen(&self) -> Option<&Waiting> {
        self.waiting.iter().find(|w| Some(w.deal.id) == self.chosen)
    }

    fn preview(&mut self, store: &Store) {
        self.preview = None;
        self.problem = None;
        let (Some(w), Some(n)) = (self.chosen(), parse_count(&self.arrived)) else {
            return;
        };
        match store.arrival_preview(w.deal.id, n) {
            Ok(p) => self.preview = Some(p),
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, me: &Identity) -> Action {
        match m {
            Message::Choose(id) => {
                self.chosen = Some(id);
                self.arrived = self
                    .chosen()
                    .map_or(String::new(), |w| w.ordered.to_string());
                self.preview(store);
            }
            Message::Arrived(s) => {
                self.arrived = s;
                self.preview(store);
            }
            Message::All => {
                self.arrived = self
                    .chosen()
                    .map_or(String::new(), |w| w.ordered.to_string());
                self.preview(store);
            }
            Message::Confirm => {
                let Some(w) = self.chosen().cloned() else {
                    return Action::None;
                };
                let Some(n) = parse_count(&self.arrived) else {
                    self.problem = Some(cx.t("org-arrival-number"));
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
                let words = cx.ta(
                    "org-arrival-done",
                    &[
                        ("name", w.name.clone()),
                        ("qty", n.to_string()),
                        ("unit", w.deal.unit.clone()),
                    ],
                );
                self.chosen = None;
                self.preview = None;
                self.arrived.clear();
                return Action::Send(
                    vec![
                        Command::RecordArrival {
                            deal_id: w.deal.id,
                            arrived: n,
                        },
                        Command::PostNotice { notice },
                    ],
                    words,
                );
            }
        }
        Action::None
    }

    /// The preview in words: everyone gets all, or who gets less and the refund.
    fn preview_lines(&self, cx: &Cx) -> Vec<String> {
        let (Some(w), Some(p)) = (self.chosen(), &self.preview) else {
            return vec![];
        };
        if p.short.is_empty() {
            return vec![cx.t("org-arrival-all-get")];
        }
        let mut lines = vec![cx.ta(
            "org-arrival-short-summary",
            &[
                ("count", p.short.len().to_string()),
                ("refund", cx.c.i18n.money(p.refund_total)),
            ],
        )];
        for s in &p.short {
            lines.push(cx.ta(
                "org-arrival-short-line",
                &[
                    ("member", s.name.clone()),
                    ("ordered", s.ordered.to_string()),
                    ("gets", s.gets.to_string()),
                    ("unit", w.deal.unit.clone()),
                    ("refund", cx.c.i18n.money(s.refund)),
                ],
            ));
        }
        lines
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![].spacing(c.scale.gap());
        if self.waiting.is_empty() {
            col = col.push(ui::body(c, cx.t("org-arrival-none")));
        }
        for (i, w) in self.waiting.iter().enumerate() {
            col = col.push(ui::choice_card(
                c,
                ui::body(c, format!("{}  {}", i + 1, w.words(&cx))),
                Some(w.deal.id) == self.chosen,
                Message::Choose(w.deal.id),
            ));
        }
        if let Some(w) = self.chosen() {
            col = col.push(
                row![
                    ui::body(
                        c,
                        cx.ta("org-arrival-how-many", &[("unit", w.deal.unit.clone())])
                    ),
                    ui::field(c, "0", &self.arrived, Message::Arrived)
                        .on_submit(Message::Confirm)
                        .width(Length::Fixed(c.scale.body() * 5.0)),
                    ui::big_button(
                        c,
                        cx.t("org-arrival-all"),
                        Kind::Secondary,
                        false,
                        Some(Message::All)
                    ),
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center),
            );
            let mut preview = column![].spacing(4);
            for l in self.preview_lines(&cx) {
                preview = preview.push(ui::body(c, l));
            }
            col = col.push(ui::card(c, preview));
            if let Some(p) = &self.problem {
                col = col.push(ui::news(c, ui::body(c, p.as_str())));
            }
            col = col.push(ui::big_button(
                c,
                format!("{} ⏎", cx.t("org-arrival-confirm")),
                Kind::Primary,
                true,
                self.preview.as_ref().map(|_| Message::Confirm),
            ));
        }
        col.into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.ta(
            "org-arrival-summary",
            &[("count", self.waiting.len().to_string())],
        )];
        lines.extend(self.preview_lines(cx));
        lines
    }

    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n) => self.waiting.get(n - 1).map(|w| Message::Choose(w.deal.id)),
            Key::Enter if self.preview.is_some() => Some(Message::Confirm),
            _ => None,
        }
    }
}
