//! Notices (通知): she writes a title and a text for the whole group; members' apps show it
//! and read it aloud when it arrives. Below, the group's past notices, newest first
//! (hers, and the "goods arrived" ones her arrival page posted).

use super::{Action, Cx};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{NaiveDateTime, Utc};
use iced::Element;
use iced::widget::column;
use linli_core::command::Command;
use linli_core::model::{Notice, NoticeId};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// How many past notices the page lists.
const PAST: u32 = 30;
/// The longest title and text (the hub refuses longer: its MAX_TEXT).
const MAX_TITLE: usize = 60;
const MAX_BODY: usize = 2000;

#[derive(Debug, Default)]
pub struct Notices {
    pub past: Vec<Notice>,
    pub title: String,
    pub body: String,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Title(String),
    Body(String),
    Post,
}

impl Notices {
    pub fn load(&mut self, store: &Store, me: &Identity, _now: NaiveDateTime) -> Result<()> {
        self.past = store.notices(me.group_id, PAST)?;
        Ok(())
    }

    pub fn update(&mut self, m: Message, cx: &Cx, _store: &Store, me: &Identity) -> Action {
        match m {
            Message::Title(s) => self.title = s,
            Message::Body(s) => self.body = s,
            Message::Post => {
                let title = self.title.trim();
                let body = self.body.trim();
                self.problem = if title.is_empty() {
                    Some(cx.t("org-notice-need-title"))
                } else if title.chars().count() > MAX_TITLE || body.chars().count() > MAX_BODY {
                    Some(cx.ta(
                        "org-notice-too-long",
                        &[
                            ("title", MAX_TITLE.to_string()),
                            ("body", MAX_BODY.to_string()),
                        ],
                    ))
                } else {
                    None
                };
                if self.problem.is_some() {
                    return Action::None;
                }
                let notice = Notice {
                    id: NoticeId::new(),
                    group_id: me.group_id,
                    author_id: me.member_id,
                    title: title.to_string(),
                    body: body.to_string(),
                    created_at: Utc::now(),
                };
                let words = cx.ta("org-notice-posted", &[("title", notice.title.clone())]);
                self.title.clear();
                self.body.clear();
                return Action::Send(vec![Command::PostNotice { notice }], words);
            }
        }
        Action::None
    }

    fn words(n: &Notice, cx: &Cx) -> String {
        let day = cx.c.i18n.day(n.created_at.date_naive(), cx.now.date());
        if n.body.is_empty() {
            format!("{day} {}", n.title)
        } else {
            cx.ta(
                "org-notice-line",
                &[
                    ("day", day),
                    ("title", n.title.clone()),
                    ("body", n.body.clone()),
                ],
            )
        }
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let form = column![
            ui::heading(c, cx.t("org-notice-new")),
            ui::field(
                c,
                &cx.t("org-notice-title-hint"),
                &self.title,
                Message::Title
            ),
            ui::field(c, &cx.t("org-notice-body-hint"), &self.body, Message::Body)
                .on_submit(Message::Post),
        ]
        .spacing(c.scale.gap());
        // Send (and what is missing) is in the bar below the page.
        let mut col = column![ui::card(c, form), ui::heading(c, cx.t("org-notice-past"))]
            .spacing(c.scale.gap());
        if self.past.is_empty() {
            col = col.push(ui::body(c, cx.t("org-notice-none")));
        }
        for n in &self.past {
            col = col.push(ui::body(c, Self::words(n, &cx)));
        }
        col.into()
    }

    /// Send the notice, fixed below the page, with the room for what is missing beside it.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        super::action_row(
            c,
            vec![ui::big_button(
                c,
                format!("{} ⏎", cx.t("org-notice-post")),
                Kind::Primary,
                false,
                Some(Message::Post),
            )],
            self.problem.as_deref(),
        )
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.tn("org-notice-summary", ("count", self.past.len() as i64), &[])];
        lines.extend(self.problem.clone());
        lines.extend(self.past.iter().take(3).map(|n| Self::words(n, cx)));
        lines
    }

    /// Enter posts (Tab moves from the title to the text).
    pub fn on_key(&self, k: Key) -> Option<Message> {
        (k == Key::Enter).then_some(Message::Post)
    }
}
