//! 我的数据 (Settings → My data): what the group holds about her, in large text — her name,
//! orders, money lines, help requests, suggestions, complaints and tips — and one sentence
//! on what it never holds. "1 导出" writes it all into her data folder
//! ([`crate::files::my_data`]); "2 退出这个团并删除我的信息" asks twice in plain words (what is
//! erased and what the 团长 keeps for the books; then 确定要退出吗？), offering the export
//! first, then the app asks the hub. The organiser is told why she can't leave instead.
//! Read aloud says a summary: her name and how many of each, not every line.

use super::{Action, Basic, Message as B, Shared, View};
use crate::files::my_data::{self as privacy, MyData};
use crate::i18n::I18n;
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use chrono::Local;
use iced::widget::{column, row};
use iced::{Element, Length};
use linli_core::Fen;
use linli_core::model::{Role, Timestamp};

/// Where she is on the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Step {
    /// What the group holds, with Export and Leave.
    #[default]
    List,
    /// The first question: what leaving erases and keeps, and that it can't be undone.
    Ask,
    /// The last question: 确定要退出吗？
    Sure,
    /// Waiting for the hub's answer.
    Leaving,
}

/// The screen's own state; `data` is loaded by the app when the screen opens and after a
/// sync while it is shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub data: Option<MyData>,
    pub step: Step,
    /// Where the export went, in words.
    pub exported: Option<String>,
    /// Why leaving or exporting did not work, in words.
    pub problem: Option<String>,
    /// The technical words behind `problem`, for a family member ("给家人看：…").
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Export,
    /// "退出这个团并删除我的信息": the first question.
    AskLeave,
    /// "继续" after the first question: the last one.
    LeaveNext,
    /// "确定退出": the app asks the hub.
    LeaveYes,
    /// "不退出": back to the list, nothing done.
    Stay,
}

/// What the screen asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Read her data from the store (the screen opened).
    Load,
    /// Write it into her data folder.
    Export,
    /// Ask the hub to let her leave and erase her; then erase this computer's copy.
    Leave,
}

impl State {
    /// Esc or Back on a question goes back to the list (nothing done); true if it did.
    pub fn back(&mut self) -> bool {
        if matches!(self.step, Step::Ask | Step::Sure) {
            self.step = Step::List;
            return true;
        }
        false
    }

    /// Leaving or exporting did not work: back on the list, with why in her words and the
    /// technical words apart.
    pub fn failed(&mut self, words: String, detail: Option<String>) {
        self.step = Step::List;
        self.problem = Some(words);
        self.detail = detail;
    }
}

/// Whether she may leave: anyone but the organiser.
fn may_leave(d: &MyData) -> bool {
    d.member.role != Role::Organiser
}

pub fn update(b: &mut Basic, m: Message, s: Shared) -> Action {
    let st = &mut b.my_data;
    let leaving_allowed = st.data.as_ref().is_some_and(may_leave);
    match m {
        Message::Export => {
            st.problem = None;
            st.detail = None;
            return Action::MyData(Request::Export);
        }
        Message::AskLeave if leaving_allowed && st.step == Step::List => {
            st.problem = None;
            st.detail = None;
            st.step = Step::Ask;
        }
        Message::LeaveNext if st.step == Step::Ask => st.step = Step::Sure,
        Message::LeaveYes if st.step == Step::Sure => {
            st.step = Step::Leaving;
            return Action::MyData(Request::Leave);
        }
        Message::Stay if matches!(st.step, Step::Ask | Step::Sure) => {
            st.step = Step::List;
            return Action::Speak(vec![s.i18n.t("mydata-stayed")]);
        }
        _ => return Action::None,
    }
    // A question in plain words is said as it appears.
    Action::Speak(script(b.view_of(s)))
}

fn when(v: View, at: Timestamp) -> String {
    v.i18n
        .day(at.with_timezone(&Local).date_naive(), v.now.date())
}

/// "现在欠 ¥7.60" / "现在余 ¥2.00" / "不欠钱".
fn balance_words(i: &I18n, b: Fen) -> String {
    if b.0 < 0 {
        i.ta("mydata-owes", &[("amount", i.money(Fen(-b.0)))])
    } else if b.0 > 0 {
        i.ta("mydata-credit", &[("amount", i.money(b))])
    } else {
        i.t("mydata-even")
    }
}

/// "您的名字：李奶奶" and the group.
fn name_words(v: View, d: &MyData) -> (String, String) {
    (
        v.i18n.ta("mydata-name", &[("name", d.member.name.clone())]),
        v.i18n.ta(
            "mydata-group",
            &[
                ("group", d.group.clone()),
                ("day", when(v, d.member.joined_at)),
            ],
        ),
    )
}

/// Each section: its heading with the count, and its lines (newest first).
fn sections(v: View, d: &MyData) -> Vec<(String, Vec<String>)> {
    let i = v.i18n;
    let quote = |s: &str| {
        if s.trim().is_empty() {
            String::new()
        } else {
            i.ta("mydata-quote", &[("words", s.trim().to_string())])
        }
    };
    let orders = d
        .orders
        .iter()
        .map(|o| {
            i.tq(
                "mydata-order",
                ("qty", i64::from(o.got.unwrap_or(o.qty))),
                &o.unit,
                &[
                    ("emoji", o.emoji.clone()),
                    ("name", o.product.clone()),
                    ("day", i.day(o.pickup_day, v.now.date())),
                    ("state", privacy::state_words(i, o.state)),
                ],
            )
        })
        .collect();
    let money = d
        .money
        .iter()
        .rev()
        .map(|m| {
            i.ta(
                "mydata-money",
                &[
                    ("day", when(v, m.at)),
                    ("kind", privacy::money_words(i, m.kind)),
                    ("name", m.product.clone().unwrap_or_default()),
                    ("amount", i.money(Fen(m.amount_fen.0.abs()))),
                ],
            )
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect();
    let help = d
        .help_requests
        .iter()
        .map(|h| {
            i.ta(
                "mydata-help",
                &[
                    ("day", when(v, h.asked_at)),
                    ("kind", privacy::help_kind_words(i, h.kind)),
                    ("note", quote(&h.note)),
                    ("state", privacy::help_progress_words(i, h.progress)),
                ],
            )
        })
        .collect();
    let suggestions = d
        .suggestions
        .iter()
        .map(|x| {
            i.ta(
                "mydata-suggestion",
                &[
                    ("day", when(v, x.at)),
                    ("topic", privacy::topic_words(i, x.topic)),
                    ("words", quote(&x.words)),
                    ("state", privacy::suggestion_state_words(i, x.state)),
                ],
            )
        })
        .collect();
    let complaints = d
        .complaints
        .iter()
        .map(|x| {
            i.ta(
                "mydata-complaint",
                &[
                    ("day", when(v, x.at)),
                    ("name", x.product.clone()),
                    ("kind", privacy::complaint_kind_words(i, x.kind)),
                    ("note", quote(&x.note)),
                    ("answer", privacy::answer_words(i, x.answer.as_ref())),
                ],
            )
        })
        .collect();
    let tips = d
        .tips
        .iter()
        .map(|x| {
            let words = [x.title.trim(), x.words.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            i.ta(
                "mydata-tip",
                &[
                    ("day", when(v, x.at)),
                    ("words", quote(&words)),
                    (
                        "state",
                        i.t(if x.approved {
                            "mydata-tip-shown"
                        } else {
                            "mydata-tip-waiting"
                        }),
                    ),
                ],
            )
        })
        .collect();
    let n = |id: &str, count: usize| i.tn(id, ("count", count as i64), &[]);
    vec![
        (n("mydata-orders", d.orders.len()), orders),
        (
            i.tn(
                "mydata-money-lines",
                ("count", d.money.len() as i64),
                &[("balance", balance_words(i, d.balance_fen))],
            ),
            money,
        ),
        (n("mydata-helps", d.help_requests.len()), help),
        (n("mydata-suggestions", d.suggestions.len()), suggestions),
        (n("mydata-complaints", d.complaints.len()), complaints),
        (n("mydata-tips", d.tips.len()), tips),
    ]
}

/// At most this many lines a section shows; the rest are in the export.
const SHOWN: usize = 20;

fn choices<'a>(c: Ctx<'a>, items: Vec<(String, Kind, Message)>) -> Element<'a, B> {
    // One row (wrapping when the text is large), so every choice is in view.
    let mut col = row![].spacing(c.scale.gap());
    for (n, (words, kind, m)) in items.into_iter().enumerate() {
        col = col.push(ui::big_button(
            c,
            ui::icon::numbered(n as u8 + 1, &words),
            kind,
            false,
            Some(B::MyData(m)),
        ));
    }
    col.wrap().into()
}

/// 不退出了 ⏎: staying is what Enter does on both questions; leaving takes its own key.
fn stay(c: Ctx) -> (String, Kind, Message) {
    (
        ui::icon::after(&c.t("mydata-stay"), ui::icon::ENTER),
        Kind::Primary,
        Message::Stay,
    )
}

/// What did not work, in her words; under it, small and apart, the technical words for
/// whoever helps her.
fn problem<'a>(v: View<'a>, c: Ctx<'a>, words: &str) -> Element<'a, B> {
    let mut said = column![ui::body(c, words.to_string())].spacing(8);
    if let Some(d) = &v.b.my_data.detail {
        said = said.push(ui::note(c, v.i18n.for_family(d)));
    }
    ui::news(c, said)
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> super::Page<'a> {
    use super::Page;
    let st = &v.b.my_data;
    let Some(d) = &st.data else {
        return Page::body(match &st.problem {
            Some(p) => problem(v, c, p),
            None => ui::body(c, c.t("mydata-loading")),
        });
    };
    match st.step {
        Step::Ask => {
            let mut col = column![
                ui::heading(c, c.t("mydata-ask-title")),
                ui::card(
                    c,
                    column![
                        ui::body(c, c.t("mydata-ask-erased")),
                        ui::body(c, c.t("mydata-ask-kept")),
                        ui::body(c, c.t("mydata-ask-undo")),
                    ]
                    .spacing(c.scale.gap())
                ),
            ]
            .spacing(c.scale.pad());
            if let Some(e) = &st.exported {
                col = col.push(ui::news(c, ui::body(c, e.as_str())));
            }
            return Page::with(
                col,
                choices(
                    c,
                    vec![
                        (c.t("mydata-export-first"), Kind::Secondary, Message::Export),
                        (c.t("mydata-next"), Kind::Danger, Message::LeaveNext),
                        stay(c),
                    ],
                ),
            );
        }
        Step::Sure => {
            return Page::with(
                column![
                    ui::heading(c, c.t("mydata-sure")),
                    ui::body(c, c.t("mydata-sure-body")),
                ]
                .spacing(c.scale.pad()),
                choices(
                    c,
                    vec![
                        (c.t("mydata-leave-yes"), Kind::Danger, Message::LeaveYes),
                        stay(c),
                    ],
                ),
            );
        }
        Step::Leaving => return Page::body(ui::heading(c, c.t("mydata-leaving"))),
        Step::List => {}
    }
    let (name, group) = name_words(v, d);
    let mut col = column![
        ui::card(
            c,
            column![ui::heading(c, name), ui::body(c, group)].spacing(8)
        ),
        ui::body(c, c.t("mydata-not-held")),
    ]
    .spacing(c.scale.pad())
    .width(Length::Fill);
    if let Some(p) = &st.problem {
        col = col.push(problem(v, c, p));
    }
    if let Some(e) = &st.exported {
        col = col.push(ui::news(c, ui::body(c, e.as_str())));
    }
    let mut acts = vec![(c.t("mydata-export"), Kind::Primary, Message::Export)];
    if may_leave(d) {
        acts.push((c.t("mydata-leave"), Kind::Danger, Message::AskLeave));
    }
    if !may_leave(d) {
        col = col.push(ui::body(c, c.t("mydata-organiser-stays")));
    }
    for (head, lines) in sections(v, d) {
        let mut s = column![ui::heading(c, head)].spacing(8);
        let more = lines.len().saturating_sub(SHOWN);
        for l in lines.into_iter().take(SHOWN) {
            s = s.push(ui::body(c, l));
        }
        if more > 0 {
            s = s.push(ui::note(
                c,
                v.i18n.tn("mydata-more", ("count", more as i64), &[]),
            ));
        }
        col = col.push(ui::card(c, s));
    }
    Page::with(col, choices(c, acts))
}

/// The sentence read for the summary: her name and how many of each.
pub fn summary(v: View, d: &MyData) -> Vec<String> {
    let i = v.i18n;
    let n = |id: &str, count: usize| i.tn(id, ("count", count as i64), &[]);
    let sep = if i.lang() == crate::i18n::Lang::EnUs {
        ", "
    } else {
        "，"
    };
    let counts = [
        n("mydata-count-orders", d.orders.len()),
        n("mydata-count-money", d.money.len()),
        n("mydata-count-helps", d.help_requests.len()),
        n("mydata-count-suggestions", d.suggestions.len()),
        n("mydata-count-complaints", d.complaints.len()),
        n("mydata-count-tips", d.tips.len()),
    ]
    .join(sep);
    vec![
        i.ta(
            "mydata-summary",
            &[("name", d.member.name.clone()), ("counts", counts)],
        ),
        i.t("mydata-not-held"),
    ]
}

/// Read aloud: the summary and the choices, or the question she is on.
pub fn script(v: View) -> Vec<String> {
    let st = &v.b.my_data;
    let Some(d) = &st.data else {
        return vec![
            st.problem
                .clone()
                .unwrap_or_else(|| v.i18n.t("mydata-loading")),
        ];
    };
    let i = v.i18n;
    match st.step {
        Step::Ask => vec![
            i.t("mydata-ask-title"),
            i.t("mydata-ask-erased"),
            i.t("mydata-ask-kept"),
            i.t("mydata-ask-undo"),
            i.t("mydata-ask-keys"),
        ],
        Step::Sure => vec![
            i.t("mydata-sure"),
            i.t("mydata-sure-body"),
            i.t("mydata-sure-keys"),
        ],
        Step::Leaving => vec![i.t("mydata-leaving")],
        Step::List => {
            let mut lines = summary(v, d);
            lines.extend(st.problem.clone());
            lines.extend(st.exported.clone());
            lines.push(i.t(if may_leave(d) {
                "mydata-keys"
            } else {
                "mydata-organiser-stays"
            }));
            lines
        }
    }
}

pub fn on_key(v: View, k: Key) -> Option<Message> {
    let st = &v.b.my_data;
    match (st.step, k) {
        (Step::List, Key::Number(1)) => Some(Message::Export),
        (Step::List, Key::Number(2)) => Some(Message::AskLeave),
        (Step::Ask, Key::Number(1)) => Some(Message::Export),
        // Leaving and erasing take their own key; Enter stays.
        (Step::Ask, Key::Number(2)) => Some(Message::LeaveNext),
        (Step::Ask, Key::Number(3) | Key::Enter) => Some(Message::Stay),
        (Step::Sure, Key::Number(1)) => Some(Message::LeaveYes),
        (Step::Sure, Key::Number(2) | Key::Enter) => Some(Message::Stay),
        _ => None,
    }
}
