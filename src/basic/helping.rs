//! 邻居求助 (青银协作): the neighbours' help requests not yet done, each with her name, what
//! she needs help with, her note and how long ago. A volunteer (and the organiser) claims
//! one with 我去帮 and says 帮好了 when done — her own claimed ones first, then the open
//! ones, then those others claimed, each oldest first; this list is a
//! volunteer's home, with the way to the deals, her orders, notices and settings above it.
//! An elderly coordinator (老年协调员) reaches the same list from her home ([`entry`]) to
//! follow up with neighbours she knows: read-only (the hub lets only volunteers and the
//! organiser claim), and with the suggestions not yet adopted below it.

use super::{Action, Screen, View};
use crate::i18n::{I18n, Lang};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::ViewModel;
use chrono::Local;
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::model::{HelpRequestId, HelpState, MemberId, SuggestionTopic};
use linli_core::store::community::{HelpLine, SuggestionLine};

/// What happens on the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// 我去帮
    Claim(HelpRequestId),
    /// 帮好了
    Finish(HelpRequestId),
    /// 帮她下单: 代下单 for the neighbour of a request she claimed (D).
    OrderFor(MemberId),
}

pub fn update(m: Message) -> Action {
    match m {
        Message::Claim(request) => Action::StepHelp {
            request,
            finish: false,
        },
        Message::Finish(request) => Action::StepHelp {
            request,
            finish: true,
        },
        // Taken by the screen's owner (it opens the 代下单 screen).
        Message::OrderFor(_) => Action::None,
    }
}

/// The requests in the order shown: hers (claimed by her) first, then the open ones, then
/// those another volunteer claimed, each oldest first.
pub fn ordered<'a>(v: &View<'a>) -> Vec<&'a HelpLine> {
    let vm: &'a ViewModel = v.vm;
    let me = vm.helping.me;
    let mine = |l: &HelpLine| matches!(l.request.state, HelpState::Claimed(h) if Some(h) == me);
    let mut out: Vec<&HelpLine> = vm.helping.lines.iter().filter(|l| mine(l)).collect();
    out.extend(vm.helping.lines.iter().filter(|l| !mine(l)));
    out
}

/// What the nth request's button does, if she may do anything with it.
fn button_of(v: &View, l: &HelpLine) -> Option<(&'static str, Message)> {
    if !v.vm.helping.can_claim {
        return None;
    }
    match l.request.state {
        HelpState::Open => Some(("helping-claim", Message::Claim(l.request.id))),
        HelpState::Claimed(h) if Some(h) == v.vm.helping.me => {
            Some(("helping-finish", Message::Finish(l.request.id)))
        }
        _ => None,
    }
}

/// "李奶奶要帮忙：下单".
fn line_words(i: &I18n, l: &HelpLine) -> String {
    i.ta(
        "helping-line",
        &[
            ("name", l.member.clone()),
            ("kind", super::help::kind_words(i, l.request.kind)),
        ],
    )
}

/// How long ago she asked: 刚才, 20 分钟前, 3 小时前 (today), then 昨天, 前天, 5天前.
fn ago(v: &View, l: &HelpLine) -> String {
    let then = l.request.created_at.with_timezone(&Local).naive_local();
    let minutes = (v.now - then).num_minutes();
    let i = v.i18n;
    if minutes < 1 {
        i.t("helping-ago-now")
    } else if minutes < 60 {
        i.tn("helping-ago-minutes", ("count", minutes), &[])
    } else if then.date() >= v.now.date() {
        i.tn("helping-ago-hours", ("count", minutes / 60), &[])
    } else {
        i.days_ago(then.date(), v.now.date())
    }
}

/// Who is on it: nobody yet, she herself, or another volunteer.
fn state_words(v: &View, l: &HelpLine) -> String {
    let i = v.i18n;
    match l.request.state {
        HelpState::Open => i.t("helping-state-open"),
        HelpState::Claimed(h) if Some(h) == v.vm.helping.me => i.t("helping-state-mine"),
        HelpState::Claimed(_) | HelpState::Done(_) => i.ta(
            "helping-state-claimed",
            &[(
                "name",
                l.helper
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| i.t("help-a-volunteer")),
            )],
        ),
    }
}

fn note_words(i: &I18n, l: &HelpLine) -> Option<String> {
    let n = l.request.note.trim();
    (!n.is_empty()).then(|| i.ta("helping-note", &[("note", n.into())]))
}

fn topic_words(i: &I18n, t: SuggestionTopic) -> String {
    i.t(match t {
        SuggestionTopic::PickupTime => "helping-topic-pickup-time",
        SuggestionTopic::Products => "helping-topic-products",
        SuggestionTopic::LessWaste => "helping-topic-less-waste",
        SuggestionTopic::Other => "helping-topic-other",
    })
}

fn suggestion_words(i: &I18n, s: &SuggestionLine) -> String {
    i.ta(
        "helping-suggestion",
        &[
            ("name", s.author.clone()),
            ("topic", topic_words(i, s.suggestion.topic)),
            ("body", s.suggestion.body.trim().into()),
        ],
    )
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let h = &v.vm.helping;
    let mut col = column![].spacing(c.scale.gap());
    if !h.can_claim {
        col = col.push(ui::body(c, c.t("helping-coordinator-note")));
    }
    let lines = ordered(&v);
    if lines.is_empty() {
        col = col.push(ui::body(c, c.t("helping-empty")));
    }
    for (n, l) in lines.iter().enumerate() {
        let mut info = column![ui::heading(c, line_words(v.i18n, l))].spacing(4);
        if let Some(note) = note_words(v.i18n, l) {
            info = info.push(ui::body(c, note));
        }
        info = info.push(ui::note(
            c,
            format!("{} · {}", ago(&v, l), state_words(&v, l)),
        ));
        let mut card = row![ui::huge(c, (n + 1).to_string()), info.width(Length::Fill)]
            .spacing(c.scale.pad())
            .align_y(Alignment::Center);
        if let Some((id, m)) = button_of(&v, l) {
            let kind = if matches!(m, Message::Claim(_)) {
                Kind::Primary
            } else {
                Kind::Success
            };
            card = card.push(ui::big_button(
                c,
                ui::icon::numbered(n as u8 + 1, &c.t(id)),
                kind,
                false,
                Some(m),
            ));
        }
        if mine(&v, l) {
            card = card.push(ui::big_button(
                c,
                format!("{} (D)", c.t("helping-order-for")),
                Kind::Primary,
                false,
                Some(Message::OrderFor(l.request.member_id)),
            ));
        }
        col = col.push(ui::card(c, card));
    }
    if h.coordinator || !h.can_claim {
        col = col.push(ui::heading(c, c.t("helping-suggestions")));
        if h.suggestions.is_empty() {
            col = col.push(ui::body(c, c.t("helping-no-suggestions")));
        }
        for s in &h.suggestions {
            col = col.push(ui::card(c, ui::body(c, suggestion_words(v.i18n, s))));
        }
    }
    col.into()
}

/// Read aloud: each request with its number, what she needs, the note, how long ago and
/// who is on it, and what the number key does; then the suggestions for a coordinator.
pub fn script(v: View) -> Vec<String> {
    let i = v.i18n;
    let h = &v.vm.helping;
    let mut out = Vec::new();
    if !h.can_claim {
        out.push(i.t("helping-coordinator-note"));
    }
    let lines = ordered(&v);
    if lines.is_empty() {
        out.push(i.t("helping-empty"));
    }
    let stop = if i.lang() == Lang::EnUs { ". " } else { "。" };
    for (n, l) in lines.iter().enumerate() {
        let mut s = format!("{}. {}", n + 1, line_words(i, l));
        if let Some(note) = note_words(i, l) {
            s.push_str(if i.lang() == Lang::EnUs { ": " } else { "，" });
            s.push_str(&note);
        }
        s.push_str(stop);
        s.push_str(&ago(&v, l));
        s.push_str(if i.lang() == Lang::EnUs { ", " } else { "，" });
        s.push_str(&state_words(&v, l));
        s.push_str(stop);
        if let Some((id, _)) = button_of(&v, l) {
            s.push_str(&i.ta(
                "helping-press",
                &[("n", (n + 1).to_string()), ("what", i.t(id))],
            ));
        }
        out.push(s.trim_end().to_string());
    }
    if h.coordinator || !h.can_claim {
        out.push(i.t("helping-suggestions"));
        if h.suggestions.is_empty() {
            out.push(i.t("helping-no-suggestions"));
        }
        out.extend(h.suggestions.iter().map(|s| suggestion_words(i, s)));
    }
    out
}

/// Whether the request is one she claimed and has not finished (she may order for its
/// neighbour: [`linli_core::rules::orders::may_enter_for`]).
fn mine(v: &View, l: &HelpLine) -> bool {
    v.vm.helping.can_claim
        && matches!(l.request.state, HelpState::Claimed(h) if Some(h) == v.vm.helping.me)
}

/// 1–9 press the numbered request's button; D orders for the first one she claimed.
pub fn on_key(v: View, k: Key) -> Option<Message> {
    match k {
        Key::OrderFor => ordered(&v)
            .into_iter()
            .find(|l| mine(&v, l))
            .map(|l| Message::OrderFor(l.request.member_id)),
        Key::Number(n) => ordered(&v)
            .get(n - 1)
            .and_then(|l| button_of(&v, l))
            .map(|(_, m)| m),
        _ => None,
    }
}

/// A volunteer's home: the way to the deals, her orders, notices and settings.
pub fn nav<'a>(c: Ctx<'a>) -> Element<'a, super::Message> {
    let go =
        |id: &str, kind, to| ui::big_button(c, c.t(id), kind, false, Some(super::Message::Go(to)));
    row![
        go("helping-deals", Kind::Primary, Screen::Deals),
        go("orders-title", Kind::Primary, Screen::Orders),
        go("notices-title", Kind::Primary, Screen::Notices),
        go("settings", Kind::Secondary, Screen::Settings),
    ]
    .spacing(c.scale.gap())
    .wrap()
    .into()
}

/// On a coordinator's home (the deals): the way to 邻居求助, with how many are waiting.
pub fn entry<'a>(v: View<'a>, c: Ctx<'a>) -> Option<Element<'a, super::Message>> {
    let h = &v.vm.helping;
    if v.b.screen != Screen::Deals || !h.follows_up || v.b.is_helper_home() {
        return None;
    }
    let waiting = h
        .lines
        .iter()
        .filter(|l| l.request.state == HelpState::Open)
        .count();
    Some(
        row![
            ui::big_button(
                c,
                c.t("helping-title"),
                Kind::Primary,
                false,
                Some(super::Message::Go(Screen::Helping))
            ),
            ui::body(
                c,
                v.i18n.tn("helping-waiting", ("count", waiting as i64), &[])
            ),
        ]
        .spacing(c.scale.gap())
        .align_y(Alignment::Center)
        .into(),
    )
}

/// News for a volunteer or coordinator: a neighbour asked for help since the last read.
pub fn news(i: &I18n, before: &ViewModel, after: &ViewModel) -> Vec<String> {
    if !before.helping.loaded || !before.helping.follows_up || !after.helping.follows_up {
        return Vec::new();
    }
    after
        .helping
        .lines
        .iter()
        .filter(|l| l.request.state == HelpState::Open)
        .filter(|l| Some(l.request.member_id) != after.helping.me)
        .filter(|l| {
            !before
                .helping
                .lines
                .iter()
                .any(|b| b.request.id == l.request.id)
        })
        .map(|l| {
            i.ta(
                "helping-new-news",
                &[
                    ("name", l.member.clone()),
                    ("kind", super::help::kind_words(i, l.request.kind)),
                ],
            )
        })
        .collect()
}
