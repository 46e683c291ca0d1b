//! 代下单: an order taken for a neighbour (on the telephone, face to face, or from a paper
//! order form collected at the pickup point). Find her by name or pinyin initials (Enter
//! takes the first), then the open deals as a numbered list in the order form's order, a
//! quantity typed or stepped on each (Enter goes down the list, so a collected form is one
//! pass), then a read-back sentence — "给王大爷订：2 斤西红柿、1 袋大米，一共 ¥27.80，明天在
//! 3号楼门口取。" — shown and said before she confirms. The organiser reaches it from Today
//! and Members; a volunteer from her claimed help request, for that one neighbour
//! ([`OrderFor::open_for`]). The page only asks: the app enters the order
//! ([`linli_core::store::Store::enter_orders`], all or nothing) and tells the page how it
//! went ([`OrderFor::entered`]).

use super::Cx;
use crate::i18n::I18n;
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{NaiveDate, NaiveDateTime};
use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};
use linli_core::Fen;
use linli_core::model::{Member, MemberId, OrderState, Role};
use linli_core::store::orders::Want;
use linli_core::store::paper::FormLine;
use linli_core::store::{Result, Store};

/// Where she is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Finding the neighbour.
    #[default]
    Find,
    /// The numbered list with quantities.
    Fill,
    /// The read-back sentence, waiting for 确认.
    Confirm,
    /// Entered; the sentence of what was ordered.
    Done,
}

/// One open deal on the list, with what the neighbour has on it already.
#[derive(Debug, Clone)]
pub struct Line {
    pub form: FormLine,
    /// Units in her placed orders on this deal (what the quantity starts from).
    pub has: u32,
    /// Units still free: the hub's sold count when it is higher than what this computer
    /// sees (a volunteer's computer sees only her own orders).
    pub left: u32,
}

#[derive(Debug, Clone, Default)]
pub struct OrderFor {
    pub stage: Stage,
    /// What she typed to find the neighbour.
    pub query: String,
    /// Everyone she may order for (not herself, not those who left), by pinyin.
    members: Vec<Member>,
    /// The neighbour chosen.
    pub chosen: Option<Member>,
    /// A volunteer's page: only this neighbour (her claimed request's), no finding.
    pub fixed: Option<MemberId>,
    pub lines: Vec<Line>,
    /// The quantity typed on each line (digits only; empty is 0).
    pub qty: Vec<String>,
    /// The line the arrow keys and ＋/－ act on.
    pub cursor: usize,
    /// Why the last step did not work, in words.
    pub problem: Option<String>,
    /// The read-back sentence (Confirm) or what was entered (Done).
    pub sentence: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    /// Take the nth name found (Enter: the first).
    Pick(usize),
    /// Another neighbour.
    Change,
    Qty(usize, String),
    Step(usize, i64),
    /// Enter in line n's field: the next line (after the last: the read-back).
    Next(usize),
    ReadBack,
    Confirm,
    /// Back from the read-back to the list.
    Edit,
    /// After one order: the next neighbour.
    Again,
}

/// What the page asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    None,
    Say(Vec<String>),
    /// Put the keyboard in line n's quantity field (`usize::MAX`: the name field) and say
    /// these lines.
    Focus(usize, Vec<String>),
    Enter(Entry),
}

/// A neighbour's order as read back: enter these quantities for `member`; say `words`
/// when it worked.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub member: MemberId,
    pub wants: Vec<Want>,
    pub words: String,
}

/// The field of line `n` (for focus).
pub fn field_id(n: usize) -> iced::widget::Id {
    iced::widget::Id::from(format!("order-for-qty-{n}"))
}

/// Line n's field, or the name field for `usize::MAX`.
pub fn focus_id(n: usize) -> iced::widget::Id {
    if n == usize::MAX {
        find_id()
    } else {
        field_id(n)
    }
}

/// The name field's id.
pub fn find_id() -> iced::widget::Id {
    iced::widget::Id::new("order-for-find")
}

impl OrderFor {
    /// Reads who may be ordered for and the open deals (with the chosen neighbour's
    /// quantities, typed ones kept).
    pub fn load(&mut self, store: &Store, me: MemberId, now: NaiveDateTime) -> Result<()> {
        let Some(g) = store.member(me)?.map(|m| m.group_id) else {
            return Ok(());
        };
        let mut members: Vec<Member> = store
            .members(g)?
            .into_iter()
            .filter(|m| m.id != me && m.left_at.is_none() && m.role != Role::Organiser)
            .filter(|m| self.fixed.is_none_or(|f| f == m.id))
            .collect();
        members.sort_by_cached_key(|m| super::find::sort_key(&m.display_name));
        self.members = members;
        if let Some(f) = self.fixed {
            self.chosen = self.members.iter().find(|m| m.id == f).cloned();
            if self.stage == Stage::Find && self.chosen.is_some() {
                self.stage = Stage::Fill;
            }
        }
        // The order form's numbers (files::pdf prints the same list).
        use crate::system::local_time;
        let start = local_time::day_start(now.date());
        let form = store.order_form_deals(g, start, local_time::instant(now))?;
        let mine = match &self.chosen {
            Some(m) => store.orders_of_member(m.id, 500)?,
            None => Vec::new(),
        };
        let typed: Vec<(linli_core::model::DealId, String)> = self
            .lines
            .iter()
            .zip(&self.qty)
            .map(|(l, q)| (l.form.deal.id, q.clone()))
            .collect();
        self.lines = form
            .into_iter()
            .map(|form| {
                let has = mine
                    .iter()
                    .filter(|o| o.deal_id == form.deal.id && o.state == OrderState::Placed)
                    .map(|o| o.qty)
                    .sum();
                let sold = store.deal_sold(form.deal.id)?.unwrap_or(0).max(form.sold);
                let left = form.deal.stock.saturating_sub(sold);
                Ok(Line { form, has, left })
            })
            .collect::<Result<_>>()?;
        self.qty = self
            .lines
            .iter()
            .map(|l| {
                typed
                    .iter()
                    .find(|(d, _)| *d == l.form.deal.id)
                    .map(|(_, q)| q.clone())
                    .unwrap_or_else(|| {
                        if l.has > 0 {
                            l.has.to_string()
                        } else {
                            String::new()
                        }
                    })
            })
            .collect();
        self.cursor = self.cursor.min(self.lines.len().saturating_sub(1));
        Ok(())
    }

    /// The page for one neighbour only (a volunteer's claimed request), from the start.
    pub fn open_for(&mut self, member: MemberId) {
        *self = OrderFor {
            fixed: Some(member),
            stage: Stage::Fill,
            ..OrderFor::default()
        };
    }

    /// The organiser's page, starting with `member` chosen (from Members) or a search.
    pub fn start(&mut self, member: Option<&Member>) {
        let members = std::mem::take(&mut self.members);
        *self = OrderFor {
            members,
            ..OrderFor::default()
        };
        if let Some(m) = member {
            self.chosen = Some(m.clone());
            self.stage = Stage::Fill;
        }
    }

    /// The app entered the order (`Ok`: what to show, already said) or not (why).
    pub fn entered(&mut self, result: std::result::Result<String, String>) {
        match result {
            Ok(words) => {
                self.stage = Stage::Done;
                self.sentence = Some(words);
                self.problem = None;
            }
            Err(why) => {
                self.stage = Stage::Fill;
                self.problem = Some(why);
            }
        }
    }

    fn found(&self) -> Vec<&Member> {
        self.members
            .iter()
            .filter(|m| super::find::name_matches(&m.display_name, &self.query))
            .take(9)
            .collect()
    }

    fn qty_of(&self, i: usize) -> u32 {
        self.qty.get(i).and_then(|q| q.parse().ok()).unwrap_or(0)
    }

    /// The lines whose quantity differs from what she has.
    fn wants(&self) -> Vec<Want> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(i, l)| self.qty_of(*i) != l.has)
            .map(|(i, l)| Want {
                deal: l.form.deal.id,
                qty: self.qty_of(i),
            })
            .collect()
    }

    /// "给王大爷订：2 斤西红柿、1 袋大米，一共 ¥27.80，明天在3号楼门口取。" — all she will
    /// have on these deals; "不要了：鸡蛋" for lines brought to 0.
    pub fn read_back(&self, tr: &I18n, today: NaiveDate) -> String {
        let name = self
            .chosen
            .as_ref()
            .map(|m| m.display_name.clone())
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut dropped = Vec::new();
        let mut total = Fen(0);
        let mut places: Vec<(chrono::NaiveDate, String)> = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let q = self.qty_of(i);
            let d = &l.form.deal;
            if q == 0 {
                if l.has > 0 {
                    dropped.push(l.form.product.name.clone());
                }
                continue;
            }
            items.push(tr.tq(
                "order-for-item",
                ("qty", i64::from(q)),
                &d.unit,
                &[("name", l.form.product.name.clone())],
            ));
            total += d.price * q;
            let p = (d.pickup_day, d.pickup_place.clone());
            if !places.contains(&p) {
                places.push(p);
            }
        }
        let sep = tr.t("order-for-sep");
        let pickup = places
            .iter()
            .map(|(day, place)| {
                tr.ta(
                    "order-for-pickup",
                    &[("day", tr.day(*day, today)), ("place", place.clone())],
                )
            })
            .collect::<Vec<_>>()
            .join(&sep);
        let mut s = if items.is_empty() {
            tr.ta("order-for-read-back-none", &[("name", name.clone())])
        } else {
            tr.ta(
                "order-for-read-back",
                &[
                    ("name", name.clone()),
                    ("items", items.join(&sep)),
                    ("total", tr.money(total)),
                    ("pickup", pickup),
                ],
            )
        };
        if !dropped.is_empty() {
            s.push_str(&tr.ta("order-for-dropped", &[("items", dropped.join(&sep))]));
        }
        s
    }

    pub fn update(&mut self, m: Message, tr: &I18n, today: NaiveDate) -> Event {
        match m {
            Message::Query(q) => {
                self.query = q;
                self.problem = None;
            }
            Message::Pick(i) => {
                if let Some(m) = self.found().get(i).map(|m| (*m).clone()) {
                    let words = tr.ta("order-for-chosen", &[("name", m.display_name.clone())]);
                    self.chosen = Some(m);
                    self.stage = Stage::Fill;
                    self.problem = None;
                    // Her quantities are read when the app reloads the page.
                    self.lines.clear();
                    self.qty.clear();
                    self.cursor = 0;
                    return Event::Focus(0, vec![words]);
                }
                self.problem = Some(tr.t("order-for-nobody"));
                return Event::Say(vec![tr.t("order-for-nobody")]);
            }
            Message::Change => {
                if self.fixed.is_none() {
                    self.start(None);
                }
            }
            Message::Qty(i, s) => {
                if let Some(q) = self.qty.get_mut(i) {
                    *q = super::digits(&s, 3);
                    self.cursor = i;
                    self.problem = None;
                }
            }
            Message::Step(i, by) => {
                let q = (i64::from(self.qty_of(i)) + by).clamp(0, 999);
                if let Some(slot) = self.qty.get_mut(i) {
                    *slot = if q == 0 { String::new() } else { q.to_string() };
                    self.cursor = i;
                }
            }
            Message::Next(i) => {
                if i + 1 < self.lines.len() {
                    self.cursor = i + 1;
                    return Event::Focus(i + 1, Vec::new());
                }
                return self.update(Message::ReadBack, tr, today);
            }
            Message::ReadBack => {
                if self.chosen.is_none() {
                    return Event::None;
                }
                if self.wants().is_empty() {
                    let w = tr.t("order-for-nothing-changed");
                    self.problem = Some(w.clone());
                    return Event::Say(vec![w]);
                }
                let s = self.read_back(tr, today);
                self.sentence = Some(s.clone());
                self.stage = Stage::Confirm;
                self.problem = None;
                return Event::Say(vec![s, tr.t("order-for-confirm-hint")]);
            }
            Message::Edit => {
                self.stage = Stage::Fill;
            }
            Message::Confirm => {
                if let (Stage::Confirm, Some(m)) = (self.stage, &self.chosen) {
                    return Event::Enter(Entry {
                        member: m.id,
                        wants: self.wants(),
                        words: self.sentence.clone().unwrap_or_default(),
                    });
                }
            }
            Message::Again => {
                if self.fixed.is_some() {
                    self.stage = Stage::Fill;
                    self.sentence = None;
                } else {
                    self.start(None);
                    return Event::Focus(usize::MAX, Vec::new());
                }
            }
        }
        Event::None
    }

    /// Keys when no field has the keyboard: ↑/↓ the line, ＋/－ its quantity, 1–9 a name
    /// found, Enter the next step, Esc (on the read-back) back to the list.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match (self.stage, k) {
            (Stage::Find, Key::Number(n)) => Some(Message::Pick(n - 1)),
            (Stage::Find, Key::Enter) => Some(Message::Pick(0)),
            (Stage::Fill, Key::Up) => Some(Message::Qty(
                self.cursor.saturating_sub(1),
                self.qty
                    .get(self.cursor.saturating_sub(1))
                    .cloned()
                    .unwrap_or_default(),
            )),
            (Stage::Fill, Key::Down) => {
                let n = (self.cursor + 1).min(self.lines.len().saturating_sub(1));
                Some(Message::Qty(
                    n,
                    self.qty.get(n).cloned().unwrap_or_default(),
                ))
            }
            (Stage::Fill, Key::Plus) => Some(Message::Step(self.cursor, 1)),
            (Stage::Fill, Key::Minus) => Some(Message::Step(self.cursor, -1)),
            (Stage::Fill, Key::Enter) => Some(Message::ReadBack),
            (Stage::Confirm, Key::Enter) => Some(Message::Confirm),
            (Stage::Confirm, Key::Escape | Key::Backspace) => Some(Message::Edit),
            (Stage::Done, Key::Enter) => Some(Message::Again),
            _ => None,
        }
    }

    /// Whether Esc belongs to the page (back from the read-back) rather than the frame.
    pub fn takes_escape(&self) -> bool {
        self.stage == Stage::Confirm
    }

    /// What Read aloud says.
    pub fn script(&self, tr: &I18n) -> Vec<String> {
        match (self.stage, &self.chosen) {
            (Stage::Find, _) | (_, None) => vec![tr.t("order-for-find-hint")],
            (Stage::Fill, Some(m)) => {
                let mut out = vec![tr.tn(
                    "order-for-list-summary",
                    ("count", self.lines.len() as i64),
                    &[("name", m.display_name.clone())],
                )];
                out.extend(self.lines.iter().map(|l| self.line_words(tr, l)));
                out.extend(self.problem.clone());
                out
            }
            (Stage::Confirm | Stage::Done, Some(_)) => self.sentence.clone().into_iter().collect(),
        }
    }

    /// "1 号，西红柿，每斤 ¥3.80，还剩 12 斤".
    fn line_words(&self, tr: &I18n, l: &Line) -> String {
        let d = &l.form.deal;
        tr.tq(
            "order-for-line",
            ("left", i64::from(l.left)),
            &d.unit,
            &[
                ("number", l.form.number.to_string()),
                ("name", l.form.product.name.clone()),
                ("price", tr.money(d.price)),
            ],
        )
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let mut col = column![].spacing(gap);
        if let Some(p) = &self.problem {
            col = col.push(ui::news(c, ui::heading(c, p.as_str())));
        }
        match (self.stage, &self.chosen) {
            (Stage::Find, _) | (_, None) => {
                col = col
                    .push(ui::heading(c, cx.t("org-order-for")))
                    .push(ui::body(c, cx.t("order-for-find-hint")))
                    .push(
                        ui::field(
                            c,
                            &cx.t("order-for-find-field"),
                            &self.query,
                            Message::Query,
                        )
                        .id(find_id())
                        .on_submit(Message::Pick(0))
                        .width(Length::Fill),
                    );
                if !self.query.trim().is_empty() && self.found().is_empty() {
                    col = col.push(ui::body(c, cx.t("order-for-nobody")));
                }
                for (i, m) in self.found().into_iter().enumerate() {
                    col = col.push(ui::choice_card(
                        c,
                        row![
                            super::key_chip(c, &(i + 1).to_string()),
                            ui::heading(c, m.display_name.as_str())
                        ]
                        .spacing(gap)
                        .align_y(Alignment::Center),
                        false,
                        Message::Pick(i),
                    ));
                }
            }
            (Stage::Fill, Some(m)) => {
                let mut head = row![
                    container(ui::heading(
                        c,
                        cx.ta("order-for-for", &[("name", m.display_name.clone())])
                    ))
                    .width(Length::Fill)
                ]
                .spacing(gap)
                .align_y(Alignment::Center);
                if self.fixed.is_none() {
                    head = head.push(ui::big_button(
                        c,
                        cx.t("order-for-change"),
                        Kind::Secondary,
                        false,
                        Some(Message::Change),
                    ));
                }
                col = col.push(head);
                if self.lines.is_empty() {
                    col = col.push(ui::body(c, cx.t("order-for-no-deals")));
                }
                for (i, l) in self.lines.iter().enumerate() {
                    col = col.push(self.line_view(cx, i, l));
                }
            }
            (Stage::Confirm, Some(_)) => {
                col = col
                    .push(ui::card(
                        c,
                        ui::heading(c, self.sentence.clone().unwrap_or_default()),
                    ))
                    .push(ui::body(c, cx.t("order-for-confirm-hint")))
                    .push(
                        row![
                            ui::big_button(
                                c,
                                format!("{} ⏎", cx.t("order-for-confirm")),
                                Kind::Success,
                                true,
                                Some(Message::Confirm),
                            ),
                            ui::big_button(
                                c,
                                format!("{} (Esc)", cx.t("order-for-edit")),
                                Kind::Secondary,
                                false,
                                Some(Message::Edit),
                            ),
                        ]
                        .spacing(gap)
                        .wrap(),
                    );
            }
            (Stage::Done, Some(_)) => {
                col = col
                    .push(ui::card(
                        c,
                        ui::heading(c, self.sentence.clone().unwrap_or_default()),
                    ))
                    .push(ui::big_button(
                        c,
                        format!(
                            "{} ⏎",
                            cx.t(if self.fixed.is_some() {
                                "order-for-more"
                            } else {
                                "order-for-again"
                            })
                        ),
                        Kind::Primary,
                        false,
                        Some(Message::Again),
                    ));
            }
        }
        col.into()
    }

    /// The list's main action, kept in view below it however long the list: 念给他听.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Option<Element<'a, Message>> {
        (self.stage == Stage::Fill && self.chosen.is_some()).then(|| {
            ui::big_button(
                cx.c,
                format!("{} ⏎", cx.t("order-for-read-back-button")),
                Kind::Primary,
                false,
                Some(Message::ReadBack),
            )
        })
    }

    /// "1  🍅 西红柿  ¥3.80/斤 · 还剩 12 · 每人最多 5   [－] [ 2 ] [＋]".
    fn line_view<'a>(&'a self, cx: Cx<'a>, i: usize, l: &'a Line) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let d = &l.form.deal;
        let about = cx.tq(
            "order-for-line-about",
            ("left", i64::from(l.left)),
            &d.unit,
            &[
                ("price", cx.c.i18n.money(d.price)),
                ("limit", d.per_member_limit.to_string()),
            ],
        );
        let field = ui::field(c, "", &self.qty[i], move |s| Message::Qty(i, s))
            .id(field_id(i))
            .on_submit(Message::Next(i))
            .size(c.scale.heading())
            .width(Length::Fixed(c.scale.heading() * 3.5));
        let line = row![
            super::key_chip(c, &l.form.number.to_string()),
            column![
                ui::heading(
                    c,
                    format!("{} {}", l.form.product.emoji, l.form.product.name)
                ),
                ui::note(c, about)
            ]
            .width(Length::Fill),
            ui::key_button(c, ui::icon::LESS.to_string(), Message::Step(i, -1)),
            field,
            ui::key_button(c, ui::icon::MORE.to_string(), Message::Step(i, 1)),
        ]
        .spacing(gap)
        .align_y(Alignment::Center);
        ui::choice_card(
            c,
            line,
            i == self.cursor,
            Message::Qty(i, self.qty[i].clone()),
        )
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn quantities_take_digits_only() {
        let q = |s: &str| super::super::digits(s, 3);
        assert_eq!(q("2"), "2");
        assert_eq!(q("１２斤"), "12");
        assert_eq!(q("abc"), "");
        assert_eq!(q("12345"), "123");
    }
}
