//! Neighbours (邻里, F12): the suggestion box, the tips and the people who help, in three
//! parts. Ideas: members' suggestions, unanswered first (newest first), each answered once
//! or again until adopted (final): adopted, will consider or not now, with her reply, and for an adopted one the
//! open or upcoming deal it changed. Tips: those waiting for her approval (approve or take
//! back), those everyone sees (take back), and a tip she writes down for an expert (shown at
//! once). People: each member with two toggles, 达人 (may write tips) and 协调员 (follows up
//! help requests and suggestions).

use super::{Action, Cx};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{NaiveDateTime, Utc};
use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::store::community::{SuggestionLine, TipLine};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, rows};

/// The page's three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    Ideas,
    Tips,
    People,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Ideas, Part::Tips, Part::People];
    fn title_id(self) -> &'static str {
        match self {
            Part::Ideas => "org-nb-part-ideas",
            Part::Tips => "org-nb-part-tips",
            Part::People => "org-nb-part-people",
        }
    }
}

/// A deal an adopted suggestion may name: open, or formed and not yet collected.
#[derive(Debug, Clone, PartialEq)]
pub struct Linkable {
    pub deal: Deal,
    /// "🍅 西红柿".
    pub name: String,
}

#[derive(Debug, Default)]
pub struct Neighbours {
    pub part: Part,
    /// The group's members but her, who has left excepted.
    pub members: Vec<Member>,
    /// What she typed to find a neighbour (a part of the name or its pinyin).
    pub search: String,
    pub waiting: Vec<TipLine>,
    pub shown: Vec<TipLine>,
    /// Unanswered first, newest first; then the answered ones, newest first.
    pub ideas: Vec<SuggestionLine>,
    pub products: Vec<Product>,
    pub deals: Vec<Linkable>,
    /// The suggestion being answered, and the answer so far.
    pub chosen: Option<SuggestionId>,
    pub answer: Option<SuggestionState>,
    pub reply: String,
    pub deal: Option<DealId>,
    /// The tip she writes down for an expert.
    pub author: Option<MemberId>,
    pub product: Option<ProductId>,
    pub words: String,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Part(Part),
    /// Toggle 达人 / 协调员.
    Expert(MemberId),
    Coordinator(MemberId),
    /// Show a tip to everyone (true) or take it back (false).
    Review(TipId, bool),
    /// The expert whose tip she writes down.
    Author(MemberId),
    Product(ProductId),
    Words(String),
    Write,
    /// The suggestion to answer.
    Choose(SuggestionId),
    Answer(SuggestionState),
    Reply(String),
    /// The deal an adopted suggestion changed (pressed again: none).
    Deal(DealId),
    Send,
    /// Find a neighbour by name or pinyin (the People part).
    Search(String),
}

pub fn topic_id(t: SuggestionTopic) -> &'static str {
    match t {
        SuggestionTopic::PickupTime => "org-nb-topic-pickup",
        SuggestionTopic::Products => "org-nb-topic-products",
        SuggestionTopic::LessWaste => "org-nb-topic-waste",
        SuggestionTopic::Other => "org-nb-topic-other",
    }
}

fn state_id(s: SuggestionState) -> &'static str {
    match s {
        SuggestionState::New | SuggestionState::Adopted => "org-nb-adopt",
        SuggestionState::Considering => "org-nb-consider",
        SuggestionState::Declined => "org-nb-decline",
    }
}

const ANSWERS: [SuggestionState; 3] = [
    SuggestionState::Adopted,
    SuggestionState::Considering,
    SuggestionState::Declined,
];

impl Neighbours {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        let g = me.group_id;
        self.members = store
            .members(g)?
            .into_iter()
            .filter(|m| m.id != me.member_id && m.left_at.is_none())
            .collect();
        // Those she named first, then everyone else; by name within each.
        self.members.sort_by_cached_key(|m| {
            (
                !(m.expert || m.coordinator),
                super::find::sort_key(&m.display_name),
            )
        });
        self.waiting = store.tips_waiting(g)?;
        self.shown = store.tips_shown(g)?;
        let mut ideas = store.suggestion_lines(g)?;
        // Stable: newest first within each kind.
        ideas.sort_by_key(|s| s.suggestion.state != SuggestionState::New);
        self.ideas = ideas;
        self.products = store.products(g)?;
        let today = now.date();
        let mut deals = store.open_deals(g)?;
        deals.extend(
            store
                .read(|c| rows::deals_in_state(c, g, DealState::Formed))?
                .into_iter()
                .filter(|d| d.pickup_day >= today),
        );
        deals.sort_by_key(|d| (d.pickup_day, d.cutoff));
        self.deals = deals
            .into_iter()
            .map(|deal| {
                let name = self
                    .products
                    .iter()
                    .find(|p| p.id == deal.product_id)
                    .map(|p| format!("{} {}", p.emoji, p.name))
                    .unwrap_or_default();
                Linkable { deal, name }
            })
            .collect();
        // The newest unanswered idea is open to answer unless she chose another.
        if !self
            .chosen
            .is_some_and(|id| self.ideas.iter().any(|s| s.suggestion.id == id))
        {
            self.chosen = self
                .ideas
                .iter()
                .find(|s| s.suggestion.state == SuggestionState::New)
                .map(|s| s.suggestion.id);
            self.clear_answer();
        }
        if self
            .author
            .is_some_and(|a| !self.experts().any(|m| m.id == a))
        {
            self.author = None;
        }
        if self
            .deal
            .is_some_and(|d| !self.deals.iter().any(|l| l.deal.id == d))
        {
            self.deal = None;
        }
        Ok(())
    }

    fn clear_answer(&mut self) {
        self.answer = None;
        self.reply.clear();
        self.deal = None;
        self.problem = None;
    }

    fn experts(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.expert)
    }

    fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    fn idea(&self, id: SuggestionId) -> Option<&SuggestionLine> {
        self.ideas.iter().find(|s| s.suggestion.id == id)
    }

    /// The app wrote down the expert's tip: the form empties.
    pub fn written(&mut self) {
        self.words.clear();
        self.product = None;
        self.problem = None;
    }

    pub fn update(&mut self, m: Message, cx: &Cx, _store: &Store, me: &Identity) -> Action {
        match m {
            Message::Search(q) => self.search = q,
            Message::Part(p) => {
                self.part = p;
                self.problem = None;
            }
            Message::Expert(id) | Message::Coordinator(id) => {
                let Some(x) = self.member(id).cloned() else {
                    return Action::None;
                };
                let expert_toggle = matches!(m, Message::Expert(_));
                let (expert, coordinator) = if expert_toggle {
                    (!x.expert, x.coordinator)
                } else {
                    (x.expert, !x.coordinator)
                };
                let words = cx.ta(
                    match (expert_toggle, expert, coordinator) {
                        (true, true, _) => "org-nb-set-expert",
                        (true, false, _) => "org-nb-unset-expert",
                        (false, _, true) => "org-nb-set-coordinator",
                        (false, _, false) => "org-nb-unset-coordinator",
                    },
                    &[("name", x.display_name.clone())],
                );
                return Action::Send(
                    vec![Command::SetStrengths {
                        member_id: id,
                        expert,
                        coordinator,
                    }],
                    words,
                );
            }
            Message::Review(id, approved) => {
                let Some(t) = self
                    .waiting
                    .iter()
                    .chain(&self.shown)
                    .find(|t| t.tip.id == id)
                else {
                    return Action::None;
                };
                let words = cx.ta(
                    if approved {
                        "org-nb-approved"
                    } else {
                        "org-nb-taken-back"
                    },
                    &[("author", t.author.clone())],
                );
                return Action::Send(
                    vec![Command::ReviewTip {
                        tip_id: id,
                        approved,
                    }],
                    words,
                );
            }
            Message::Author(id) => {
                self.author = Some(id);
                self.problem = None;
            }
            Message::Product(p) => {
                self.product = if self.product == Some(p) {
                    None
                } else {
                    Some(p)
                };
            }
            Message::Words(w) => self.words = w,
            Message::Write => return self.write(cx, me),
            Message::Choose(id) => {
                if self.chosen != Some(id) {
                    self.chosen = Some(id);
                    self.clear_answer();
                }
            }
            Message::Answer(s) => {
                self.answer = Some(s);
                if s != SuggestionState::Adopted {
                    self.deal = None;
                }
                self.problem = None;
            }
            Message::Reply(r) => self.reply = r,
            Message::Deal(d) => {
                self.deal = if self.deal == Some(d) { None } else { Some(d) };
                if self.deal.is_some() {
                    self.answer = Some(SuggestionState::Adopted);
                }
            }
            Message::Send => return self.send(cx),
        }
        Action::None
    }

    fn write(&mut self, cx: &Cx, me: &Identity) -> Action {
        let Some(author) = self.author.and_then(|a| self.member(a)).cloned() else {
            self.problem = Some(cx.t("org-nb-write-need-who"));
            return Action::None;
        };
        let body = self.words.trim();
        if body.is_empty() {
            self.problem = Some(cx.t("org-nb-write-need-words"));
            return Action::None;
        }
        self.problem = None;
        Action::WriteTip {
            author: author.id,
            tip: Tip {
                id: TipId::new(),
                group_id: me.group_id,
                author_id: author.id,
                product_id: self.product,
                title: String::new(),
                body: body.to_string(),
                approved: true,
                withdrawn: false,
                created_at: Utc::now(),
            },
            words: cx.ta("org-nb-written", &[("author", author.display_name)]),
        }
    }

    fn send(&mut self, cx: &Cx) -> Action {
        let Some(s) = self.chosen.and_then(|id| self.idea(id)).cloned() else {
            return Action::None;
        };
        let Some(state) = self.answer else {
            self.problem = Some(cx.t("org-nb-need-answer"));
            return Action::None;
        };
        let reply = self.reply.trim().to_string();
        if reply.is_empty() {
            self.problem = Some(cx.t("org-nb-need-reply"));
            return Action::None;
        }
        let words = cx.ta(
            if state == SuggestionState::Adopted {
                "org-nb-answered-adopted"
            } else {
                "org-nb-answered"
            },
            &[("author", s.author.clone())],
        );
        let deal_id = self.deal.filter(|_| state == SuggestionState::Adopted);
        self.chosen = None;
        self.clear_answer();
        Action::Send(
            vec![Command::AnswerSuggestion {
                suggestion_id: s.suggestion.id,
                state,
                response: reply,
                deal_id,
            }],
            words,
        )
    }

    fn new_ideas(&self) -> usize {
        self.ideas
            .iter()
            .filter(|s| s.suggestion.state == SuggestionState::New)
            .count()
    }

    fn summary(&self, cx: &Cx) -> String {
        cx.tns(
            "org-nb-summary",
            &[
                ("ideas", self.new_ideas() as i64),
                ("tips", self.waiting.len() as i64),
            ],
            &[],
        )
    }

    /// "李奶奶（取货时间）：周末也能取货就好了".
    pub fn idea_words(s: &SuggestionLine, cx: &Cx) -> String {
        cx.ta(
            "org-nb-idea-line",
            &[
                ("author", s.author.clone()),
                ("topic", cx.t(topic_id(s.suggestion.topic))),
                ("words", s.suggestion.body.trim().to_string()),
            ],
        )
    }

    fn answer_words(s: &SuggestionLine, cx: &Cx) -> String {
        let reply = s.suggestion.response.clone().unwrap_or_default();
        let mut w = cx.ta(
            match s.suggestion.state {
                SuggestionState::New | SuggestionState::Adopted => "org-nb-idea-adopted",
                SuggestionState::Considering => "org-nb-idea-considering",
                SuggestionState::Declined => "org-nb-idea-declined",
            },
            &[("reply", reply)],
        );
        if let Some((emoji, name, day, _)) = &s.deal {
            w.push_str(&cx.ta(
                "org-nb-idea-deal",
                &[
                    ("name", format!("{emoji} {name}")),
                    ("day", cx.c.i18n.day(*day, cx.now.date())),
                ],
            ));
        }
        w
    }

    /// "李奶奶：挑西红柿……（🍅 西红柿）".
    pub fn tip_words(t: &TipLine, cx: &Cx) -> String {
        let mut w = cx.ta(
            "org-nb-tip-line",
            &[
                ("author", t.author.clone()),
                ("words", t.tip.body.trim().to_string()),
            ],
        );
        if let Some((emoji, name)) = &t.product {
            w.push_str(&cx.ta("org-nb-tip-about", &[("name", format!("{emoji} {name}"))]));
        }
        w
    }

    fn deal_words(l: &Linkable, cx: &Cx) -> String {
        cx.ta(
            "org-nb-deal",
            &[
                ("name", l.name.clone()),
                ("day", cx.c.i18n.day(l.deal.pickup_day, cx.now.date())),
            ],
        )
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let parts = Part::ALL.iter().enumerate().map(|(i, p)| {
            ui::chip(
                c,
                ui::icon::numbered(i as u8 + 1, &cx.t(p.title_id())),
                self.part == *p,
                Message::Part(*p),
            )
        });
        let col = column![
            ui::body(c, self.summary(&cx)),
            row(parts).spacing(c.scale.gap()).wrap(),
        ]
        .spacing(c.scale.gap());
        let part = match self.part {
            Part::Ideas => self.ideas_view(cx),
            Part::Tips => self.tips_view(cx),
            Part::People => self.people_view(cx),
        };
        col.push(part).into()
    }

    fn ideas_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![ui::heading(c, cx.t("org-nb-ideas-new"))].spacing(c.scale.gap());
        if self.new_ideas() == 0 {
            col = col.push(ui::body(c, cx.t("org-nb-ideas-none")));
        }
        let mut answered_heading = false;
        for s in &self.ideas {
            let new = s.suggestion.state == SuggestionState::New;
            if !new && !answered_heading {
                answered_heading = true;
                col = col.push(ui::heading(c, cx.t("org-nb-ideas-done")));
            }
            let mut words = column![ui::body(c, Self::idea_words(s, &cx))].spacing(4);
            if !new {
                words = words.push(ui::note(c, Self::answer_words(s, &cx)));
            }
            let chosen = Some(s.suggestion.id) == self.chosen;
            col = col.push(ui::choice_card(
                c,
                words,
                chosen,
                Message::Choose(s.suggestion.id),
            ));
            // Adopting is final (everyone was told): no second answer.
            if chosen && s.suggestion.state != SuggestionState::Adopted {
                col = col.push(self.answer_form(cx));
            }
        }
        col.into()
    }

    fn answer_form<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let answers = ANSWERS.iter().map(|s| {
            ui::chip(
                c,
                cx.t(state_id(*s)),
                self.answer == Some(*s),
                Message::Answer(*s),
            )
        });
        let mut form = column![
            row(answers).spacing(c.scale.gap()).wrap(),
            ui::field(c, &cx.t("org-nb-reply-hint"), &self.reply, Message::Reply)
                .on_submit(Message::Send),
        ]
        .spacing(c.scale.gap());
        if self.answer == Some(SuggestionState::Adopted) && !self.deals.is_empty() {
            let deals = self.deals.iter().map(|l| {
                ui::chip(
                    c,
                    Self::deal_words(l, &cx),
                    self.deal == Some(l.deal.id),
                    Message::Deal(l.deal.id),
                )
            });
            form = form
                .push(ui::note(c, cx.t("org-nb-link")))
                .push(row(deals).spacing(c.scale.gap()).wrap());
        }
        // Send (and what is missing) is in the bar below the page.
        ui::card(c, form)
    }

    fn tips_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let line = |t: &'a TipLine, approve: bool| -> Element<'a, Message> {
            let mut r = row![container(ui::body(c, Self::tip_words(t, &cx))).width(Length::Fill)]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center);
            if approve {
                r = r.push(ui::big_button(
                    c,
                    cx.t("org-nb-approve"),
                    Kind::Primary,
                    false,
                    Some(Message::Review(t.tip.id, true)),
                ));
            }
            r.push(ui::big_button(
                c,
                cx.t("org-nb-take-back"),
                Kind::Secondary,
                false,
                Some(Message::Review(t.tip.id, false)),
            ))
            .into()
        };
        let mut col = column![ui::heading(c, cx.t("org-nb-waiting"))].spacing(c.scale.gap());
        if self.waiting.is_empty() {
            col = col.push(ui::body(c, cx.t("org-nb-waiting-none")));
        }
        for t in &self.waiting {
            col = col.push(ui::card(c, line(t, true)));
        }
        col = col.push(ui::card(c, self.write_form(cx)));
        col = col.push(ui::heading(c, cx.t("org-nb-shown")));
        if self.shown.is_empty() {
            col = col.push(ui::body(c, cx.t("org-nb-shown-none")));
        }
        for t in &self.shown {
            col = col.push(line(t, false));
        }
        col.into()
    }

    fn write_form<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut form = column![ui::heading(c, cx.t("org-nb-write"))].spacing(c.scale.gap());
        if self.experts().next().is_none() {
            return form.push(ui::body(c, cx.t("org-nb-no-experts"))).into();
        }
        let who = self.experts().map(|m| {
            ui::chip(
                c,
                m.display_name.clone(),
                self.author == Some(m.id),
                Message::Author(m.id),
            )
        });
        let what = self.products.iter().map(|p| {
            ui::chip(
                c,
                format!("{} {}", p.emoji, p.name),
                self.product == Some(p.id),
                Message::Product(p.id),
            )
        });
        form = form
            .push(ui::note(c, cx.t("org-nb-write-who")))
            .push(row(who).spacing(c.scale.gap()).wrap())
            .push(ui::note(c, cx.t("org-nb-write-product")))
            .push(row(what).spacing(c.scale.gap() / 2.0).wrap())
            .push(
                ui::field(c, &cx.t("org-nb-write-hint"), &self.words, Message::Words)
                    .on_submit(Message::Write),
            );
        // Write (and what is missing) is in the bar below the page.
        form.into()
    }

    fn people_view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let mut col = column![
            ui::note(c, cx.t("org-nb-people-intro")),
            ui::field(c, &cx.t("org-find-hint"), &self.search, Message::Search).width(Length::Fill),
        ]
        .spacing(c.scale.gap());
        if self.members.is_empty() {
            col = col.push(ui::body(c, cx.t("org-nb-people-none")));
        }
        for m in self
            .members
            .iter()
            .filter(|m| super::find::name_matches(&m.display_name, &self.search))
        {
            col = col.push(
                row![
                    container(ui::body(c, m.display_name.as_str())).width(Length::Fill),
                    ui::chip(c, cx.t("org-nb-expert"), m.expert, Message::Expert(m.id)),
                    ui::chip(
                        c,
                        cx.t("org-nb-coordinator"),
                        m.coordinator,
                        Message::Coordinator(m.id)
                    ),
                ]
                .spacing(c.scale.gap())
                .align_y(Alignment::Center),
            );
        }
        col.into()
    }

    /// The part's main action, fixed below the page (the ideas, tips and products above it
    /// may be long), with the room for what is missing beside it: Send the answer to the
    /// chosen idea, or Write down an expert's tip.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Option<Element<'a, Message>> {
        let c = cx.c;
        let open = self.ideas.iter().any(|s| {
            Some(s.suggestion.id) == self.chosen && s.suggestion.state != SuggestionState::Adopted
        });
        let (label, m) = match self.part {
            Part::Ideas if open => ("org-nb-answer-send", Message::Send),
            Part::Tips if self.experts().next().is_some() => ("org-nb-write-send", Message::Write),
            _ => return None,
        };
        Some(super::action_row(
            c,
            vec![ui::big_button(
                c,
                format!("{} ⏎", cx.t(label)),
                Kind::Primary,
                false,
                Some(m),
            )],
            self.problem.as_deref(),
        ))
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![self.summary(cx), cx.t(self.part.title_id())];
        lines.extend(self.problem.clone());
        match self.part {
            Part::Ideas => {
                for s in &self.ideas {
                    lines.push(Self::idea_words(s, cx));
                    if s.suggestion.state != SuggestionState::New {
                        lines.push(Self::answer_words(s, cx));
                    }
                }
            }
            Part::Tips => {
                if !self.waiting.is_empty() {
                    lines.push(cx.t("org-nb-waiting"));
                }
                lines.extend(self.waiting.iter().map(|t| Self::tip_words(t, cx)));
                if !self.shown.is_empty() {
                    lines.push(cx.t("org-nb-shown"));
                }
                lines.extend(self.shown.iter().map(|t| Self::tip_words(t, cx)));
            }
            Part::People => {
                for m in &self.members {
                    let mut roles = Vec::new();
                    if m.expert {
                        roles.push(cx.t("org-nb-expert"));
                    }
                    if m.coordinator {
                        roles.push(cx.t("org-nb-coordinator"));
                    }
                    if !roles.is_empty() {
                        lines.push(cx.ta(
                            "org-nb-person",
                            &[
                                ("name", m.display_name.clone()),
                                ("roles", roles.join(&cx.t("org-nb-and"))),
                            ],
                        ));
                    }
                }
            }
        }
        lines
    }

    /// 1–3 choose the part; Enter sends the answer (Ideas) or the tip (Tips).
    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n @ 1..=3) => Some(Message::Part(Part::ALL[n - 1])),
            Key::Enter if self.part == Part::Ideas && self.chosen.is_some() => Some(Message::Send),
            Key::Enter if self.part == Part::Tips => Some(Message::Write),
            _ => None,
        }
    }
}
