//! Complaints (售后): what members said was wrong with an order, oldest first, each with
//! what was paid for it. She answers once: a refund (never more than is still refundable:
//! linli-core's rule, checked again by the hub) with a few words, or words only. The
//! member's app shows and reads the answer.

use super::{Action, Cx, parse_money, typed_money};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::NaiveDateTime;
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::{ComplaintId, ComplaintKind};
use linli_core::store::complaints::ComplaintLine;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// The Fluent id of what the member said was wrong (the same words in both faces).
pub fn kind_id(k: ComplaintKind) -> &'static str {
    match k {
        ComplaintKind::Broken => "org-complaint-kind-broken",
        ComplaintKind::Missing => "org-complaint-kind-missing",
        ComplaintKind::NotFresh => "org-complaint-kind-not-fresh",
        ComplaintKind::Other => "org-complaint-kind-other",
    }
}

#[derive(Debug, Default)]
pub struct Complaints {
    pub open: Vec<ComplaintLine>,
    pub chosen: Option<ComplaintId>,
    /// The refund as typed (empty: no refund).
    pub refund: String,
    pub reply: String,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Choose(ComplaintId),
    Refund(String),
    /// Fill the refund with all that is still refundable.
    RefundAll,
    Reply(String),
    /// Send the answer (a refund if one is typed, and the reply).
    Answer,
    /// Enter: sends a reply without money; with a refund typed it sends nothing and says
    /// that a refund takes its own button.
    Enter,
}

impl Complaints {
    pub fn load(&mut self, store: &Store, me: &Identity, _now: NaiveDateTime) -> Result<()> {
        self.open = store.open_complaints(me.group_id)?;
        // The oldest has waited longest: it is open to answer unless she chose another.
        if !self
            .chosen
            .is_some_and(|id| self.open.iter().any(|v| v.complaint.id == id))
        {
            self.chosen = self.open.first().map(|v| v.complaint.id);
            self.refund.clear();
            self.reply.clear();
        }
        Ok(())
    }

    fn chosen(&self) -> Option<&ComplaintLine> {
        self.open
            .iter()
            .find(|v| Some(v.complaint.id) == self.chosen)
    }

    pub fn update(&mut self, m: Message, cx: &Cx, _store: &Store, _me: &Identity) -> Action {
        match m {
            Message::Choose(id) => {
                self.chosen = Some(id);
                self.refund.clear();
                self.reply.clear();
                self.problem = None;
            }
            Message::Refund(s) => self.refund = s,
            Message::RefundAll => {
                if let Some(v) = self.chosen() {
                    self.refund = typed_money(v.refundable);
                }
            }
            Message::Reply(s) => self.reply = s,
            Message::Answer => return self.answer(cx),
            Message::Enter if self.refund.trim().is_empty() => return self.answer(cx),
            Message::Enter => self.problem = Some(cx.t("org-complaint-refund-click")),
        }
        Action::None
    }

    /// Checks the answer in plain words before anything is sent: a refund must be a sum of
    /// money no larger than what is refundable; words-only needs words.
    fn answer(&mut self, cx: &Cx) -> Action {
        let Some(v) = self.chosen().cloned() else {
            return Action::None;
        };
        let reply = self.reply.trim().to_string();
        let refund = if self.refund.trim().is_empty() {
            None
        } else {
            match parse_money(&self.refund) {
                Some(f) if f.0 > 0 && f <= v.refundable => Some(f),
                Some(f) if f > v.refundable => {
                    self.problem = Some(cx.ta(
                        "org-complaint-too-much",
                        &[("most", cx.c.i18n.money(v.refundable))],
                    ));
                    return Action::None;
                }
                _ => {
                    self.problem = Some(cx.t("org-complaint-bad-money"));
                    return Action::None;
                }
            }
        };
        if refund.is_none() && reply.is_empty() {
            self.problem = Some(cx.t("org-complaint-need-words"));
            return Action::None;
        }
        let words = match refund {
            Some(f) => cx.ta(
                "org-complaint-refunded",
                &[
                    ("member", v.member_name.clone()),
                    ("amount", cx.c.i18n.money(f)),
                ],
            ),
            None => cx.ta(
                "org-complaint-replied",
                &[("member", v.member_name.clone())],
            ),
        };
        self.chosen = None;
        self.refund.clear();
        self.reply.clear();
        self.problem = None;
        Action::Send(
            vec![Command::AnswerComplaint {
                complaint_id: v.complaint.id,
                refund,
                note: reply,
            }],
            words,
        )
    }

    /// "李奶奶：🍅 西红柿 3 斤（11月25日取）——坏了：烂了两个。付了 ¥11.40。"
    pub fn words(v: &ComplaintLine, cx: &Cx) -> String {
        let mut w = cx.tq(
            "org-complaint-line",
            ("qty", i64::from(v.units)),
            &v.unit,
            &[
                ("member", v.member_name.clone()),
                ("name", format!("{} {}", v.emoji, v.product_name)),
                ("day", cx.c.i18n.day(v.pickup_day, cx.now.date())),
                ("kind", cx.t(kind_id(v.complaint.kind))),
                ("paid", cx.c.i18n.money(v.charged)),
            ],
        );
        if !v.complaint.text.is_empty() {
            w.push_str(&cx.ta("org-complaint-note", &[("note", v.complaint.text.clone())]));
        }
        w
    }

    fn summary(&self, cx: &Cx) -> String {
        if self.open.is_empty() {
            cx.t("org-complaint-none")
        } else {
            cx.tn(
                "org-complaint-summary",
                ("count", self.open.len() as i64),
                &[],
            )
        }
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![ui::body(c, self.summary(&cx))].spacing(c.scale.gap());
        for (i, v) in self.open.iter().enumerate() {
            col = col.push(ui::choice_card(
                c,
                ui::body(c, format!("{}  {}", i + 1, Self::words(v, &cx))),
                Some(v.complaint.id) == self.chosen,
                Message::Choose(v.complaint.id),
            ));
            if Some(v.complaint.id) != self.chosen {
                continue;
            }
            let form = column![
                row![
                    ui::body(c, cx.t("org-complaint-refund")),
                    ui::field(c, "0.00", &self.refund, Message::Refund)
                        .width(Length::Fixed(c.scale.body() * 6.0)),
                    ui::big_button(
                        c,
                        cx.ta(
                            "org-complaint-refund-all",
                            &[("amount", cx.c.i18n.money(v.refundable))]
                        ),
                        Kind::Secondary,
                        false,
                        Some(Message::RefundAll)
                    ),
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center),
                ui::field(
                    c,
                    &cx.t("org-complaint-reply-hint"),
                    &self.reply,
                    Message::Reply
                )
                .on_submit(Message::Enter),
            ]
            .spacing(c.scale.gap());
            col = col.push(ui::card(c, form));
        }
        col.into()
    }

    /// Answer the chosen complaint, fixed below the page (the complaints above it may be
    /// long), with the room for what is wrong beside it. Money goes back only by a click on
    /// the button that says so; Enter answers with words alone.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Option<Element<'a, Message>> {
        let c = cx.c;
        self.chosen()?;
        let send = if self.refund.trim().is_empty() {
            format!("{} ⏎", cx.t("org-complaint-send"))
        } else {
            cx.t("org-complaint-send-refund")
        };
        Some(super::action_row(
            c,
            vec![ui::big_button(
                c,
                send,
                Kind::Primary,
                false,
                Some(Message::Answer),
            )],
            self.problem.as_deref(),
        ))
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![self.summary(cx)];
        lines.extend(self.problem.clone());
        lines.extend(self.open.iter().map(|v| Self::words(v, cx)));
        lines
    }

    /// 1–9 choose a complaint, Enter sends an answer in words (never a refund).
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n) => self
                .open
                .get(n.wrapping_sub(1))
                .map(|v| Message::Choose(v.complaint.id)),
            Key::Enter if self.chosen.is_some() => Some(Message::Enter),
            _ => None,
        }
    }
}
