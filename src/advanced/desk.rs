//! The pickup desk (核销): one big field for the 6-digit code (keyboard digits, full-width
//! accepted, an on-screen keypad with large keys); the member's name and every item waiting
//! for that code in very large text, read aloud; Hand over sends it to the hub, which checks
//! the code again, so a wrong code can never hand over someone else's goods. A lost code:
//! find her by name. Below, today's still-unclaimed list with a reminder notice. Pickup
//! slips (取货条) for neighbours without a computer print from here: the day's, or the
//! one of the neighbour found.

use super::{Action, Cx};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::{Notice, NoticeId};
use linli_core::rules::pickup::CodeError;
use linli_core::store::organiser::DeskEntry;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, StoreError};

#[derive(Debug, Default)]
pub struct Desk {
    /// Days from today: 0 today (the pickup day, usually), 1 tomorrow (goods came early).
    pub offset: i64,
    pub day: Option<NaiveDate>,
    /// What she typed or pressed on the keypad.
    pub code: String,
    /// The member the code belongs to, with what waits for her.
    pub found: Option<DeskEntry>,
    /// Why the code was not accepted, in words.
    pub problem: Option<String>,
    /// The technical words under the problem, for a family member (when this computer
    /// went wrong rather than the code).
    pub detail: Option<String>,
    /// The name search, when the code is lost.
    pub name: String,
    /// Everyone with goods still waiting today.
    pub waiting: Vec<DeskEntry>,
    /// Every member's balance, to say what to collect from one who owes.
    pub balances: std::collections::HashMap<linli_core::model::MemberId, linli_core::Fen>,
    /// How many neighbours have a pickup slip that day (goods confirmed or ready).
    pub slips: usize,
}

#[derive(Debug, Clone)]
pub enum Message {
    Day(i64),
    Code(String),
    Digit(char),
    Erase,
    Check,
    HandOver,
    Name(String),
    Pick(usize),
    Remind,
    /// Print the day's pickup slips, everyone's or only this member's.
    PrintSlips(Option<linli_core::model::MemberId>),
}

impl Desk {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        let day = now.date() + chrono::Duration::days(self.offset);
        self.day = Some(day);
        // One read of the day's sheet: who waits at the desk, and who has a slip.
        let sheet = store.day_sheet(me.group_id, day)?;
        self.waiting = store.waiting_in(&sheet)?;
        self.slips = sheet.to_collect().len();
        self.balances = store
            .balances(me.group_id)?
            .into_iter()
            .map(|b| (b.member.id, b.balance))
            .collect();
        // Someone already handed over (here or on another desk) is no longer "found".
        if let Some(f) = &self.found
            && !self.waiting.iter().any(|w| w.member.id == f.member.id)
        {
            self.found = None;
        }
        Ok(())
    }

    fn items(cx: &Cx, e: &DeskEntry) -> Vec<String> {
        e.ready
            .iter()
            .map(|l| {
                cx.tq(
                    "org-desk-item",
                    ("qty", i64::from(l.allocated)),
                    &l.unit,
                    &[("name", l.product_name.clone())],
                )
            })
            .collect()
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, me: &Identity) -> Action {
        let day = self.day.unwrap_or(cx.now.date());
        match m {
            Message::Day(d) => {
                self.offset = d;
                self.found = None;
                self.problem = None;
                self.code.clear();
                return Action::Reload;
            }
            Message::Code(s) => {
                self.code = super::digits(&s, 6);
                self.problem = None;
                if self.code.len() == 6 {
                    return self.update(Message::Check, cx, store, me);
                }
            }
            Message::Digit(d) => {
                // After a whole code was checked, the next digit starts a new one.
                if self.code.len() >= 6 {
                    self.code.clear();
                    self.found = None;
                }
                self.code.push(d);
                self.problem = None;
                if self.code.len() == 6 {
                    return self.update(Message::Check, cx, store, me);
                }
            }
            Message::Erase => {
                self.code.pop();
                self.found = None;
                self.problem = None;
            }
            Message::Check => {
                self.found = None;
                self.detail = None;
                let words = match store.verify_pickup(me.group_id, day, &self.code) {
                    Ok((member, _)) => match self.waiting.iter().find(|w| w.member.id == member) {
                        Some(e) => {
                            self.found = Some(e.clone());
                            self.problem = None;
                            return Action::Say(self.found_script(cx));
                        }
                        None => cx.t("org-desk-nothing"),
                    },
                    Err(StoreError::Code(CodeError::Malformed)) => cx.t("org-desk-six"),
                    Err(StoreError::Code(_)) => {
                        cx.ta("org-desk-wrong", &[("code", self.code.clone())])
                    }
                    Err(e) => {
                        let (words, detail) = super::store_words(cx, &e);
                        self.detail = detail;
                        words
                    }
                };
                self.problem = Some(words.clone());
                return Action::Say(vec![words]);
            }
            Message::HandOver => {
                if let Some(f) = self.found.take() {
                    let words = cx.ta(
                        "org-desk-handed",
                        &[
                            ("member", f.member.display_name.clone()),
                            ("items", Self::items(cx, &f).join(&cx.t("org-items-sep"))),
                        ],
                    );
                    let code = f.code.clone().unwrap_or_else(|| self.code.clone());
                    self.code.clear();
                    self.name.clear();
                    self.waiting.retain(|w| w.member.id != f.member.id);
                    return Action::Send(
                        vec![Command::HandOver {
                            pickup_day: day,
                            code,
                        }],
                        words,
                    );
                }
            }
            Message::Name(s) => self.name = s,
            Message::Pick(i) => {
                if let Some(e) = self.matches().get(i).map(|e| (*e).clone()) {
                    self.code = e.code.clone().unwrap_or_default();
                    self.found = Some(e);
                    self.problem = None;
                    return Action::Say(self.found_script(cx));
                }
            }
            Message::PrintSlips(member) => {
                return Action::Print(super::PrintJob::Slips { day, member });
            }
            Message::Remind => {
                if self.waiting.is_empty() {
                    return Action::None;
                }
                let notice = Notice {
                    id: NoticeId::new(),
                    group_id: me.group_id,
                    author_id: me.member_id,
                    title: cx.t("org-remind-title"),
                    body: cx.t("org-remind-body"),
                    created_at: Utc::now(),
                };
                return Action::Send(
                    vec![Command::PostNotice { notice }],
                    cx.tn("org-remind-sent", ("count", self.waiting.len() as i64), &[]),
                );
            }
        }
        Action::None
    }

    /// Members whose name or its pinyin matches what she typed ("lnn" → 李奶奶), by name.
    fn matches(&self) -> Vec<&DeskEntry> {
        if self.name.trim().is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&DeskEntry> = self
            .waiting
            .iter()
            .filter(|w| super::find::name_matches(&w.member.display_name, &self.name))
            .collect();
        found.sort_by_cached_key(|w| super::find::sort_key(&w.member.display_name));
        found
    }

    /// "取货时请收 ¥46.00" when she owes money (nothing when she doesn't).
    fn collect(&self, cx: &Cx, e: &DeskEntry) -> Option<String> {
        let b = self.balances.get(&e.member.id).copied()?;
        super::members::collect_words(b, cx)
    }

    fn found_script(&self, cx: &Cx) -> Vec<String> {
        match &self.found {
            Some(f) => std::iter::once(cx.ta(
                "org-desk-found",
                &[
                    ("member", f.member.display_name.clone()),
                    ("items", Self::items(cx, f).join(&cx.t("org-items-sep"))),
                ],
            ))
            .chain(self.collect(cx, f))
            .collect(),
            None => vec![],
        }
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let field = ui::field(c, "000000", &self.code, Message::Code)
            .on_submit(Message::Check)
            .size(c.scale.huge())
            .width(Length::Fixed(c.scale.huge() * 5.0));
        let key = |d: char| ui::key_button(c, d.to_string(), Message::Digit(d));
        let mut pad = column![].spacing(c.scale.gap() / 2.0);
        for r in [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9']] {
            pad = pad.push(row(r.map(&key)).spacing(c.scale.gap() / 2.0));
        }
        pad = pad.push(
            row![
                ui::key_button(
                    c,
                    ui::icon::with(ui::icon::BACK, &cx.t("org-desk-erase")),
                    Message::Erase
                ),
                key('0'),
            ]
            .spacing(c.scale.gap() / 2.0),
        );
        // Check beside the code, so it is in view above the keypad.
        let today = cx.now.date();
        let days = [0i64, 1].map(|off| {
            ui::chip(
                c,
                cx.c.i18n.day(today + chrono::Duration::days(off), today),
                self.offset == off,
                Message::Day(off),
            )
        });
        // The day beside the code's label: one row less above the code.
        let left = column![
            row![
                ui::body(c, cx.t("org-desk-code")),
                row(days).spacing(c.scale.gap() / 2.0)
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center)
            .wrap(),
            row![
                field,
                ui::big_button(
                    c,
                    format!("{} ⏎", cx.t("org-desk-check")),
                    Kind::Primary,
                    false,
                    (self.code.len() == 6).then_some(Message::Check)
                ),
            ]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center),
            pad,
        ]
        .spacing(c.scale.gap());
        // The day's slips first, where the right side is free until a code is checked.
        let mut right = column![ui::big_button(
            c,
            cx.t("org-print-slips"),
            Kind::Secondary,
            false,
            (self.slips > 0).then_some(Message::PrintSlips(None)),
        )]
        .spacing(c.scale.gap())
        .width(Length::Fill);
        if let Some(p) = &self.problem {
            right = right.push(ui::news(
                c,
                super::failure(c, ui::heading(c, p.as_str()), self.detail.as_deref()),
            ));
        }
        if let Some(f) = &self.found {
            // Her name with Hand over beside it, then the money to collect and her goods
            // (however many lines they take, the button stays in view).
            let mut items = column![
                row![
                    container(ui::huge(c, f.member.display_name.as_str())).width(Length::Fill),
                    ui::big_button(
                        c,
                        format!("{} ⏎", cx.t("org-desk-hand-over")),
                        Kind::Success,
                        true,
                        Some(Message::HandOver),
                    ),
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center)
            ]
            .spacing(8);
            if let Some(w) = self.collect(&cx, f) {
                items = items.push(ui::heading(c, w));
            }
            for line in Self::items(&cx, f) {
                items = items.push(ui::heading(c, line));
            }
            items = items.push(ui::big_button(
                c,
                cx.ta(
                    "org-print-slip-of",
                    &[("name", f.member.display_name.clone())],
                ),
                Kind::Secondary,
                false,
                Some(Message::PrintSlips(Some(f.member.id))),
            ));
            right = right.push(ui::card(c, items));
        }
        let mut col = column![row![left, right].spacing(c.scale.pad())].spacing(c.scale.pad());
        // Lost code: find by name.
        col = col.push(ui::body(c, cx.t("org-desk-by-name"))).push(
            ui::field(c, &cx.t("org-desk-name-hint"), &self.name, Message::Name)
                .width(Length::Fill),
        );
        for (i, e) in self.matches().into_iter().enumerate().take(9) {
            col = col.push(ui::choice_card(
                c,
                ui::body(
                    c,
                    format!(
                        "{}  {} · {}",
                        e.member.display_name,
                        e.code.as_deref().unwrap_or(""),
                        Self::items(&cx, e).join(&cx.t("org-items-sep"))
                    ),
                ),
                false,
                Message::Pick(i),
            ));
        }
        col = col.push(ui::heading(
            c,
            cx.tn(
                "org-desk-waiting",
                ("count", self.waiting.len() as i64),
                &[(
                    "day",
                    cx.c.i18n
                        .day(self.day.unwrap_or(cx.now.date()), cx.now.date()),
                )],
            ),
        ));
        for e in &self.waiting {
            col = col.push(
                container(ui::body(
                    c,
                    format!(
                        "{} · {}",
                        e.member.display_name,
                        Self::items(&cx, e).join(&cx.t("org-items-sep"))
                    ),
                ))
                .width(Length::Fill),
            );
        }
        if !self.waiting.is_empty() {
            col = col.push(ui::big_button(
                c,
                cx.t("org-remind"),
                Kind::Secondary,
                false,
                Some(Message::Remind),
            ));
        }
        col.align_x(Alignment::Start).into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.tn(
            "org-desk-summary",
            ("count", self.waiting.len() as i64),
            &[],
        )];
        if let Some(p) = &self.problem {
            lines.push(p.clone());
        }
        lines.extend(self.found_script(cx));
        lines
    }

    /// Digits type the code, Enter checks it (or hands over once found), Backspace erases.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n) => char::from_digit(n as u32, 10).map(Message::Digit),
            Key::Zero => Some(Message::Digit('0')),
            Key::Enter if self.found.is_some() => Some(Message::HandOver),
            Key::Enter => Some(Message::Check),
            _ => None,
        }
    }
}
