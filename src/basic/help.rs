//! Help: she says what she needs help with (不会用, 下单, 取货, 其他; keys 1–4), may add a
//! note, and sends it to the group's volunteers with one big button; then she sees where
//! her request stands (waiting, "小张会来帮您", "小张帮您弄好了"), and hears the news when
//! a volunteer claims it and when it is done ([`news`]). Below it, ways to learn: the
//! practice group (练一练) and the large-print guide to print.

use super::{Message, Page, View};
use crate::ui::{self, Ctx, Kind};
use iced::Element;
use iced::widget::{column, row};

pub fn view<'a>(v: View<'a>, c: Ctx<'a>, sent: bool) -> Page<'a> {
    let (ask, send) = ask::view(v, c, sent);
    let body = column![ask, learn(c)].spacing(c.scale.pad());
    match send {
        Some(s) => Page::with(body, s),
        None => Page::body(body),
    }
}

/// "练一练": opens a fresh practice group (here and on the first-run screen).
pub fn practise_button<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    ui::big_button(
        c,
        c.t("practice-start"),
        Kind::Secondary,
        false,
        Some(Message::Practise),
    )
}

/// Ways to learn: the practice group and the large-print guide.
fn learn<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    column![
        ui::note(c, c.t("practice-note")),
        row![
            practise_button(c),
            ui::big_button(
                c,
                c.t("guide-print"),
                Kind::Secondary,
                false,
                Some(Message::PrintGuide)
            ),
        ]
        .spacing(c.scale.gap())
        .wrap(),
    ]
    .spacing(c.scale.gap())
    .into()
}

pub fn script(v: View, sent: bool) -> Vec<String> {
    ask::script(v, sent)
}

// --- Volunteers and help: asking, with a kind and a note, and where her request stands ---

pub use ask::{Form, FormMessage, can_ask, kind_words, news, on_key};

mod ask {
    use super::super::{Message, View};
    use crate::ui::keys::Key;
    use crate::ui::{self, Ctx, Kind};
    use crate::view_model::ViewModel;
    use chrono::Local;
    use iced::Element;
    use iced::widget::{column, row};
    use linli_core::model::{HelpKind, HelpState};
    use linli_core::store::community::HelpLine;

    /// The request being written.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Form {
        pub kind: Option<HelpKind>,
        pub note: String,
    }

    /// What happens on the form.
    #[derive(Debug, Clone, PartialEq)]
    pub enum FormMessage {
        Kind(HelpKind),
        Note(String),
    }

    impl Form {
        pub fn update(&mut self, m: FormMessage) {
            match m {
                FormMessage::Kind(k) => self.kind = Some(k),
                FormMessage::Note(n) => self.note = n,
            }
        }
    }

    /// The kind in words: 不会用, 下单, 取货, 其他.
    pub fn kind_words(i: &crate::i18n::I18n, k: HelpKind) -> String {
        i.t(match k {
            HelpKind::Unfamiliar => "help-kind-unfamiliar",
            HelpKind::Ordering => "help-kind-ordering",
            HelpKind::Pickup => "help-kind-pickup",
            HelpKind::Other => "help-kind-other",
        })
    }

    /// The helper's name, or "a volunteer" when her name has not arrived yet.
    fn helper(i: &crate::i18n::I18n, l: &HelpLine) -> String {
        l.helper
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| i.t("help-a-volunteer"))
    }

    /// Where a request of hers stands, in words.
    fn state_words(i: &crate::i18n::I18n, l: &HelpLine) -> String {
        match l.request.state {
            HelpState::Open => i.t("help-sent"),
            HelpState::Claimed(_) => i.ta("help-claimed", &[("name", helper(i, l))]),
            HelpState::Done(_) => i.ta("help-done", &[("name", helper(i, l))]),
        }
    }

    /// Her request to show: the newest not yet done, or one done today.
    fn current<'a>(v: &View<'a>) -> Option<&'a HelpLine> {
        let vm: &'a ViewModel = v.vm;
        vm.my_help.iter().find(|l| match l.request.state {
            HelpState::Open | HelpState::Claimed(_) => true,
            HelpState::Done(_) => {
                l.request.updated_at.with_timezone(&Local).date_naive() == v.now.date()
            }
        })
    }

    /// Whether a request of hers is still waiting or being helped (no second one then).
    fn waiting(v: &View) -> bool {
        current(v).is_some_and(|l| !matches!(l.request.state, HelpState::Done(_)))
    }

    /// Whether she may send a request now (none of hers is still open).
    pub fn can_ask(v: View) -> bool {
        !waiting(&v)
    }

    /// What she asked for, for the status card: "下单：“不会下单”".
    fn asked_words(v: &View, l: &HelpLine) -> String {
        let kind = kind_words(v.i18n, l.request.kind);
        if l.request.note.trim().is_empty() {
            v.i18n.ta("help-you-asked", &[("kind", kind)])
        } else {
            v.i18n.ta(
                "help-you-asked-note",
                &[("kind", kind), ("note", l.request.note.trim().into())],
            )
        }
    }

    /// Her request's state or the form, and the send button for the action bar (none
    /// while a request waits).
    pub fn view<'a>(
        v: View<'a>,
        c: Ctx<'a>,
        _sent: bool,
    ) -> (Element<'a, Message>, Option<Element<'a, Message>>) {
        let mut col = column![].spacing(c.scale.pad());
        if let Some(l) = current(&v) {
            // Sent and done are ticked; "小张会来帮您" is on its way.
            let done = !matches!(l.request.state, HelpState::Claimed(_));
            let words = state_words(v.i18n, l);
            col = col.push(ui::card(
                c,
                column![
                    ui::heading(
                        c,
                        if done {
                            ui::icon::with(ui::icon::CHOSEN, &words)
                        } else {
                            words
                        }
                    ),
                    ui::body(c, asked_words(&v, l)),
                ]
                .spacing(c.scale.gap()),
            ));
        }
        if waiting(&v) {
            return (col.into(), None);
        }
        let f = &v.b.help;
        let kinds = linli_core::model::HelpKind::ALL
            .iter()
            .enumerate()
            .map(|(i, k)| {
                ui::chip(
                    c,
                    ui::icon::numbered(i as u8 + 1, &kind_words(v.i18n, *k)),
                    f.kind == Some(*k),
                    Message::HelpForm(FormMessage::Kind(*k)),
                )
            });
        let col = col
            .push(ui::heading(c, c.t("help-what")))
            .push(row(kinds).spacing(c.scale.gap()).wrap())
            .push(ui::field(c, &c.t("help-note-hint"), &f.note, |n| {
                Message::HelpForm(FormMessage::Note(n))
            }))
            .push(ui::body(c, c.t("help-body")));
        let send = ui::big_button(
            c,
            ui::icon::after(&c.t("help-send"), ui::icon::ENTER),
            Kind::Success,
            true,
            Some(Message::SendHelp),
        );
        (col.into(), Some(send))
    }

    /// Read aloud: where her request stands; else the question, the choices, her choice
    /// and note, and how to send.
    pub fn script(v: View, _sent: bool) -> Vec<String> {
        let i = v.i18n;
        let mut lines = Vec::new();
        if let Some(l) = current(&v) {
            lines.push(state_words(i, l));
            lines.push(asked_words(&v, l));
        }
        if waiting(&v) {
            return lines;
        }
        let sep = if i.lang() == crate::i18n::Lang::EnUs {
            ", "
        } else {
            "，"
        };
        let choices = linli_core::model::HelpKind::ALL
            .iter()
            .enumerate()
            .map(|(n, k)| format!("{} {}", n + 1, kind_words(i, *k)))
            .collect::<Vec<_>>()
            .join(sep);
        lines.push(i.t("help-what"));
        lines.push(choices);
        if let Some(k) = v.b.help.kind {
            lines.push(i.ta("help-chosen", &[("kind", kind_words(i, k))]));
        }
        if !v.b.help.note.trim().is_empty() {
            lines.push(v.b.help.note.trim().to_string());
        }
        lines.push(i.t("help-body"));
        lines
    }

    /// 1–4 choose the kind, Enter sends; nothing while a request is still open.
    pub fn on_key(v: View, k: Key) -> Option<Message> {
        if waiting(&v) {
            return None;
        }
        match k {
            Key::Number(n @ 1..=4) => Some(Message::HelpForm(FormMessage::Kind(
                linli_core::model::HelpKind::ALL[n - 1],
            ))),
            Key::Enter => Some(Message::SendHelp),
            _ => None,
        }
    }

    /// What changed for her requests between `before` and `after`: a volunteer is coming,
    /// or has helped.
    pub fn news(i: &crate::i18n::I18n, before: &ViewModel, after: &ViewModel) -> Vec<String> {
        after
            .my_help
            .iter()
            .filter_map(|l| {
                let b = before
                    .my_help
                    .iter()
                    .find(|b| b.request.id == l.request.id)?;
                if b.request.state == l.request.state {
                    return None;
                }
                match l.request.state {
                    HelpState::Claimed(_) | HelpState::Done(_) => Some(state_words(i, l)),
                    HelpState::Open => None,
                }
            })
            .collect()
    }
}
