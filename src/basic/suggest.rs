//! 提建议 (the suggestion box, 意见采纳), the member's side: what it is about as four big
//! numbered choices (取货时间, 商品, 减少浪费, 其他), then her words, typed or a ready sentence
//! of that topic (5 and 6), "交给团长". A blank one is refused here, in words, and nothing is
//! sent. Below, her past suggestions with the organiser's answer (adopted, will consider, not
//! now, and her reply).

use super::{Action, Shared, View};
use crate::i18n::{I18n, Lang};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use chrono::Local;
use iced::widget::{column, row};
use linli_core::model::{MAX_TEXT, SuggestionTopic};

/// The suggestion being written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub topic: Option<SuggestionTopic>,
    pub words: String,
    /// 交给团长 was pressed with nothing written (or too much).
    pub problem: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Topic(SuggestionTopic),
    /// A ready sentence of the chosen topic (0 or 1), added to the words.
    Ready(usize),
    Words(String),
    /// 交给团长.
    Send,
}

pub fn topic_id(t: SuggestionTopic) -> &'static str {
    match t {
        SuggestionTopic::PickupTime => "nb-topic-pickup",
        SuggestionTopic::Products => "nb-topic-products",
        SuggestionTopic::LessWaste => "nb-topic-waste",
        SuggestionTopic::Other => "nb-topic-other",
    }
}

/// The ready sentences of a topic, numbered 5 and 6 after the four topics.
pub fn ready(t: SuggestionTopic) -> [&'static str; 2] {
    match t {
        SuggestionTopic::PickupTime => ["nb-ready-pickup-1", "nb-ready-pickup-2"],
        SuggestionTopic::Products => ["nb-ready-products-1", "nb-ready-products-2"],
        SuggestionTopic::LessWaste => ["nb-ready-waste-1", "nb-ready-waste-2"],
        SuggestionTopic::Other => ["nb-ready-other-1", "nb-ready-other-2"],
    }
}

fn join(i: &I18n) -> &'static str {
    if i.lang() == Lang::EnUs { ", " } else { "，" }
}

pub fn update(f: &mut Form, m: Message, s: Shared) -> Action {
    match m {
        Message::Topic(t) => f.topic = Some(t),
        Message::Ready(n) => {
            let Some(id) = f.topic.and_then(|t| ready(t).get(n).copied()) else {
                return Action::None;
            };
            let sentence = s.i18n.t(id);
            if !f.words.contains(&sentence) {
                if !f.words.trim().is_empty() {
                    f.words.push_str(if s.i18n.lang() == Lang::EnUs {
                        ". "
                    } else {
                        "。"
                    });
                }
                f.words.push_str(&sentence);
            }
            f.problem = None;
        }
        Message::Words(w) => {
            f.words = w;
            f.problem = None;
        }
        Message::Send => {
            let body = f.words.trim();
            f.problem = if body.is_empty() {
                Some("nb-suggest-empty")
            } else if body.chars().count() > MAX_TEXT {
                Some("nb-suggest-long")
            } else {
                None
            };
            if let Some(p) = f.problem {
                return Action::Speak(vec![s.i18n.t(p)]);
            }
            return Action::Suggest {
                topic: f.topic.unwrap_or_default(),
                body: body.to_string(),
            };
        }
    }
    Action::None
}

/// One of her suggestions and its answer: ("11月20日，取货时间：周末也能取货就好了", "团长说会考虑：…").
fn mine_words(v: View, s: &linli_core::model::Suggestion) -> (String, String) {
    let i = v.i18n;
    let day = i.day(
        s.created_at.with_timezone(&Local).date_naive(),
        v.now.date(),
    );
    (
        i.ta(
            "nb-mine-line",
            &[
                ("day", day),
                ("topic", i.t(topic_id(s.topic))),
                ("words", s.body.trim().to_string()),
            ],
        ),
        super::tips::answer_words(i, s),
    )
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> super::Page<'a> {
    let f = &v.b.suggest;
    let topics = SuggestionTopic::ALL.iter().enumerate().map(|(i, t)| {
        ui::chip(
            c,
            ui::icon::numbered(i as u8 + 1, &c.t(topic_id(*t))),
            f.topic == Some(*t),
            super::Message::Suggest(Message::Topic(*t)),
        )
    });
    let mut col = column![
        ui::heading(c, c.t("nb-suggest-intro")),
        row(topics).spacing(c.scale.gap()).wrap(),
    ]
    .spacing(c.scale.pad());
    if let Some(t) = f.topic {
        let sentences = ready(t).into_iter().enumerate().map(|(i, id)| {
            ui::big_button(
                c,
                ui::icon::numbered(i as u8 + 5, &c.t(id)),
                Kind::Secondary,
                false,
                Some(super::Message::Suggest(Message::Ready(i))),
            )
        });
        col = col.push(row(sentences).spacing(c.scale.gap()).wrap());
    }
    col = col.push(
        ui::field(c, &c.t("nb-suggest-hint"), &f.words, |w| {
            super::Message::Suggest(Message::Words(w))
        })
        .on_submit(super::Message::Suggest(Message::Send)),
    );
    // What is wrong is said beside the button, so nothing moves under her pointer.
    let mut bar = row![ui::big_button(
        c,
        ui::icon::after(&c.t("nb-suggest-send"), ui::icon::ENTER),
        Kind::Primary,
        true,
        Some(super::Message::Suggest(Message::Send)),
    )]
    .spacing(c.scale.gap())
    .align_y(iced::Alignment::Center);
    if let Some(p) = f.problem {
        bar = bar.push(ui::body(c, c.t(p)));
    }
    let mut past = column![ui::body(c, c.t("nb-mine"))].spacing(c.scale.gap());
    let mut any = false;
    for s in v.vm.neighbours.mine() {
        any = true;
        let (said, answer) = mine_words(v, &s.suggestion);
        past = past.push(column![ui::body(c, said), ui::note(c, answer)].spacing(4));
    }
    if any {
        col = col.push(ui::card(c, past));
    }
    super::Page::with(col, bar.wrap())
}

/// Read aloud: the question and the choices, what she chose and wrote, her past ones.
pub fn script(v: View) -> Vec<String> {
    let f = &v.b.suggest;
    let i = v.i18n;
    let mut lines = vec![
        i.t("nb-suggest-intro"),
        SuggestionTopic::ALL
            .iter()
            .enumerate()
            .map(|(n, t)| format!("{} {}", n + 1, i.t(topic_id(*t))))
            .collect::<Vec<_>>()
            .join(join(i)),
    ];
    if let Some(t) = f.topic {
        lines.push(i.ta("nb-chosen", &[("name", i.t(topic_id(t)))]));
        lines.push(
            ready(t)
                .iter()
                .enumerate()
                .map(|(n, id)| format!("{} {}", n + 5, i.t(id)))
                .collect::<Vec<_>>()
                .join(join(i)),
        );
    }
    match f.problem {
        Some(p) => lines.push(i.t(p)),
        None if !f.words.trim().is_empty() => lines.push(f.words.trim().to_string()),
        None => {}
    }
    let mut first = true;
    for s in v.vm.neighbours.mine() {
        if first {
            lines.push(i.t("nb-mine"));
            first = false;
        }
        let (said, answer) = mine_words(v, &s.suggestion);
        lines.push(said);
        lines.push(answer);
    }
    lines
}

pub fn on_key(v: View, k: Key) -> Option<super::Message> {
    match k {
        Key::Number(n @ 1..=4) => Some(super::Message::Suggest(Message::Topic(
            SuggestionTopic::ALL[n - 1],
        ))),
        Key::Number(n @ 5..=6) if v.b.suggest.topic.is_some() => {
            Some(super::Message::Suggest(Message::Ready(n - 5)))
        }
        Key::Enter => Some(super::Message::Suggest(Message::Send)),
        _ => None,
    }
}
