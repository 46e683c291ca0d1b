//! Stock and losses (库存 / 损耗): each product's units on hand (from its movements), what
//! came in and was lost in the last four weeks with the loss rate, recording a loss (why,
//! how many, a note), the latest losses, and the chosen product's suggested quantity for
//! its next deal, which says what waste it left out.

use super::{Action, Cx, parse_count};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{Duration, NaiveDateTime, Utc};
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::{
    DealState, LossReason, MovementId, MovementKind, ProductId, StockMovement,
};
use linli_core::rules::forecast::Suggestion;
use linli_core::store::stock::{LossLine, StockLevel};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, rows};

/// How far back "lately" reaches: four weeks.
pub const LATELY_DAYS: i64 = 28;
/// How many of the latest losses the page lists.
const RECENT: u32 = 8;

/// The reasons she can pick, in the order shown (keys 1–4 are free for them only while no
/// field has the focus, so they are buttons too).
pub const REASONS: [LossReason; 4] = [
    LossReason::Spoiled,
    LossReason::Damaged,
    LossReason::Unclaimed,
    LossReason::Other,
];

/// The Fluent id of a loss reason.
pub fn reason_id(r: LossReason) -> &'static str {
    match r {
        LossReason::Spoiled => "org-loss-spoiled",
        LossReason::Damaged => "org-loss-damaged",
        LossReason::Unclaimed => "org-loss-unclaimed",
        LossReason::Other => "org-loss-other",
    }
}

#[derive(Debug, Default)]
pub struct Stock {
    pub levels: Vec<StockLevel>,
    pub recent: Vec<LossLine>,
    /// The loss being written down.
    pub product: Option<ProductId>,
    pub reason: Option<LossReason>,
    pub qty: String,
    pub note: String,
    pub suggestion: Option<Suggestion>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Product(ProductId),
    Reason(LossReason),
    Qty(String),
    Note(String),
    Record,
}

impl Stock {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        let since = now.and_utc() - Duration::days(LATELY_DAYS);
        self.levels = store.stock_levels(me.group_id, since)?;
        self.recent = store.recent_losses(me.group_id, RECENT)?;
        self.suggestion = match self.product {
            Some(p) => store.suggest_quantity(p, now.date())?,
            None => None,
        };
        Ok(())
    }

    fn level(&self, p: ProductId) -> Option<&StockLevel> {
        self.levels.iter().find(|l| l.product_id == p)
    }

    /// The chosen product's unit (empty when none is chosen).
    fn unit(&self) -> &str {
        self.product
            .and_then(|p| self.level(p))
            .map_or("", |l| l.unit.as_str())
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, _me: &Identity) -> Action {
        match m {
            Message::Product(p) => {
                self.product = Some(p);
                self.problem = None;
                self.suggestion = store.suggest_quantity(p, cx.now.date()).ok().flatten();
            }
            Message::Reason(r) => self.reason = Some(r),
            Message::Qty(s) => self.qty = s,
            Message::Note(s) => self.note = s,
            Message::Record => return self.record(cx, store),
        }
        Action::None
    }

    /// Checks the form in plain words, then sends the loss and clears the form (the
    /// product stays chosen: losses often come in several of one thing).
    fn record(&mut self, cx: &Cx, store: &Store) -> Action {
        let Some(level) = self.product.and_then(|p| self.level(p)).cloned() else {
            self.problem = Some(cx.t("org-loss-need-product"));
            return Action::None;
        };
        let Some(reason) = self.reason else {
            self.problem = Some(cx.t("org-loss-need-reason"));
            return Action::None;
        };
        let Some(qty) = parse_count(&self.qty).filter(|n| *n > 0) else {
            self.problem = Some(cx.t("org-loss-need-qty"));
            return Action::None;
        };
        // No more than she has (the same rule the hub applies: inventory::loss_fits).
        if i64::from(qty) > level.on_hand {
            self.problem = Some(cx.tq(
                "org-loss-more-than-on-hand",
                ("qty", level.on_hand.max(0)),
                &level.unit,
                &[],
            ));
            return Action::None;
        }
        // The goods she has came with the product's latest deal that arrived: the loss
        // belongs to it, so its price values the loss and the next suggestion counts it.
        // (Goods arrive before their pickup day: look a week ahead.)
        let week_on = cx.now.date() + Duration::days(7);
        let deal_id = store
            .read(|c| rows::deals_of_product(c, level.product_id, week_on))
            .ok()
            .and_then(|deals| {
                deals
                    .into_iter()
                    .rev()
                    .find(|d| d.state == DealState::Arrived)
            })
            .map(|d| d.id);
        let movement = StockMovement {
            id: MovementId::new(),
            product_id: level.product_id,
            deal_id,
            kind: MovementKind::Lost(reason),
            qty: i64::from(qty),
            note: self.note.trim().to_string(),
            at: Utc::now(),
        };
        let words = cx.tq(
            "org-loss-recorded",
            ("qty", i64::from(qty)),
            &level.unit,
            &[
                ("name", level.name.clone()),
                ("reason", cx.t(reason_id(reason))),
            ],
        );
        self.reason = None;
        self.qty.clear();
        self.note.clear();
        self.problem = None;
        Action::Send(vec![Command::RecordLoss { movement }], words)
    }

    /// "🍅 西红柿：现有 12 斤。这四周进了 80 斤，损耗 5 斤（6.2%）".
    fn level_words(l: &StockLevel, cx: &Cx) -> String {
        let mut w = cx.tq(
            "org-stock-line",
            ("qty", l.on_hand),
            &l.unit,
            &[("name", format!("{} {}", l.emoji, l.name))],
        );
        if let Some(pm) = l.loss_per_mille() {
            w.push_str(&cx.tqs(
                "org-stock-lately",
                &[("received", l.received), ("lost", l.lost)],
                &l.unit,
                &[("rate", format!("{}.{}", pm / 10, pm % 10))],
            ));
        }
        w
    }

    /// "11月25日 🍅 西红柿 坏了 3 斤：烂了几个".
    fn loss_words(l: &LossLine, cx: &Cx) -> String {
        let reason = match l.movement.kind {
            MovementKind::Lost(r) => cx.t(reason_id(r)),
            _ => String::new(),
        };
        let mut w = cx.tq(
            "org-loss-line",
            ("qty", l.movement.qty),
            &l.unit,
            &[
                (
                    "day",
                    cx.c.i18n.day(l.movement.at.date_naive(), cx.now.date()),
                ),
                ("name", format!("{} {}", l.emoji, l.name)),
                ("reason", reason),
            ],
        );
        if !l.movement.note.is_empty() {
            w.push_str(&cx.ta("org-loss-note", &[("note", l.movement.note.clone())]));
        }
        w
    }

    fn summary(&self, cx: &Cx) -> String {
        cx.tns(
            "org-stock-summary",
            &[
                (
                    "products",
                    self.levels.iter().filter(|l| l.on_hand > 0).count() as i64,
                ),
                (
                    "losses",
                    self.levels.iter().filter(|l| l.lost > 0).count() as i64,
                ),
            ],
            &[],
        )
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![ui::body(c, self.summary(&cx))].spacing(c.scale.gap());

        // Record a loss: what, why, how many, a note.
        let mut form = column![ui::heading(c, cx.t("org-loss-record"))].spacing(c.scale.gap());
        let mut products = row![].spacing(c.scale.gap() / 2.0);
        for l in &self.levels {
            products = products.push(ui::chip(
                c,
                format!("{} {}", l.emoji, l.name),
                Some(l.product_id) == self.product,
                Message::Product(l.product_id),
            ));
        }
        form = form.push(products.wrap());
        let mut reasons = row![].spacing(c.scale.gap() / 2.0);
        for (i, r) in REASONS.iter().enumerate() {
            reasons = reasons.push(ui::chip(
                c,
                format!("{} {}", i + 1, cx.t(reason_id(*r))),
                Some(*r) == self.reason,
                Message::Reason(*r),
            ));
        }
        form = form.push(reasons.wrap());
        let how_many = match self.product.and_then(|p| self.level(p)) {
            Some(l) => cx.ta("org-loss-how-many", &[("units", cx.units(&l.unit))]),
            None => cx.t("org-loss-how-many-any"),
        };
        form = form.push(
            row![
                ui::body(c, how_many),
                ui::field(c, "0", &self.qty, Message::Qty)
                    .on_submit(Message::Record)
                    .width(Length::Fixed(c.scale.body() * 5.0)),
                ui::field(c, &cx.t("org-loss-note-hint"), &self.note, Message::Note)
                    .on_submit(Message::Record),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center),
        );
        // Record (and what is missing) is in the bar below the page: the products may
        // fill several rows.
        if let Some(s) = &self.suggestion {
            form = form.push(ui::body(
                c,
                super::deals::suggestion_words(s, self.unit(), &cx),
            ));
        }
        col = col.push(ui::card(c, form));

        col = col.push(ui::heading(c, cx.t("org-stock-products")));
        for l in &self.levels {
            col = col.push(ui::body(c, Self::level_words(l, &cx)));
        }
        col = col.push(ui::heading(c, cx.t("org-loss-recent")));
        if self.recent.is_empty() {
            col = col.push(ui::body(c, cx.t("org-loss-none")));
        }
        for l in &self.recent {
            col = col.push(ui::body(c, Self::loss_words(l, &cx)));
        }
        col.into()
    }

    /// Record the loss, fixed below the page, with the room for what is missing beside it.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        super::action_row(
            c,
            vec![ui::big_button(
                c,
                format!("{} ⏎", cx.t("org-loss-save")),
                Kind::Primary,
                false,
                Some(Message::Record),
            )],
            self.problem.as_deref(),
        )
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![self.summary(cx)];
        if let Some(p) = &self.problem {
            lines.push(p.clone());
        }
        lines.extend(
            self.suggestion
                .as_ref()
                .map(|s| super::deals::suggestion_words(s, self.unit(), cx)),
        );
        lines.extend(
            self.levels
                .iter()
                .filter(|l| l.on_hand != 0 || l.lost > 0)
                .map(|l| Self::level_words(l, cx)),
        );
        lines.extend(self.recent.iter().take(3).map(|l| Self::loss_words(l, cx)));
        lines
    }

    /// ↑ ↓ choose the product, 1–4 the reason, Enter records.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Enter => Some(Message::Record),
            Key::Number(n) => REASONS.get(n.wrapping_sub(1)).map(|r| Message::Reason(*r)),
            Key::Up | Key::Down => {
                let at = self
                    .levels
                    .iter()
                    .position(|l| Some(l.product_id) == self.product);
                let next = match at {
                    Some(i) => crate::ui::keys::step(i, self.levels.len(), k),
                    None => 0,
                };
                self.levels
                    .get(next)
                    .map(|l| Message::Product(l.product_id))
            }
            _ => None,
        }
    }
}
