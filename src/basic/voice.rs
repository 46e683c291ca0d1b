//! Voice on the member's screens: the 说话 bar (on the deals, how many and confirm screens,
//! once she has taught the app her voice), what each screen accepts and what a heard phrase
//! does there, and the enrolment screen 说话点菜 (Settings → 声音, or right after joining):
//! each phrase prompted in words and aloud, three takes, a level meter, play back and
//! re-record, all by keyboard too.

use super::{Message, Screen, View};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::voice::{Now, Phrase, TAKES};
use iced::widget::{column, container, progress_bar, row};
use iced::{Element, Length};

/// What the current screen accepts, whether or not she has recorded it.
pub fn wanted(v: View) -> Vec<Phrase> {
    match &v.b.screen {
        Screen::Deals if !v.b.is_helper_home() => {
            let n = v.vm.deals.len().min(9) as u8;
            let mut p: Vec<Phrase> = (1..=n).map(Phrase::Item).collect();
            if !v.b.is_home() {
                p.push(Phrase::Back);
            }
            p.push(Phrase::ReadAloud);
            p
        }
        Screen::Order(_) => vec![Phrase::More, Phrase::Less, Phrase::Yes, Phrase::Back],
        Screen::Confirm(_) => vec![Phrase::Yes, Phrase::No],
        _ => Vec::new(),
    }
}

/// What she can say here: the screen's phrases she has recorded.
pub fn usable(v: View) -> Vec<Phrase> {
    v.voice.usable(&wanted(v))
}

/// The words of a phrase ("第三个").
pub fn say(v: &super::Shared, p: Phrase) -> String {
    v.i18n.t(&p.message_id())
}

/// What hearing `p` here does, and the words that say what was heard
/// ("您说的是：第三个，西红柿").
pub fn meaning(v: View, p: Phrase) -> Option<(Message, String)> {
    let what = match p {
        Phrase::Item(n) => {
            let card = v.vm.deals.get(usize::from(n).checked_sub(1)?)?;
            v.i18n.ta(
                "voice-heard-item",
                &[("phrase", say(&v, p)), ("name", card.name.clone())],
            )
        }
        _ => say(&v, p),
    };
    let m = match (&v.b.screen, p) {
        (Screen::Deals, Phrase::Item(n)) => {
            Message::OpenDeal(v.vm.deals.get(usize::from(n) - 1)?.deal.id)
        }
        (_, Phrase::ReadAloud) => Message::ReadAloud,
        (Screen::Order(_), Phrase::More) => Message::More,
        (Screen::Order(_), Phrase::Less) => Message::Less,
        (Screen::Order(_), Phrase::Yes) => Message::Next,
        (Screen::Confirm(_), Phrase::Yes) => Message::Buy,
        (_, Phrase::Back | Phrase::No) => Message::Back,
        _ => return None,
    };
    Some((m, v.i18n.ta("voice-heard", &[("what", what)])))
}

/// 说话 in the status area: the button (Space), and below it what she can say here or what
/// is happening — the level meter while it listens, what it heard, or that it heard nothing
/// clearly. `None` where she cannot order by voice.
pub fn talk<'a>(v: View<'a>, c: Ctx<'a>) -> Option<(Element<'a, Message>, Element<'a, Message>)> {
    let can = usable(v);
    if can.is_empty() {
        return None;
    }
    let (status, level): (String, Option<f32>) = match &v.voice.now {
        Now::Listening { level } => (c.t("voice-listening"), Some(*level)),
        Now::Heard(words) => (words.clone(), None),
        Now::Missed => (c.t("voice-missed"), None),
        Now::Trouble(words) => (words.clone(), None),
        Now::Idle | Now::Recording { .. } => (hint(v, &can), None),
    };
    let listening = level.is_some();
    let mut words = column![ui::note(c, status)].spacing(4);
    if let Some(l) = level {
        words = words.push(meter(c, l));
    }
    let button = ui::big_button(
        c,
        ui::icon::with(ui::icon::MIC, &c.t("voice-talk")),
        Kind::Primary,
        listening,
        (!listening).then_some(Message::Talk),
    );
    Some((button, container(words).width(Length::Fill).into()))
}

/// "按“说话”或空格键，听到提示音再说：第一个到第五个、朗读".
fn hint(v: View, can: &[Phrase]) -> String {
    let items: Vec<u8> = can
        .iter()
        .filter_map(|p| match p {
            Phrase::Item(n) => Some(*n),
            _ => None,
        })
        .collect();
    let mut said: Vec<String> = Vec::new();
    match items.as_slice() {
        [] => {}
        [one] => said.push(say(&v, Phrase::Item(*one))),
        [first, .., last] => said.push(v.i18n.ta(
            "voice-range",
            &[
                ("first", say(&v, Phrase::Item(*first))),
                ("last", say(&v, Phrase::Item(*last))),
            ],
        )),
    }
    said.extend(
        can.iter()
            .filter(|p| !matches!(p, Phrase::Item(_)))
            .map(|p| say(&v, *p)),
    );
    v.i18n.ta(
        "voice-talk-hint",
        &[("phrases", said.join(v.i18n.t("voice-sep").as_str()))],
    )
}

/// The level meter: how loud the microphone hears her, in the theme's colours.
fn meter<'a>(c: Ctx<'a>, level: f32) -> Element<'a, Message> {
    let (track, fill) = (c.pal.border, c.pal.primary);
    progress_bar(0.0..=1.0, level)
        .length(Length::Fill)
        .girth(c.scale.gap())
        .style(move |_| progress_bar::Style {
            background: track.into(),
            bar: fill.into(),
            border: iced::Border::default().rounded(6.0),
        })
        .into()
}

/// The enrolment screen's own state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    /// Which phrase of [`Phrase::ALL`] she is recording.
    pub at: usize,
    /// "删除您全部的录音吗？" is being asked.
    pub erase_ask: bool,
    /// Opened right after joining: "以后再说" instead of Back.
    pub first_run: bool,
}

impl Form {
    pub fn phrase(&self) -> Phrase {
        Phrase::ALL[self.at.min(Phrase::ALL.len() - 1)]
    }

    /// The next phrase after this one still short of takes (the first eleven — deals one
    /// to five and the commands — are what ordering needs; six to nine only if she goes on).
    pub fn next_to_record(&self, v: &crate::voice::Voice) -> Option<usize> {
        let short = |i: &usize| v.count(Phrase::ALL[*i]) < TAKES;
        if self.at < ESSENTIAL {
            (self.at + 1..ESSENTIAL).chain(0..self.at).find(short)
        } else {
            (self.at + 1..Phrase::ALL.len()).find(short)
        }
    }
}

/// How many of [`Phrase::ALL`] ordering needs: deals one to five and the six commands.
pub const ESSENTIAL: usize = 11;

/// What to say after a heard phrase, beside "您说的是……": the new how-many or the question
/// with the total, so she hears where she is without pressing Read aloud.
pub fn follow_up(v: View, p: Phrase) -> Vec<String> {
    match (&v.b.screen, p) {
        (_, Phrase::ReadAloud) => Vec::new(),
        (Screen::Order(d), _) => super::order::script(v, d),
        (Screen::Confirm(d), _) => vec![super::order::confirm_words(v, d)],
        (Screen::Done(d), _) => vec![super::order::done_words(v, d)],
        _ => Vec::new(),
    }
}

#[derive(Debug, Clone)]
pub enum EnrolMessage {
    /// Record a take of the current phrase.
    Record,
    /// Play her last take back.
    Play,
    /// Delete the last take and record it again.
    Redo,
    /// The next (or previous) phrase.
    Step(isize),
    /// Jump to one phrase of the list.
    Pick(usize),
    EraseAsk,
    EraseYes,
    EraseNo,
}

/// What the enrolment screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Record(Phrase),
    Play(Phrase),
    Redo(Phrase),
    Erase,
}

pub fn update(f: &mut Form, m: EnrolMessage, v: &super::Shared) -> super::Action {
    use super::Action;
    let busy = matches!(v.voice.now, Now::Recording { .. } | Now::Listening { .. });
    match m {
        EnrolMessage::Record if !busy => return Action::Voice(Request::Record(f.phrase())),
        EnrolMessage::Play if !busy && v.voice.count(f.phrase()) > 0 => {
            return Action::Voice(Request::Play(f.phrase()));
        }
        EnrolMessage::Redo if !busy => return Action::Voice(Request::Redo(f.phrase())),
        EnrolMessage::Step(d) if !busy => {
            f.at = (f.at as isize + d).clamp(0, Phrase::ALL.len() as isize - 1) as usize;
            return Action::Speak(vec![prompt(v, f.phrase())]);
        }
        EnrolMessage::Pick(i) if !busy && i < Phrase::ALL.len() => {
            f.at = i;
            return Action::Speak(vec![prompt(v, f.phrase())]);
        }
        EnrolMessage::EraseAsk => {
            f.erase_ask = true;
            return Action::Speak(vec![v.i18n.t("voice-erase-ask")]);
        }
        EnrolMessage::EraseYes if f.erase_ask => {
            f.erase_ask = false;
            f.at = 0;
            return Action::Voice(Request::Erase);
        }
        EnrolMessage::EraseNo => f.erase_ask = false,
        _ => {}
    }
    Action::None
}

/// "请说：第一个".
pub fn prompt(v: &super::Shared, p: Phrase) -> String {
    v.i18n.ta("voice-prompt", &[("phrase", say(v, p))])
}

/// "已录 2 遍（要 3 遍）".
fn takes_words(v: &super::Shared, p: Phrase) -> String {
    v.i18n.ta(
        "voice-takes",
        &[
            ("count", v.voice.count(p).to_string()),
            ("need", TAKES.to_string()),
        ],
    )
}

/// The enrolment screen: the phrase to say and its takes; record, play back and re-record
/// in the action bar.
pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> super::Page<'a> {
    use super::Page;
    let f = &v.b.voice;
    let p = f.phrase();
    let en = |m| Some(Message::Enrol(m));
    if !v.voice.can_enrol() {
        return Page::body(ui::body(c, c.t("voice-unavailable")));
    }
    if f.erase_ask {
        return Page::with(
            ui::heading(c, c.t("voice-erase-ask")),
            row![
                ui::big_button(
                    c,
                    c.t("voice-erase-yes"),
                    Kind::Danger,
                    false,
                    en(EnrolMessage::EraseYes)
                ),
                ui::big_button(
                    c,
                    c.t("voice-erase-no"),
                    Kind::Secondary,
                    true,
                    en(EnrolMessage::EraseNo)
                ),
            ]
            .spacing(c.scale.pad())
            .wrap(),
        );
    }
    let recording = matches!(v.voice.now, Now::Recording { .. });
    let mut card = column![ui::huge(c, prompt(&v, p)), ui::body(c, takes_words(&v, p)),]
        .spacing(c.scale.gap());
    match &v.voice.now {
        Now::Recording { level, .. } => {
            card = card
                .push(ui::body(c, c.t("voice-recording")))
                .push(meter(c, *level));
        }
        Now::Trouble(words) | Now::Heard(words) => card = card.push(ui::body(c, words.clone())),
        _ => {}
    }
    let has = v.voice.count(p) > 0;
    let bar = row![
        ui::big_button(
            c,
            ui::icon::after(
                &ui::icon::with(ui::icon::MIC, &c.t("voice-record")),
                ui::icon::ENTER
            ),
            Kind::Primary,
            !recording,
            (!recording).then_some(Message::Enrol(EnrolMessage::Record)),
        ),
        ui::big_button(
            c,
            ui::icon::with(ui::icon::SPEAK, &c.t("voice-play")),
            Kind::Secondary,
            false,
            (has && !recording).then_some(Message::Enrol(EnrolMessage::Play)),
        ),
        ui::big_button(
            c,
            c.t("voice-redo"),
            Kind::Secondary,
            false,
            (has && !recording).then_some(Message::Enrol(EnrolMessage::Redo)),
        ),
    ]
    .spacing(c.scale.gap())
    .wrap();
    let mut col = column![ui::body(c, c.t("voice-intro")), ui::news(c, card)]
        .spacing(c.scale.pad())
        .width(Length::Fill);
    col = col.push(
        row![
            ui::big_button(
                c,
                ui::icon::with(ui::icon::UP, &c.t("voice-prev")),
                Kind::Secondary,
                false,
                (f.at > 0 && !recording).then_some(Message::Enrol(EnrolMessage::Step(-1))),
            ),
            ui::big_button(
                c,
                ui::icon::with(ui::icon::DOWN, &c.t("voice-next")),
                Kind::Secondary,
                false,
                (f.at + 1 < Phrase::ALL.len() && !recording)
                    .then_some(Message::Enrol(EnrolMessage::Step(1))),
            ),
        ]
        .spacing(c.scale.gap()),
    );
    if f.first_run {
        col = col.push(ui::big_button(
            c,
            c.t("voice-later"),
            Kind::Secondary,
            false,
            Some(Message::Home),
        ));
    }
    // Every phrase with how many takes it has: she sees what is left, and can jump.
    let mut list = row![].spacing(c.scale.gap());
    for (i, q) in Phrase::ALL.iter().enumerate() {
        let n = v.voice.count(*q);
        let words = format!("{} · {n}", say(&v, *q));
        let words = if n >= TAKES {
            ui::icon::with(ui::icon::CHOSEN, &words)
        } else {
            words
        };
        list = list.push(ui::big_button(
            c,
            words,
            if i == f.at {
                Kind::Primary
            } else {
                Kind::Secondary
            },
            false,
            (!recording).then_some(Message::Enrol(EnrolMessage::Pick(i))),
        ));
    }
    col = col.push(column![ui::body(c, c.t("voice-list")), list.wrap()].spacing(c.scale.gap()));
    if v.voice.enrolled() {
        col = col.push(ui::big_button(
            c,
            c.t("voice-erase"),
            Kind::Danger,
            false,
            (!recording).then_some(Message::Enrol(EnrolMessage::EraseAsk)),
        ));
    }
    // Her recordings could not be read: said in her words; the reason apart, for a family
    // member.
    if let Some(p) = &v.voice.problem {
        col = col.push(ui::body(c, c.t("voice-read-failed")));
        col = col.push(ui::note(c, v.i18n.for_family(p)));
    }
    if !v.voice.skipped.is_empty() {
        col = col.push(ui::note(
            c,
            v.i18n.ta(
                "voice-damaged",
                &[(
                    "files",
                    v.voice.skipped.join(v.i18n.t("voice-sep").as_str()),
                )],
            ),
        ));
    }
    Page::with(col, bar)
}

/// What Read aloud says on the enrolment screen.
pub fn script(v: View) -> Vec<String> {
    if v.b.voice.erase_ask {
        return vec![v.i18n.t("voice-erase-ask")];
    }
    let p = v.b.voice.phrase();
    vec![
        v.i18n.t("voice-intro"),
        prompt(&v, p),
        takes_words(&v, p),
        v.i18n.t("voice-keys"),
    ]
}

/// Enter or Space records; P plays back; the arrows move between phrases.
pub fn on_key(v: View, k: Key) -> Option<Message> {
    let m = match k {
        _ if v.b.voice.erase_ask => match k {
            Key::Enter => EnrolMessage::EraseNo,
            _ => return None,
        },
        Key::Enter | Key::Talk => EnrolMessage::Record,
        Key::Play => EnrolMessage::Play,
        Key::Up => EnrolMessage::Step(-1),
        Key::Down => EnrolMessage::Step(1),
        _ => return None,
    };
    Some(Message::Enrol(m))
}
