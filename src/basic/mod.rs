//! Basic mode: each screen one task with about three choices, Back, Read aloud and Help
//! always at the top, the pickup day and code always under them. [`Basic`] holds the
//! screens' own state (where she is, the keyboard choice, the PIN and first-run forms);
//! its `update` returns an [`Action`] the app performs (the app owns the store, sync and
//! speech). Views get a [`View`]: what they show, never the whole app.

pub mod complaint;
pub mod deals;
pub mod help;
pub mod helping;
pub mod my_data;
pub mod notices;
pub mod order;
pub mod orders;
pub mod settings;
pub mod setup;
pub mod suggest;
pub mod tips;
pub mod voice;

use crate::i18n::{I18n, Lang};
use crate::system::settings::{Mode, Settings};
use crate::system::speech::Rate;
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::ViewModel;
use chrono::{Local, NaiveDateTime};
use iced::widget::{column, container, row, scrollable};
use iced::{Element, Length};
use linli_core::model::{ComplaintKind, DealId, HelpKind, HelpRequestId, OrderId};
use linli_core::sync::client::SyncStatus;

/// Where the member is.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// First run: join a group (or run one), choose language, size, voice, PIN.
    Setup,
    /// Today's deals (home).
    Deals,
    /// How many?
    Order(Draft),
    /// The plain-words question with the total.
    Confirm(Draft),
    /// Noted; on its way to the organiser.
    Done(Draft),
    Orders,
    /// One of my orders, with change and cancel while the deal is open.
    OrderDetail(OrderId),
    /// "Cancel 西红柿?"
    ConfirmCancel(OrderId),
    /// "这一单有什么问题？" about a charged order.
    Complain(OrderId),
    Notices,
    Help {
        sent: bool,
    },
    Settings,
    /// 邻居求助: the neighbours' help requests (a volunteer's home; a coordinator's list).
    Helping,
    /// 我的数据: what the group holds about her; export; leave and erase.
    MyData,
    /// 邻居的经验: the approved tips, the good ideas, the ways to 提建议 and 写经验.
    Tips,
    /// 写经验 (an expert's).
    WriteTip,
    /// 提建议.
    Suggest,
    /// 说话点菜: teaching the app her voice (Settings → 声音, or right after joining).
    Voice,
    /// 代下单: a volunteer orders for the neighbour whose help request she claimed.
    OrderFor(linli_core::model::MemberId),
    /// 更多: the ways from home (My orders, Notices, Tips, Settings) as one list, for text so
    /// large that they no longer fit beside Read aloud and Help.
    More,
}

/// An order being made or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft {
    pub deal: DealId,
    pub qty: u32,
    /// The order being changed, if this is a change.
    pub change: Option<OrderId>,
}

/// The first-run form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetupForm {
    /// "I run a group" (我是团长) rather than joining one.
    pub hosting: bool,
    /// The new group's name and the hub's port, when hosting.
    pub group: String,
    pub port: String,
    pub hub: String,
    pub invite: String,
    pub name: String,
    pub pin: String,
    pub joining: bool,
    pub error: Option<String>,
    /// The technical words behind `error`, for a family member ("给家人看：…"), never in
    /// her sentence.
    pub detail: Option<String>,
    /// The hub's certificate is not vouched for: its fingerprint, waiting for her to say
    /// whether it is the one on the invite sheet (then it is pinned and joining goes on).
    pub trust: Option<linli_core::sync::tls::Fingerprint>,
}

/// Whether reading aloud works, for the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speech {
    Connecting,
    Ready,
    Unavailable,
}

/// What every basic screen may show, from the app: words, the view model, the clock,
/// settings and how syncing and speech are going.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    pub i18n: &'a I18n,
    pub vm: &'a ViewModel,
    pub now: NaiveDateTime,
    pub settings: &'a Settings,
    pub status: &'a SyncStatus,
    pub speech: Speech,
    pub announcement: Option<&'a str>,
    /// The deal the news is about, if it is about one (then it shows only on that deal's
    /// screens and on screens about no deal).
    pub news_deal: Option<DealId>,
    /// A problem saving settings, if any.
    pub settings_note: Option<&'a str>,
    /// The window is drawn in compatible mode (software): Settings says so.
    pub compatible: bool,
    /// She is in the practice group (练一练): Read aloud says so first.
    pub practice: bool,
    /// Her voice commands: what she has recorded, what the microphone is doing.
    pub voice: &'a crate::voice::Voice,
}

/// A screen's view of the world: the shared part and basic mode's own state.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub s: Shared<'a>,
    pub b: &'a Basic,
}

impl<'a> std::ops::Deref for View<'a> {
    type Target = Shared<'a>;
    fn deref(&self) -> &Shared<'a> {
        &self.s
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The arrow keys moved the choice on a list.
    Select(usize),
    Home,
    Back,
    Go(Screen),
    ReadAloud,
    OpenDeal(DealId),
    More,
    Less,
    Next,
    Buy,
    OpenOrder(OrderId),
    ChangeOrder(OrderId),
    AskCancel(OrderId),
    CancelYes,
    /// "有问题" on a charged order.
    Complain(OrderId),
    ComplaintKind(ComplaintKind),
    ComplaintNote(String),
    /// A ready sentence (0 or 1 of [`complaint::READY`]) added to the note.
    ComplaintReady(usize),
    /// "告诉团长".
    ComplaintSend,
    SendHelp,
    SetLang(Lang),
    SetZoom(u16),
    SetVoice(bool),
    SetRate(Rate),
    SetAutoRead(bool),
    SetTheme(String),
    SetMode(Mode),
    PinInput(String),
    Unlock,
    SavePin,
    SetupHub(String),
    SetupInvite(String),
    SetupName(String),
    SetupPin(String),
    SetupHosting(bool),
    SetupGroup(String),
    SetupPort(String),
    /// Make a new group hosted in this app and join it as its organiser.
    Host,
    Join,
    /// The fingerprint on the screen is the one on the invite sheet (一样，继续).
    TrustSame,
    /// It is not (不一样，停下): nothing is joined.
    TrustDifferent,
    /// Read the fingerprint aloud again.
    TrustRead,
    /// "Try again" for reading aloud (Settings).
    SpeechRetry,
    /// She has read the news box ("知道了").
    NewsRead,
    /// "练一练": open a fresh practice group (Help, first run).
    Practise,
    /// "回到真的团": leave the practice group (the banner on every screen).
    LeavePractice,
    /// "打印大字说明书" (Help).
    PrintGuide,
    /// The help form: what kind, her note.
    HelpForm(help::FormMessage),
    /// On the volunteers' list.
    Helping(helping::Message),
    /// On the 代下单 screen.
    OrderFor(crate::advanced::order_for::Message),
    /// Something on 我的数据.
    MyData(my_data::Message),
    /// Something on the tips screens (hear a tip, write one).
    Tips(tips::Message),
    /// Something on 提建议.
    Suggest(suggest::Message),
    /// 说话 (or Space): listen for one of this screen's phrases.
    Talk,
    /// Something on the enrolment screen (说话点菜).
    Enrol(voice::EnrolMessage),
}

/// What a basic screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Read these lines now (Read aloud: even with the voice off).
    Read(Vec<String>),
    /// Say these lines if the voice is on (a screen's own words when it opens).
    Speak(Vec<String>),
    /// Show and say news.
    Announce(Vec<String>),
    /// Show and say news about one deal (kept off other deals' screens).
    AnnounceAbout(DealId, Vec<String>),
    /// Place or change the order in the local store and send it.
    Order(Draft),
    /// Cancel the order in the local store and send it.
    Cancel(OrderId),
    /// File the complaint in the local store and send it.
    Complain {
        order: OrderId,
        kind: ComplaintKind,
        note: String,
    },
    /// Ask the volunteers for help: saved locally and sent.
    AskHelp {
        kind: HelpKind,
        note: String,
    },
    /// A volunteer claims a help request (我去帮) or says it is done (帮好了).
    StepHelp {
        request: HelpRequestId,
        finish: bool,
    },
    /// Settings changed: apply and save them.
    Settings(Settings),
    /// Join a group with the first-run form.
    Join(SetupForm),
    /// Make a group hosted here with the first-run form.
    Host(SetupForm),
    SpeechRetry,
    NewsRead,
    /// Open a fresh practice group ([`crate::app::practice`]).
    Practise,
    /// Leave it: her real group as it was.
    LeavePractice,
    /// Write the large-print guide into the data folder and open it.
    PrintGuide,
    /// 我的数据 asks for her data, an export, or leaving.
    MyData(my_data::Request),
    /// Save her tip in the local store (it waits for the organiser) and send it.
    WriteTip {
        product: Option<linli_core::model::ProductId>,
        body: String,
    },
    /// Save her suggestion in the local store and send it.
    Suggest {
        topic: linli_core::model::SuggestionTopic,
        body: String,
    },
    /// Read the 代下单 screen's neighbour and deals from the store.
    LoadOrderFor,
    /// Put the keyboard in this text field.
    Focus(iced::widget::Id),
    /// Enter her claimed request's neighbour's order (代下单); the screen hears how it went.
    EnterOrders(crate::advanced::order_for::Entry),
    /// Listen (about 4 s) for one of these phrases.
    Talk(Vec<crate::voice::Phrase>),
    /// Record, play back, re-record or erase her voice (the enrolment screen).
    Voice(voice::Request),
}

/// Basic mode's own state.
#[derive(Debug, Clone)]
pub struct Basic {
    pub screen: Screen,
    history: Vec<Screen>,
    /// The item chosen with the arrow keys on a list screen.
    pub selected: usize,
    pub pin_input: String,
    pub unlocked: bool,
    pub pin_wrong: bool,
    pub setup: SetupForm,
    /// The complaint being written.
    pub complaint: complaint::Form,
    /// 我的数据: her data as loaded, the question she is on.
    pub my_data: my_data::State,
    /// The tip an expert is writing.
    pub tip: tips::Form,
    /// The suggestion being written.
    pub suggest: suggest::Form,
    /// Whether this computer has joined a group (home is Deals, else Setup).
    joined: bool,
    /// The help request being written.
    pub help: help::Form,
    /// A volunteer's computer: home is the neighbours' help requests, not the deals.
    helper_home: bool,
    /// The enrolment screen's place.
    pub voice: voice::Form,
    /// 代下单 for her claimed request's neighbour (the organiser's page, for one person).
    pub order_for: crate::advanced::order_for::OrderFor,
}

impl Basic {
    pub fn new(joined: bool) -> Basic {
        Basic {
            screen: if joined { Screen::Deals } else { Screen::Setup },
            history: Vec::new(),
            selected: 0,
            pin_input: String::new(),
            unlocked: false,
            pin_wrong: false,
            setup: SetupForm::default(),
            complaint: complaint::Form::default(),
            my_data: my_data::State::default(),
            tip: tips::Form::default(),
            suggest: suggest::Form::default(),
            joined,
            help: help::Form::default(),
            helper_home: false,
            voice: voice::Form::default(),
            order_for: Default::default(),
        }
    }

    /// A volunteer's computer opens on 邻居求助 and goes home there.
    pub fn set_helper_home(&mut self, on: bool) {
        self.helper_home = on;
        if self.joined && self.history.is_empty() && self.screen != Screen::Setup {
            self.screen = self.home_screen();
        }
    }

    /// Whether home is 邻居求助 (a volunteer's computer).
    pub fn is_helper_home(&self) -> bool {
        self.helper_home
    }

    /// The first screen: Setup before joining, 邻居求助 for a volunteer, else the deals.
    pub fn home_screen(&self) -> Screen {
        match (self.joined, self.helper_home) {
            (false, _) => Screen::Setup,
            (true, true) => Screen::Helping,
            (true, false) => Screen::Deals,
        }
    }

    /// Whether she is on her first screen (no Back there).
    pub fn is_home(&self) -> bool {
        self.screen == self.home_screen()
    }

    /// A view over this state and the app's `s`.
    pub fn view_of<'a>(&'a self, s: Shared<'a>) -> View<'a> {
        View { s, b: self }
    }

    /// Opens `to`; returns the words to say when the screen reads itself on opening.
    pub fn go(&mut self, to: Screen, s: Shared) -> Action {
        if to != self.screen {
            let from = std::mem::replace(&mut self.screen, to);
            if !matches!(
                from,
                Screen::Done(_) | Screen::ConfirmCancel(_) | Screen::Confirm(_)
            ) {
                self.history.push(from);
            }
        }
        self.selected = 0;
        self.pin_wrong = false;
        if s.settings.auto_read {
            Action::Speak(script(self.view_of(s)))
        } else {
            Action::None
        }
    }

    /// Back to the first screen (Deals, or Setup before joining), forgetting the way.
    pub fn home(&mut self, s: Shared) -> Action {
        self.history.clear();
        self.screen = Screen::Setup;
        let a = self.go(self.home_screen(), s);
        self.history.clear();
        a
    }

    /// This computer joined a group: home becomes the deals.
    pub fn joined(&mut self, s: Shared) -> Action {
        self.joined = true;
        self.setup.joining = false;
        self.home(s)
    }

    /// Opens the enrolment screen; `first_run` (right after joining) offers 以后再说.
    pub fn open_voice(&mut self, first_run: bool, s: Shared) -> Action {
        self.voice = voice::Form {
            first_run,
            ..voice::Form::default()
        };
        self.go(Screen::Voice, s);
        Action::Speak(script(self.view_of(s)))
    }

    /// The app placed (or changed) the order: the done screen, read aloud.
    pub fn ordered(&mut self, d: Draft, s: Shared) -> Action {
        let _ = self.go(Screen::Done(d), s);
        Action::Speak(script(self.view_of(s)))
    }

    /// The app cancelled the order: back to My orders.
    pub fn cancelled(&mut self, id: OrderId) {
        self.history.retain(|s| *s != Screen::OrderDetail(id));
        self.screen = Screen::Orders;
    }

    /// The app filed the complaint: back to the order, where it now shows as waiting.
    pub fn complained(&mut self, id: OrderId) {
        self.complaint = complaint::Form::default();
        if self.history.last() == Some(&Screen::OrderDetail(id)) {
            self.history.pop();
        }
        self.screen = Screen::OrderDetail(id);
        self.selected = 0;
    }

    /// The app saved her tip: back to the tips, where it shows as waiting.
    pub fn tip_written(&mut self) {
        self.tip = tips::Form::default();
        if self.history.last() == Some(&Screen::Tips) {
            self.history.pop();
        }
        self.screen = Screen::Tips;
        self.selected = 0;
    }

    /// The app saved her suggestion: the form empties; it shows among hers below.
    pub fn suggested(&mut self) {
        self.suggest = suggest::Form::default();
    }

    pub fn update(&mut self, m: Message, s: Shared) -> Action {
        match m {
            Message::Select(i) => self.selected = i,
            Message::Home => return self.home(s),
            Message::Back if self.screen == Screen::MyData && self.my_data.back() => {}
            Message::Back => match self.history.pop() {
                Some(to) => {
                    self.screen = to;
                    self.selected = 0;
                }
                None => return self.home(s),
            },
            Message::Go(to) => {
                if to == Screen::Settings {
                    self.unlocked = s.settings.pin_hash.is_none();
                    self.pin_input.clear();
                }
                if to == Screen::Voice {
                    return self.open_voice(false, s);
                }
                if to == Screen::MyData {
                    self.my_data = my_data::State::default();
                    let _ = self.go(to, s);
                    return Action::MyData(my_data::Request::Load);
                }
                return self.go(to, s);
            }
            Message::ReadAloud => return Action::Read(script(self.view_of(s))),
            Message::OpenDeal(deal) => {
                if let Some(card) = s.vm.deals.iter().find(|c| c.deal.id == deal)
                    && card.left > 0
                {
                    let d = Draft {
                        deal,
                        qty: 1,
                        change: None,
                    };
                    return self.go(Screen::Order(d), s);
                }
                // Named, so on any screen it says what was sold out.
                let name = s.vm.deals.iter().find(|c| c.deal.id == deal);
                let words = match name {
                    Some(c) => s
                        .i18n
                        .ta("deal-sold-out-named", &[("name", c.name.clone())]),
                    None => s.i18n.t("cutoff-passed"),
                };
                return Action::AnnounceAbout(deal, vec![words]);
            }
            Message::More | Message::Less => {
                if let Screen::Order(d) = &mut self.screen {
                    let max = order::most(s.vm, d);
                    d.qty = if matches!(m, Message::More) {
                        (d.qty + 1).min(max)
                    } else {
                        d.qty.saturating_sub(1).max(1)
                    };
                }
            }
            Message::Next => {
                if let Screen::Order(d) = self.screen.clone() {
                    let a = self.go(Screen::Confirm(d), s);
                    if a == Action::None {
                        return Action::Speak(script(self.view_of(s)));
                    }
                    return a;
                }
            }
            Message::Buy => {
                if let Screen::Confirm(d) = self.screen {
                    return Action::Order(d);
                }
            }
            Message::OpenOrder(id) => return self.go(Screen::OrderDetail(id), s),
            Message::ChangeOrder(id) => {
                if let Some(l) = s.vm.orders.iter().find(|l| l.order.id == id) {
                    let d = Draft {
                        deal: l.deal.id,
                        qty: l.order.qty,
                        change: Some(id),
                    };
                    return self.go(Screen::Order(d), s);
                }
            }
            Message::AskCancel(id) => return self.go(Screen::ConfirmCancel(id), s),
            Message::CancelYes => {
                if let Screen::ConfirmCancel(id) = self.screen {
                    return Action::Cancel(id);
                }
            }
            Message::Complain(id) => {
                self.complaint = complaint::Form::default();
                return self.go(Screen::Complain(id), s);
            }
            Message::ComplaintKind(k) => self.complaint.kind = Some(k),
            Message::ComplaintNote(n) => self.complaint.note = n,
            Message::ComplaintReady(n) => {
                let mut note = self.complaint.note.clone();
                complaint::add_ready(self.view_of(s), &mut note, n);
                self.complaint.note = note;
            }
            Message::ComplaintSend => {
                if let Screen::Complain(order) = self.screen {
                    match self.complaint.kind {
                        Some(kind) => {
                            return Action::Complain {
                                order,
                                kind,
                                note: self.complaint.note.trim().to_string(),
                            };
                        }
                        None => {
                            self.complaint.missing = true;
                            return Action::Speak(vec![s.i18n.t("complain-choose-first")]);
                        }
                    }
                }
            }
            Message::SendHelp => {
                if matches!(self.screen, Screen::Help { .. }) && help::can_ask(self.view_of(s)) {
                    self.screen = Screen::Help { sent: true };
                    let f = std::mem::take(&mut self.help);
                    return Action::AskHelp {
                        kind: f.kind.unwrap_or_default(),
                        note: f.note.trim().to_string(),
                    };
                }
            }
            Message::HelpForm(m) => self.help.update(m),
            Message::Helping(helping::Message::OrderFor(member)) => {
                self.order_for.open_for(member);
                self.go(Screen::OrderFor(member), s);
                return Action::LoadOrderFor;
            }
            Message::Helping(m) => return helping::update(m),
            Message::OrderFor(m) => {
                use crate::advanced::order_for::{Event, focus_id};
                return match self.order_for.update(m, s.i18n, s.now.date()) {
                    Event::None => Action::None,
                    Event::Say(lines) => Action::Speak(lines),
                    Event::Focus(n, say) => {
                        if !say.is_empty() {
                            return Action::Speak(say);
                        }
                        Action::Focus(focus_id(n))
                    }
                    Event::Enter(e) => Action::EnterOrders(e),
                };
            }
            Message::SetLang(l) => return self.set(s, |x| x.lang = l),
            Message::SetZoom(z) => return self.set(s, |x| x.zoom = z),
            Message::SetVoice(v) => return self.set(s, |x| x.voice = v),
            Message::SetRate(r) => return self.set(s, |x| x.rate = r),
            Message::SetAutoRead(a) => return self.set(s, |x| x.auto_read = a),
            Message::SetTheme(t) => return self.set(s, |x| x.theme = t),
            Message::SetMode(m) => return self.set(s, |x| x.mode = m),
            Message::PinInput(p) => {
                self.pin_input = p.chars().filter(char::is_ascii_digit).take(8).collect()
            }
            Message::Unlock => {
                self.unlocked = s.settings.pin_ok(&self.pin_input);
                self.pin_wrong = !self.unlocked;
                self.pin_input.clear();
            }
            Message::SavePin => {
                let mut next = s.settings.clone();
                let ok = next.set_pin(&self.pin_input).is_ok();
                self.pin_wrong = !ok;
                self.pin_input.clear();
                if ok {
                    return Action::Settings(next);
                }
            }
            Message::SetupHub(x) => self.setup.hub = x,
            Message::SetupInvite(x) => self.setup.invite = x,
            Message::SetupName(x) => self.setup.name = x,
            Message::SetupPin(x) => {
                self.setup.pin = x.chars().filter(char::is_ascii_digit).take(8).collect()
            }
            Message::SetupHosting(h) => {
                self.setup.hosting = h;
                self.setup.error = None;
                if self.setup.port.is_empty() {
                    self.setup.port = crate::system::host::DEFAULT_PORT.to_string();
                }
            }
            Message::SetupGroup(x) => self.setup.group = x,
            Message::SetupPort(x) => {
                self.setup.port = x.chars().filter(char::is_ascii_digit).take(5).collect()
            }
            Message::Host | Message::Join => {
                let f = &self.setup;
                let hosting = matches!(m, Message::Host);
                let missing = if hosting {
                    f.group.trim().is_empty() || f.name.trim().is_empty()
                } else {
                    f.hub.trim().is_empty()
                        || f.invite.trim().is_empty()
                        || f.name.trim().is_empty()
                };
                let address = (!hosting && !missing)
                    .then(|| linli_core::sync::address::hub_address(&f.hub).err())
                    .flatten();
                let error = if missing {
                    Some("setup-missing")
                } else if let Some(e) = &address {
                    // Plain http to the internet, or not an address: said before anything is sent.
                    Some(e.message_id())
                } else if hosting && f.port.parse::<u16>().ok().filter(|p| *p >= 1024).is_none() {
                    Some("setup-port-hint")
                } else if s.settings.clone().set_pin(&f.pin).is_err() {
                    Some("setup-pin-hint")
                } else {
                    None
                };
                self.setup.error = error.map(|id| s.i18n.t(id));
                self.setup.detail = None;
                if error.is_none() {
                    self.setup.joining = !hosting;
                    return if hosting {
                        Action::Host(self.setup.clone())
                    } else {
                        Action::Join(self.setup.clone())
                    };
                }
            }
            Message::TrustSame => {
                if self.setup.trust.is_some() && !self.setup.joining {
                    self.setup.joining = true;
                    self.setup.error = None;
                    return Action::Join(self.setup.clone());
                }
            }
            Message::TrustDifferent => {
                self.setup.trust = None;
                self.setup.joining = false;
                self.setup.error = Some(s.i18n.t("trust-stopped"));
                return Action::Speak(vec![s.i18n.t("trust-stopped")]);
            }
            Message::TrustRead => {
                if let Some(fp) = self.setup.trust {
                    return Action::Read(vec![trust_words(s.i18n, fp)]);
                }
            }
            Message::SpeechRetry => return Action::SpeechRetry,
            Message::NewsRead => return Action::NewsRead,
            Message::Practise => return Action::Practise,
            Message::LeavePractice => return Action::LeavePractice,
            Message::PrintGuide => return Action::PrintGuide,
            Message::MyData(m) => return my_data::update(self, m, s),
            Message::Tips(m) => return tips::update(&mut self.tip, m, s),
            Message::Suggest(m) => return suggest::update(&mut self.suggest, m, s),
            Message::Talk => {
                let can = voice::usable(self.view_of(s));
                if !can.is_empty() {
                    return Action::Talk(can);
                }
            }
            Message::Enrol(m) => return voice::update(&mut self.voice, m, &s),
        }
        Action::None
    }

    /// Changes one setting; the app applies and saves it.
    fn set(&mut self, s: Shared, f: impl FnOnce(&mut Settings)) -> Action {
        let mut next = s.settings.clone();
        f(&mut next);
        Action::Settings(next)
    }

    /// The first-run form failed (a join refused, a port in use): say why.
    pub fn setup_failed(&mut self, words: String, detail: Option<String>) {
        self.setup.joining = false;
        self.setup.trust = None;
        self.setup.error = Some(words);
        self.setup.detail = detail;
    }

    /// The hub's certificate is not vouched for: ask her to compare its fingerprint with
    /// the invite sheet. Returns the words to say.
    pub fn setup_untrusted(
        &mut self,
        fp: linli_core::sync::tls::Fingerprint,
        i18n: &I18n,
    ) -> Vec<String> {
        self.setup.joining = false;
        self.setup.error = None;
        self.setup.trust = Some(fp);
        vec![i18n.t("trust-intro"), trust_words(i18n, fp)]
    }
}

/// The words of the pickup line: day, place, code — or that there is nothing to collect.
pub fn pickup_words(v: &Shared) -> String {
    match &v.vm.pickup {
        // The practice group's place and code are marked as practice, never taken for real.
        Some(p) => v.i18n.ta(
            if v.practice {
                "pickup-banner-practice"
            } else {
                "pickup-banner"
            },
            &[
                ("day", v.i18n.day(p.day, v.now.date())),
                ("place", p.place.clone()),
                ("code", p.code.clone()),
            ],
        ),
        None => v.i18n.t("pickup-none"),
    }
}

/// The fingerprint read aloud, digit by digit, with the question.
pub fn trust_words(i18n: &I18n, fp: linli_core::sync::tls::Fingerprint) -> String {
    i18n.ta("trust-read", &[("digits", fp.spoken())])
}

/// The member's bottom line: how syncing goes, only when there is something she should
/// know (not reached, waiting to send, reading aloud missing, never in touch yet); when all
/// is well the line is not drawn, and the page has its room.
pub fn sync_trouble(v: &Shared) -> Option<String> {
    let s = v.status;
    let fine = s.address_refused.is_none()
        && !s.certificate_changed
        && s.last_error.is_none()
        && s.last_sync.is_some()
        && v.vm.pending == 0
        && !(v.speech == Speech::Unavailable && v.settings.voice);
    (!fine).then(|| sync_words(v))
}

/// How syncing is going, in words.
pub fn sync_words(v: &Shared) -> String {
    let s = v.status;
    let mut out = if let Some(id) = s.address_refused {
        v.i18n.t(id)
    } else if s.certificate_changed {
        v.i18n.t("sync-cert-changed")
    } else if s.last_error.is_some() {
        v.i18n.t("sync-offline")
    } else if let Some(t) = s.last_sync {
        let clock = v.i18n.clock(t.with_timezone(&Local).time());
        v.i18n.ta("sync-last", &[("time", clock)])
    } else {
        v.i18n.t("sync-never")
    };
    if v.vm.pending > 0 {
        out.push_str(" · ");
        out.push_str(&v.i18n.tn("sync-pending", ("count", v.vm.pending), &[]));
    }
    if v.speech == Speech::Unavailable && v.settings.voice {
        out.push_str(" · ");
        out.push_str(&v.i18n.t("speech-unavailable"));
    }
    out
}

fn title(v: View) -> String {
    let id = match &v.b.screen {
        Screen::Setup => "setup-welcome",
        Screen::Deals => "deals-title",
        Screen::Order(_) => "order-title",
        Screen::Confirm(_) => "confirm-title",
        Screen::Done(_) => "done-title",
        Screen::Orders | Screen::OrderDetail(_) | Screen::ConfirmCancel(_) => "orders-title",
        Screen::Complain(_) => "complain-title",
        Screen::Notices => "notices-title",
        Screen::Help { .. } => "help-title",
        Screen::Settings => "settings-title",
        Screen::Helping => "helping-title",
        Screen::OrderFor(_) => "org-order-for",
        Screen::MyData => "mydata-title",
        Screen::Tips => "nb-title",
        Screen::WriteTip => "nb-write",
        Screen::Suggest => "nb-suggest",
        Screen::Voice => "voice-title",
        Screen::More => "more-title",
    };
    v.i18n.t(id)
}

/// A screen drawn in two parts: what may scroll, and its main actions, which the frame keeps
/// in a bar under it, in view whatever the window's size or the text size.
pub struct Page<'a> {
    pub body: Element<'a, Message>,
    pub actions: Option<Element<'a, Message>>,
    /// The body fits itself to the room it has and scrolls on its own (the deals' grid,
    /// which says how many more lie below).
    pub fitted: bool,
}

impl<'a> Page<'a> {
    /// A screen whose choices are its content (a list): nothing held in the bar.
    pub fn body(body: impl Into<Element<'a, Message>>) -> Page<'a> {
        Page {
            body: body.into(),
            actions: None,
            fitted: false,
        }
    }

    /// A screen with its main action(s) in the bar.
    pub fn with(
        body: impl Into<Element<'a, Message>>,
        actions: impl Into<Element<'a, Message>>,
    ) -> Page<'a> {
        Page {
            body: body.into(),
            actions: Some(actions.into()),
            fitted: false,
        }
    }
}

impl<'a> From<Element<'a, Message>> for Page<'a> {
    fn from(body: Element<'a, Message>) -> Page<'a> {
        Page::body(body)
    }
}

/// The deal a screen is about (how many, confirm, done), if it is about one.
fn screen_deal(b: &Basic) -> Option<DealId> {
    match &b.screen {
        Screen::Order(d) | Screen::Confirm(d) | Screen::Done(d) => Some(d.deal),
        _ => None,
    }
}

/// Whether the news concerns this screen: news about a deal shows on that deal's screens
/// and on screens about no deal, never on another deal's.
fn news_here(v: &View) -> bool {
    match (v.news_deal, screen_deal(v.b)) {
        (Some(n), Some(here)) => n == here,
        _ => true,
    }
}

/// From this text size (percent) the frame's own parts stop growing, and home's four ways
/// fold into 更多, so the page keeps its room.
pub const LARGE: u16 = 150;

/// The frame's context: the text size, but no larger than [`LARGE`] (the top bar and the
/// status line; the page and its action bar grow on).
fn chrome(c: Ctx) -> Ctx {
    Ctx {
        scale: crate::theme::Scale::new(LARGE.min((c.scale.zoom * 100.0).round() as u16)),
        ..c
    }
}

/// The top bar: Back (not on home), the title, Read aloud, Help. On home the title's place
/// holds the way to My orders, Notices, Tips and Settings.
fn top_bar<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let read = ui::big_button(
        c,
        ui::icon::with(ui::icon::SPEAK, &c.t("read-aloud")),
        Kind::Secondary,
        false,
        Some(Message::ReadAloud),
    );
    let help = ui::big_button(
        c,
        c.t("help"),
        Kind::Success,
        false,
        Some(Message::Go(Screen::Help { sent: false })),
    );
    if v.b.is_home() {
        let ways = if v.b.is_helper_home() {
            helping::nav(c)
        } else if v.settings.zoom >= LARGE {
            deals::more_button(c)
        } else {
            deals::nav(c)
        };
        // The ways wrap among themselves at large text; Read aloud and Help stay right.
        return row![container(ways).width(Length::Fill), read, help]
            .spacing(c.scale.gap())
            .align_y(iced::Alignment::Center)
            .into();
    }
    let back = ui::big_button(
        c,
        ui::icon::with(ui::icon::BACK, &c.t("back")),
        Kind::Secondary,
        false,
        Some(Message::Back),
    );
    // At large zoom the title steps down to body size so the bar stays one line.
    let title = if v.settings.zoom >= LARGE {
        ui::body(c, title(v))
    } else {
        ui::heading(c, title(v))
    };
    row![
        back,
        container(title).width(Length::Fill).center_x(Length::Fill),
        read,
        help
    ]
    .spacing(c.scale.gap())
    .align_y(iced::Alignment::Center)
    .into()
}

/// The one status area under the top bar: the next pickup (day, place, code) with 说话 beside
/// it where she can order by voice, what the microphone heard, and the news with 知道了.
fn status_area<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut pickup = row![container(ui::body(c, pickup_words(&v))).width(Length::Fill)]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center);
    let mut heard = None;
    if let Some((button, words)) = voice::talk(v, c) {
        pickup = pickup.push(button);
        heard = Some(words);
    }
    let mut area = column![pickup].extend(heard).spacing(c.scale.gap() / 2.0);
    if let Some(a) = v.announcement.filter(|_| news_here(&v)) {
        area = area.push(ui::news_line(c, a, c.t("news-read"), Message::NewsRead));
    }
    ui::status(c, area)
}

/// The whole window for the current screen: the top bar, the status area, the screen's
/// content (scrolling when it must), its actions in a bar that never scrolls, and how
/// syncing goes.
pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    if v.b.screen == Screen::Setup {
        let page = setup::view(v, c);
        let mut col = column![].spacing(c.scale.gap());
        // News on first run: she has just left a group (said aloud too).
        if let Some(a) = v.announcement {
            col = col.push(ui::news_line(c, a, c.t("news-read"), Message::NewsRead));
        }
        return frame(c, col, page, None);
    }
    let f = chrome(c);
    let mut head = column![top_bar(v, f), status_area(v, f)].spacing(f.scale.gap());
    // A coordinator's way to the neighbours' help requests.
    if let Some(e) = helping::entry(v, c) {
        head = head.push(e);
    }
    let page: Page<'a> = match &v.b.screen {
        Screen::Setup | Screen::Deals => deals::view(v, c),
        Screen::Order(d) => order::view(v, c, d),
        Screen::Confirm(d) => order::confirm(v, c, d),
        Screen::Done(d) => order::done(v, c, d),
        Screen::Orders => orders::view(v, c).into(),
        Screen::OrderDetail(id) => orders::detail(v, c, *id),
        Screen::ConfirmCancel(id) => orders::confirm_cancel(v, c, *id),
        Screen::Complain(id) => complaint::view(v, c, *id),
        Screen::Notices => notices::view(v, c).into(),
        Screen::Help { sent } => help::view(v, c, *sent),
        Screen::Settings => settings::view(v, c).into(),
        Screen::Helping => Page::body(helping::view(v, c).map(Message::Helping)),
        Screen::OrderFor(_) => {
            let cx = crate::advanced::Cx {
                c,
                now: v.now,
                host: None,
            };
            Page {
                body: v.b.order_for.view(cx).map(Message::OrderFor),
                actions: v.b.order_for.bar(cx).map(|e| e.map(Message::OrderFor)),
                fitted: false,
            }
        }
        Screen::MyData => my_data::view(v, c),
        Screen::Tips => tips::view(v, c).into(),
        Screen::WriteTip => tips::write(v, c),
        Screen::Suggest => suggest::view(v, c),
        Screen::Voice => voice::view(v, c),
        Screen::More => deals::more(v, c).into(),
    };
    let foot = sync_trouble(&v).map(|w| ui::note(c, w));
    frame(c, head, page, foot)
}

/// Stacks the frame: `head` on top, then the page's body (its own scrolling when it is
/// the deals' grid, else a scrollable), the page's action bar, then `foot`.
fn frame<'a>(
    c: Ctx<'a>,
    head: impl Into<Element<'a, Message>>,
    page: Page<'a>,
    foot: Option<Element<'a, Message>>,
) -> Element<'a, Message> {
    let body: Element<'a, Message> = if page.fitted {
        container(page.body)
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    } else {
        scrollable(container(page.body).width(Length::Fill))
            .spacing(c.scale.gap())
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    };
    let mut col = column![head.into(), body].spacing(c.scale.gap());
    if let Some(a) = page.actions {
        col = col.push(ui::action_bar(c, a));
    }
    if let Some(f) = foot {
        col = col.push(f);
    }
    col.into()
}

/// What Read aloud says on the current screen, in reading order.
pub fn script(v: View) -> Vec<String> {
    let mut lines = Vec::new();
    if v.practice {
        lines.push(v.i18n.t("practice-banner"));
    }
    lines.push(title(v));
    if !matches!(v.b.screen, Screen::Setup | Screen::Settings) {
        lines.push(pickup_words(&v));
    }
    if let Some(a) = v.announcement
        && matches!(v.b.screen, Screen::Deals | Screen::Orders | Screen::Helping)
    {
        lines.push(a.to_string());
    }
    lines.extend(match &v.b.screen {
        Screen::Setup => vec![v.i18n.t("setup-intro")],
        Screen::Deals => deals::script(v),
        Screen::Order(d) => order::script(v, d),
        Screen::Confirm(d) => vec![order::confirm_words(v, d)],
        Screen::Done(d) => vec![order::done_words(v, d)],
        Screen::Orders => orders::script(v),
        Screen::OrderDetail(id) => orders::detail_script(v, *id),
        Screen::ConfirmCancel(id) => vec![orders::cancel_words(v, *id)],
        Screen::Complain(id) => complaint::script(v, *id),
        Screen::Notices => notices::script(v),
        Screen::Help { sent } => help::script(v, *sent),
        Screen::Settings => vec![],
        Screen::Helping => helping::script(v),
        Screen::OrderFor(_) => v.b.order_for.script(v.i18n),
        Screen::MyData => my_data::script(v),
        Screen::Tips => tips::script(v),
        Screen::WriteTip => tips::write_script(v),
        Screen::Suggest => suggest::script(v),
        Screen::Voice => voice::script(v),
        Screen::More => deals::more_script(v),
    });
    lines
}

/// What a key does on the current screen. Esc goes back and R reads aloud everywhere.
pub fn on_key(v: View, k: Key) -> Option<Message> {
    match k {
        Key::Escape | Key::Backspace
            if matches!(v.b.screen, Screen::OrderFor(_)) && v.b.order_for.takes_escape() =>
        {
            return v.b.order_for.on_key(k).map(Message::OrderFor);
        }
        Key::Escape | Key::Backspace if v.b.screen != Screen::Setup && !v.b.is_home() => {
            return Some(Message::Back);
        }
        Key::Read if v.b.screen != Screen::Setup => return Some(Message::ReadAloud),
        Key::Talk if !voice::usable(v).is_empty() => return Some(Message::Talk),
        _ => {}
    }
    match &v.b.screen {
        Screen::Deals => deals::on_key(v, k),
        Screen::Order(d) => order::on_key(v, d, k),
        Screen::Confirm(d) => order::confirm_key(v, d, k),
        Screen::Done(_) => (k == Key::Enter).then_some(Message::Home),
        Screen::Orders => orders::on_key(v, k),
        Screen::OrderDetail(id) => orders::detail_key(v, *id, k),
        // Cancelling takes its own key: Enter keeps the order.
        Screen::ConfirmCancel(_) => match k {
            Key::Number(1) => Some(Message::CancelYes),
            Key::Enter | Key::Number(2) => Some(Message::Back),
            _ => None,
        },
        Screen::Complain(_) => complaint::on_key(k),
        Screen::Help { .. } => help::on_key(v, k),
        Screen::Helping => helping::on_key(v, k).map(Message::Helping),
        Screen::OrderFor(_) => v.b.order_for.on_key(k).map(Message::OrderFor),
        Screen::MyData => my_data::on_key(v, k).map(Message::MyData),
        Screen::Tips => tips::on_key(v, k),
        Screen::WriteTip => tips::write_key(v, k),
        Screen::Suggest => suggest::on_key(v, k),
        Screen::Voice => voice::on_key(v, k),
        Screen::More => deals::more_key(v, k),
        // Enter in the first-run form joins (or makes the group), as the button does.
        // Never while a fingerprint waits: she answers it with a button.
        Screen::Setup if k == Key::Enter && !v.b.setup.joining && v.b.setup.trust.is_none() => {
            Some(if v.b.setup.hosting {
                Message::Host
            } else {
                Message::Join
            })
        }
        _ => None,
    }
}
