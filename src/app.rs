//! The app: it owns the store, sync, speech, settings and the hub it may host, and routes
//! messages to the two faces — basic mode's screens ([`crate::basic`]) and the organiser's
//! ([`crate::advanced`]). Each face updates its own state and returns an action; `perform`
//! here is the one place that writes the store, wakes sync, speaks and words a refusal.

use crate::advanced::{self, Advanced};
use crate::basic::{self, Basic};
use crate::i18n::I18n;
use crate::system::host::{Host, HostInfo};
use crate::system::settings::{Mode, Settings};
use crate::system::speech::{Speaker, SpeechStatus};
use crate::theme::{self, Palette, Scale};
use crate::ui::keys::{self, Key};
use crate::ui::{self, Ctx};
use crate::view_model::ViewModel;
use chrono::{Local, NaiveDate, NaiveDateTime};
use iced::{Element, Subscription, Task};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::store::StoreError;
use linli_core::store::sync::{Answered, Identity};
use linli_core::sync::client::{SharedStore, SyncError, SyncStatus, Syncer};
use linli_core::sync::protocol::{Reason, Verdict};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;

mod my_data;
mod neighbours;
mod perform;
pub mod practice;
pub mod screens;
mod voice;

#[derive(Debug, Clone)]
pub enum Message {
    Key(Key),
    /// Something on a member's screen (basic mode).
    Basic(basic::Message),
    /// Something on the organiser's screens (advanced mode).
    Advanced(advanced::Message),
    Joined(Result<Identity, JoinTrouble>),
    Synced(SyncEvent),
    Tick,
    /// A frame was drawn (only watched by the start-up probe).
    Frame,
    /// The hub's answer to her leaving the group (我的数据).
    Left(Result<(), crate::files::my_data::LeaveTrouble>),
    /// The microphone: its level, then what it recorded.
    Voice(crate::voice::Event),
    /// The window opened, changed size, or is being closed.
    Window(WindowEvent),
}

/// What the window did ([`crate::system::window`] keeps it on screen and remembers its size).
#[derive(Debug, Clone)]
pub enum WindowEvent {
    Opened(iced::window::Id),
    Resized(iced::Size),
    /// She closed it: save its size, then quit.
    CloseAsked,
}

/// Why joining did not happen.
#[derive(Debug, Clone)]
pub enum JoinTrouble {
    /// The hub's certificate is not vouched for: she compares this with the invite sheet.
    Untrusted(linli_core::sync::tls::Fingerprint),
    /// The hub showed another certificate than the one she just confirmed.
    Changed,
    /// Refused by the address rule (a Fluent id).
    Address(&'static str),
    /// The hub could not be reached at any address tried (the network's words).
    Unreachable(String),
    /// The hub answered no: its status, its error code and its words.
    Refused {
        status: u16,
        code: String,
        detail: String,
    },
    /// Anything else (this computer's store, say), in the program's words.
    Other(String),
}

impl From<linli_core::sync::client::SyncError> for JoinTrouble {
    fn from(e: linli_core::sync::client::SyncError) -> JoinTrouble {
        use linli_core::sync::client::SyncError;
        match e {
            SyncError::Untrusted { fingerprint } => JoinTrouble::Untrusted(fingerprint),
            SyncError::CertificateChanged { .. } => JoinTrouble::Changed,
            SyncError::Address(a) => JoinTrouble::Address(a.message_id()),
            e @ SyncError::Network(_) => JoinTrouble::Unreachable(e.to_string()),
            SyncError::Hub {
                status,
                code,
                message,
            } => JoinTrouble::Refused {
                status,
                detail: format!("{status} {code}: {message}"),
                code,
            },
            other => JoinTrouble::Other(other.to_string()),
        }
    }
}

/// News from the sync task.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    Status(SyncStatus),
    Answer(Answered),
}

/// Where the app keeps its files (None in tests: nothing is written but the store).
#[derive(Debug, Clone)]
pub struct Paths {
    pub settings: PathBuf,
    /// The data folder: the hosted hub's file, printed sheets.
    pub dir: PathBuf,
}

/// What basic screens may read of `$app` (a macro, so `split` can borrow these fields
/// beside `basic`).
macro_rules! shared {
    ($app:expr) => {
        basic::Shared {
            i18n: &$app.i18n,
            vm: &$app.vm,
            now: $app.now,
            settings: &$app.settings,
            status: &$app.status,
            speech: speech_of(&$app.speaker),
            announcement: $app.announcement.as_deref(),
            news_deal: $app.news_deal,
            settings_note: $app.settings_note.as_deref(),
            compatible: $app.starting.as_ref().is_some_and(|s| s.software()),
            practice: $app.practice.is_some(),
            voice: &$app.voice,
        }
    };
}

/// The organiser's pages' context from `$app` (a macro for the same reason as `shared!`).
macro_rules! org_cx {
    ($app:expr) => {
        advanced::Cx {
            c: Ctx {
                i18n: &$app.i18n,
                pal: &$app.pal,
                scale: Scale::advanced($app.settings.zoom),
            },
            now: $app.now,
            host: $app.hosted.as_ref(),
        }
    };
}

pub struct App {
    pub settings: Settings,
    pub settings_note: Option<String>,
    pub(crate) paths: Option<Paths>,
    pub i18n: I18n,
    pub pal: Palette,
    pub speaker: Speaker,
    pub store: SharedStore,
    pub identity: Option<Identity>,
    pub vm: ViewModel,
    /// Basic mode's screens and their state.
    pub basic: Basic,
    /// The organiser's pages and their state (advanced mode).
    pub advanced: Advanced,
    /// The group's hub, when this computer runs it.
    pub host: Option<Host>,
    /// What the invite page and sheet show of a hub this computer runs (the hosted hub,
    /// or the organiser's demo).
    pub hosted: Option<HostInfo>,
    pub status: SyncStatus,
    /// The latest answer or news, shown under the pickup line and read aloud; kept until
    /// she has read it (or heard it and moved on) or the day is over.
    pub announcement: Option<String>,
    /// The deal the news is about, if all of it is about one.
    pub news_deal: Option<DealId>,
    pub(crate) news_day: NaiveDate,
    pub(crate) news_read: bool,
    pub(crate) waker: Option<Arc<Notify>>,
    /// The running sync task (aborted when dropped): stopped while she practises.
    pub(crate) sync: Option<iced::task::Handle>,
    /// The practice group she is in (练一练), with her real group put aside.
    pub practice: Option<practice::Practice>,
    /// Local time the screens reason with (cutoff words); refreshed every 30 s.
    pub now: NaiveDateTime,
    /// Her voice commands: her recordings, the microphone, what was heard.
    pub voice: crate::voice::Voice,
    /// Where the window's size is remembered (none for a `--window` run), and its size now.
    pub(crate) window_file: Option<PathBuf>,
    pub(crate) window_size: Option<iced::Size>,
    /// This start, set by `main`: how the window is drawn, and the start marker, removed
    /// on the first frame (see [`crate::system::renderer`]).
    pub starting: Option<Arc<crate::system::renderer::Starting>>,
    pub(crate) first_frame: bool,
}

impl App {
    /// An app over `store`; starts on Setup when the store has not joined a group.
    pub fn new(
        store: SharedStore,
        settings: Settings,
        speaker: Speaker,
        paths: Option<Paths>,
    ) -> App {
        let identity = store.lock().expect("store").identity().ok().flatten();
        let volunteer = identity.as_ref().is_some_and(|i| i.role == Role::Volunteer);
        let mut app = App {
            i18n: I18n::new(settings.lang),
            pal: theme::by_id(&settings.theme),
            settings,
            settings_note: None,
            paths,
            speaker,
            store,
            basic: Basic::new(identity.is_some()),
            advanced: Advanced::default(),
            host: None,
            hosted: None,
            identity,
            vm: ViewModel::default(),
            status: SyncStatus::default(),
            announcement: None,
            news_deal: None,
            news_day: Local::now().date_naive(),
            news_read: false,
            waker: None,
            sync: None,
            practice: None,
            now: Local::now().naive_local(),
            voice: crate::voice::Voice::none(),
            window_file: None,
            window_size: None,
            starting: None,
            first_frame: false,
        };
        if let Some(p) = &app.paths {
            app.voice =
                crate::voice::Voice::open(&p.dir.join("voice"), crate::voice::audio::Mic::Device);
        }
        app.basic.set_helper_home(volunteer);
        app.refresh();
        app
    }

    /// The drawing context of the current settings (basic mode's sizes).
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            i18n: &self.i18n,
            pal: &self.pal,
            scale: Scale::new(self.settings.zoom),
        }
    }

    /// What basic screens may show of the app.
    pub fn shared(&self) -> basic::Shared<'_> {
        shared!(self)
    }

    /// Basic mode's state to change, beside what it may read of the app.
    pub(crate) fn split(&mut self) -> (&mut Basic, basic::Shared<'_>) {
        (&mut self.basic, shared!(self))
    }

    /// The organiser's pages' context: words, colours, sizes (advanced scale), clock.
    pub fn org_cx(&self) -> advanced::Cx<'_> {
        org_cx!(self)
    }

    /// Keeps the hub this app runs, and shows its address and codes on the invite page.
    pub fn set_host(&mut self, host: Host) {
        self.hosted = Some(host.info().clone());
        self.host = Some(host);
    }

    /// The organiser's pages to change, beside their context.
    fn org_split(&mut self) -> (&mut Advanced, advanced::Cx<'_>) {
        (&mut self.advanced, org_cx!(self))
    }

    /// Whether the organiser's pages show: advanced mode chosen by an organiser.
    pub fn is_advanced(&self) -> bool {
        self.settings.mode == Mode::Advanced
            && self
                .identity
                .as_ref()
                .is_some_and(|i| i.role == Role::Organiser)
    }

    /// Starts syncing in the background (the real app; tests drive sync themselves). The
    /// task stops when `self.sync` is dropped.
    pub fn start_sync(&mut self) -> Task<Message> {
        let mut syncer = match Syncer::new(self.store.clone()) {
            Ok(s) => s,
            Err(SyncError::Address(a)) => {
                self.status.address_refused = Some(a.message_id());
                return Task::none();
            }
            Err(_) => return Task::none(),
        };
        self.waker = Some(syncer.waker());
        let answers = syncer.answers();
        let status = syncer.status();
        let run = Task::future(async move {
            syncer.run(std::future::pending()).await;
        })
        .discard();
        let events = iced::futures::stream::unfold(
            (answers, status),
            |(mut answers, mut status)| async move {
                let ev = tokio::select! {
                    Some(a) = answers.recv() => SyncEvent::Answer(a),
                    Ok(()) = status.changed() => SyncEvent::Status(status.borrow_and_update().clone()),
                    else => return None,
                };
                Some((ev, (answers, status)))
            },
        );
        let (task, handle) =
            Task::batch([run, Task::stream(events).map(Message::Synced)]).abortable();
        self.sync = Some(handle.abort_on_drop());
        task
    }

    /// Re-reads the view model from the store, announcing what changed for the member
    /// (confirmed, goods arrived, a deal that did not form, a new notice); the organiser's
    /// current page reloads too.
    pub fn refresh(&mut self) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let new = match ViewModel::load(&self.store.lock().expect("store"), &me, self.now.date()) {
            Ok(vm) => vm,
            Err(e) => {
                tracing::warn!("the view model was not read: {e}");
                self.announcement = Some(self.i18n.t("store-read-failed"));
                return;
            }
        };
        let mut news = Vec::new();
        // The deals the news is about: one deal's news stays off another deal's screens.
        let mut about = std::collections::BTreeSet::new();
        let mut deal_news = 0;
        if !self.vm.orders.is_empty() || !self.vm.notices.is_empty() {
            let v = self.basic.view_of(self.shared());
            for line in &new.orders {
                let before = self.vm.orders.iter().find(|l| l.order.id == line.order.id);
                if let Some(b) = before
                    && b.order.state != line.order.state
                    && let Some(words) = basic::orders::change_words(v, line)
                {
                    news.push(words);
                    about.insert(line.deal.id);
                    deal_news += 1;
                }
            }
            news.extend(basic::complaint::answer_news(v, &self.vm, &new));
            for n in &new.notices {
                if !self.vm.notices.iter().any(|o| o.id == n.id) {
                    // The whole notice, so hearing it is enough.
                    news.push(self.i18n.ta(
                        "notice-new",
                        &[
                            (
                                "title",
                                n.title.trim_end_matches(['。', '.', '！', '!']).into(),
                            ),
                            ("body", basic::notices::rest(n)),
                        ],
                    ));
                }
            }
        }
        // Orders someone entered for her (代下单): news once per order, remembered in her
        // store so a restart does not tell it again.
        if !self.is_advanced() {
            let told = self
                .store
                .lock()
                .expect("store")
                .told_entered()
                .unwrap_or_default();
            let fresh =
                basic::orders::entered_news(&self.i18n, &new.orders, &told, self.now.date());
            if !fresh.is_empty() {
                let ids: Vec<OrderId> = fresh.iter().map(|f| f.0).collect();
                if let Err(e) = self.store.lock().expect("store").set_told_entered(&ids) {
                    tracing::warn!("orders told of were not remembered: {e}");
                }
                for (_, deal, words) in fresh {
                    news.push(words);
                    about.insert(deal);
                    deal_news += 1;
                }
            }
        }
        // Volunteers and help: her request claimed or done; a neighbour asking (volunteers).
        news.extend(basic::help::news(&self.i18n, &self.vm, &new));
        news.extend(basic::helping::news(&self.i18n, &self.vm, &new));
        // A newly adopted idea, or her own suggestion answered (not on the organiser's pages:
        // she answered it herself).
        if !self.is_advanced() {
            news.extend(basic::tips::news(
                &self.i18n,
                &self.vm,
                &new,
                self.now.date(),
            ));
        }
        self.vm = new;
        self.status.pending = self.vm.pending;
        self.reload_my_data();
        if matches!(self.basic.screen, basic::Screen::OrderFor(_)) {
            self.load_order_for();
        }
        // The organiser's pages read their data only while they are what she sees.
        if self.is_advanced() {
            let store = self.store.lock().expect("store");
            if let Err(e) = self.advanced.load(&store, &me, self.now) {
                tracing::warn!("organiser page: {e}");
            }
        }
        if !news.is_empty() {
            let one = (about.len() == 1 && deal_news == news.len())
                .then(|| about.first().copied())
                .flatten();
            self.announce_about(one, news);
        }
    }

    /// Moves the app's clock (every 30 s; tests move it further). Yesterday's news is old
    /// news: it goes when the day changes.
    pub fn set_clock(&mut self, now: NaiveDateTime) {
        self.now = now;
        if self.now.date() != self.news_day {
            self.announcement = None;
        }
        self.refresh();
    }

    /// Shows `lines`, one news per line, and reads them aloud if the voice is on.
    pub(crate) fn announce(&mut self, lines: Vec<String>) {
        self.announce_about(None, lines);
    }

    /// Shows and says `lines` about `deal` (if about one): they show on that deal's screens
    /// and on screens about no deal, never on another deal's.
    pub(crate) fn announce_about(&mut self, deal: Option<DealId>, lines: Vec<String>) {
        self.news_deal = deal;
        self.announcement = Some(lines.join("\n"));
        self.news_day = self.now.date();
        self.news_read = false;
        self.speak(lines);
    }

    /// Says `lines` if the voice is on (the speaker keeps them either way).
    pub(crate) fn speak(&mut self, lines: Vec<String>) {
        if self.settings.voice {
            self.speaker
                .say(lines, self.settings.lang, self.settings.rate);
        } else {
            self.speaker.last = lines;
        }
    }

    fn wake(&self) {
        if let Some(w) = &self.waker {
            w.notify_one();
        }
    }

    pub(crate) fn apply_settings(&mut self, next: Settings) {
        let before = std::mem::replace(&mut self.settings, next);
        self.i18n = I18n::new(self.settings.lang);
        self.pal = theme::by_id(&self.settings.theme);
        if let Some(p) = &self.paths
            && let Err(e) = self.settings.save(&p.settings)
        {
            self.settings_note = Some(e.to_string());
        }
        if before.voice && !self.settings.voice {
            self.speaker.stop();
        }
        if before.rate != self.settings.rate {
            let s = vec![self.i18n.t(self.settings.rate.message_id())];
            self.speak(s);
        }
        if before.mode != self.settings.mode {
            if self.settings.mode == Mode::Advanced && !self.is_advanced() {
                let words = self.i18n.t("advanced-organiser-only");
                self.announce(vec![words]);
            } else {
                self.refresh();
            }
        }
    }

    /// Why the store refused, in her words (a reason's Fluent message when it has one).
    pub(crate) fn reason_words(&self, e: &StoreError) -> String {
        Reason::of(e)
            .map(|r| self.i18n.t(r.message_id()))
            .unwrap_or_else(|| {
                tracing::warn!("the store refused: {e}");
                self.i18n.t("store-trouble")
            })
    }

    /// Words for a store refusal.
    fn refusal(&self, e: &StoreError) -> String {
        self.i18n
            .ta("order-refused", &[("reason", self.reason_words(e))])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            // Tab moves between the text fields of a form, in either mode.
            Message::Key(Key::Tab) => return iced::widget::operation::focus_next(),
            Message::Key(Key::BackTab) => return iced::widget::operation::focus_previous(),
            Message::Key(k) => {
                if self.is_advanced() {
                    let cx = self.org_cx();
                    if let Some(m) = self.advanced.on_key(k, &cx) {
                        return self.update(Message::Advanced(m));
                    }
                } else if let Some(m) = basic::on_key(self.basic.view_of(self.shared()), k) {
                    return self.update(Message::Basic(m));
                }
            }
            Message::Basic(m) => {
                // News she has read (or heard read) goes when she moves on.
                let moving = matches!(
                    m,
                    basic::Message::Go(_) | basic::Message::Back | basic::Message::Home
                );
                if moving && self.news_read {
                    self.announcement = None;
                    self.news_read = false;
                }
                return self.basic_message(m);
            }
            Message::Voice(c) => return self.heard(c),
            Message::Advanced(m) => {
                let me = self.identity.clone();
                let store = self.store.clone();
                let action = {
                    let store = store.lock().expect("store");
                    let (advanced, cx) = self.org_split();
                    advanced.update(m, &cx, &store, me.as_ref())
                };
                return self.perform(action);
            }
            Message::Joined(r) => match r {
                Ok(id) => {
                    // The organiser invite joins as the organiser: her pages.
                    if id.role == Role::Organiser && self.settings.mode != Mode::Advanced {
                        let mut next = self.settings.clone();
                        next.mode = Mode::Advanced;
                        self.apply_settings(next);
                    }
                    // A volunteer's computer opens on the neighbours' help requests.
                    self.basic.set_helper_home(id.role == Role::Volunteer);
                    self.identity = Some(id);
                    self.refresh();
                    let (b, s) = self.split();
                    let a = b.joined(s);
                    let _ = self.perform_basic(a);
                    // A member's first run goes on to teaching the app her voice (以后再说
                    // skips it), where there is a microphone to teach it with.
                    if self.voice.can_enrol()
                        && !self.voice.enrolled()
                        && !self.is_advanced()
                        && self
                            .identity
                            .as_ref()
                            .is_some_and(|i| i.role == Role::Member)
                        && crate::voice::audio::has_microphone(&self.voice.mic)
                    {
                        let (b, s) = self.split();
                        let a = b.open_voice(true, s);
                        let _ = self.perform_basic(a);
                    }
                    return self.start_sync();
                }
                Err(JoinTrouble::Untrusted(fp)) => {
                    let words = self.basic.setup_untrusted(fp, &self.i18n);
                    self.speak(words);
                }
                Err(e) => {
                    let (words, detail) = self.join_trouble_words(e);
                    self.basic.setup_failed(words.clone(), detail);
                    self.speak(vec![words]);
                }
            },
            Message::Synced(SyncEvent::Status(s)) => {
                self.status = s;
                self.refresh();
            }
            Message::Synced(SyncEvent::Answer(a)) => {
                self.refresh();
                if let Some(words) = self.answer_words(&a) {
                    let deal = self.answer_deal(&a);
                    self.announce_about(deal, vec![words]);
                }
            }
            Message::Frame => {
                if !self.first_frame {
                    self.first_frame = true;
                    if let Some(s) = &self.starting {
                        s.drawn();
                    }
                }
                if crate::system::probe::enabled() {
                    crate::system::probe::report();
                    return iced::exit();
                }
            }
            Message::Tick => self.set_clock(Local::now().naive_local()),
            Message::Left(r) => return self.left(r),
            Message::Window(e) => return self.window(e),
        }
        Task::none()
    }

    /// Remembers the window's size in `file` when she closes it (the real app, not a
    /// `--window` run).
    pub fn remember_window_in(&mut self, file: PathBuf) {
        self.window_file = Some(file);
    }

    fn window(&mut self, e: WindowEvent) -> Task<Message> {
        match e {
            WindowEvent::Opened(id) => return crate::system::window::keep_on_screen(id),
            WindowEvent::Resized(size) => self.window_size = Some(size),
            // Saved at once, then quit: closing never waits on anything that could stall.
            WindowEvent::CloseAsked => {
                if let (Some(file), Some(size)) = (&self.window_file, self.window_size) {
                    let place = crate::system::window::Place {
                        width: size.width,
                        height: size.height,
                    };
                    if let Err(e) = place.save(file) {
                        tracing::warn!("window size not saved: {e}");
                    }
                }
                return iced::exit();
            }
        }
        Task::none()
    }

    /// The deal an answer is about (an order placed, changed or cancelled).
    fn answer_deal(&self, a: &Answered) -> Option<DealId> {
        let order = match &a.command {
            Command::PlaceOrder { deal_id, .. } => return Some(*deal_id),
            Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => order_id,
            _ => return None,
        };
        self.vm
            .orders
            .iter()
            .find(|l| l.order.id == *order)
            .map(|l| l.deal.id)
    }

    /// The neighbour an order command was for, when it was not this computer's own
    /// (代下单).
    fn entered_for(&self, c: &Command) -> Option<String> {
        let me = self.identity.as_ref()?.member_id;
        let store = self.store.lock().expect("store");
        let member = match c {
            Command::PlaceOrder { member_id, .. } => (*member_id)?,
            Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => {
                store.order(*order_id).ok()??.member_id
            }
            _ => return None,
        };
        (member != me)
            .then(|| store.member(member).ok().flatten())
            .flatten()
            .map(|m| m.display_name)
    }

    /// What to tell the member about the hub's answer to one of their commands.
    fn answer_words(&self, a: &Answered) -> Option<String> {
        let name = |deal: Option<DealId>, order: Option<OrderId>| {
            let by_deal = deal.and_then(|d| {
                self.vm
                    .deals
                    .iter()
                    .find(|c| c.deal.id == d)
                    .map(|c| c.name.clone())
            });
            let by_order = order.and_then(|o| {
                self.vm
                    .orders
                    .iter()
                    .find(|l| l.order.id == o)
                    .map(|l| l.name.clone())
            });
            by_deal.or(by_order).unwrap_or_default()
        };
        // An order taken for a neighbour (代下单) was said when it was entered; only a
        // refusal is news, and it names her.
        if let Some(neighbour) = self.entered_for(&a.command) {
            return match &a.verdict {
                Verdict::Applied => None,
                Verdict::Rejected { message_id, .. } => Some(self.i18n.ta(
                    "order-for-refused",
                    &[("name", neighbour), ("reason", self.i18n.t(message_id))],
                )),
            };
        }
        let who = match &a.command {
            Command::PlaceOrder {
                deal_id, order_id, ..
            } => name(Some(*deal_id), Some(*order_id)),
            Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => {
                name(None, Some(*order_id))
            }
            // She was told when she filed it; only a refusal is news.
            Command::FileComplaint { order_id, .. } => match a.verdict {
                Verdict::Applied => return None,
                Verdict::Rejected { .. } => name(None, Some(*order_id)),
            },
            // Her tip or suggestion: she was told when she sent it; only a refusal is news.
            Command::WriteTip { .. } | Command::Suggest { .. } if !self.is_advanced() => {
                return basic::tips::hub_answer(&self.i18n, a);
            }
            Command::AskHelp { .. } => {
                return matches!(a.verdict, Verdict::Applied).then(|| self.i18n.t("outcome-help"));
            }
            // A volunteer was told when she pressed it; only a refusal is news.
            Command::ClaimHelp { .. } | Command::FinishHelp { .. } => {
                return match &a.verdict {
                    Verdict::Applied => None,
                    Verdict::Rejected { message_id, .. } => Some(
                        self.i18n
                            .ta("helping-refused", &[("reason", self.i18n.t(message_id))]),
                    ),
                };
            }
            // The organiser's commands were worded when she sent them; only a refusal
            // (a code already used at another desk, a deal that closed meanwhile) is news.
            _ => {
                return match &a.verdict {
                    Verdict::Applied => None,
                    Verdict::Rejected { message_id, .. } => Some(self.i18n.ta(
                        "outcome-org-rejected",
                        &[("reason", self.i18n.t(message_id))],
                    )),
                };
            }
        };
        Some(match &a.verdict {
            Verdict::Applied => self.i18n.ta("outcome-confirmed", &[("name", who)]),
            Verdict::Rejected { message_id, .. } => self.i18n.ta(
                "outcome-rejected",
                &[("name", who), ("reason", self.i18n.t(message_id))],
            ),
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.is_advanced() {
            let cx = self.org_cx();
            let status = basic::sync_words(&self.shared());
            let page = self
                .advanced
                .view(cx, self.announcement.as_deref(), status)
                .map(Message::Advanced);
            let page = practice::frame(cx.c, self.practice.is_some(), page);
            return keys::catch(ui::page(cx.c, page), Message::Key);
        }
        let c = self.ctx();
        let page = basic::view(self.basic.view_of(self.shared()), c).map(Message::Basic);
        let page = practice::frame(c, self.practice.is_some(), page);
        keys::catch(ui::page(c, page), Message::Key)
    }

    pub fn title(&self) -> String {
        self.i18n.t("app-title")
    }

    pub fn theme(&self) -> iced::Theme {
        let p = &self.pal;
        iced::Theme::custom(
            p.id.clone(),
            iced::theme::Palette {
                background: p.background,
                text: p.text,
                primary: p.primary,
                success: p.success,
                warning: p.danger,
                danger: p.danger,
            },
        )
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let tick = iced::time::every(std::time::Duration::from_secs(30)).map(|_| Message::Tick);
        let window = Subscription::batch([
            iced::window::open_events().map(|id| Message::Window(WindowEvent::Opened(id))),
            iced::window::resize_events()
                .map(|(_, size)| Message::Window(WindowEvent::Resized(size))),
            iced::window::close_requests().map(|_| Message::Window(WindowEvent::CloseAsked)),
        ]);
        // Frames are listened to only until the first one (the start marker) or for the probe.
        let first = self.starting.is_some() && !self.first_frame;
        if first || crate::system::probe::enabled() {
            Subscription::batch([tick, window, iced::window::frames().map(|_| Message::Frame)])
        } else {
            Subscription::batch([tick, window])
        }
    }
}

fn speech_of(s: &Speaker) -> basic::Speech {
    match s.status() {
        SpeechStatus::Ready => basic::Speech::Ready,
        SpeechStatus::Connecting => basic::Speech::Connecting,
        SpeechStatus::Unavailable(_) => basic::Speech::Unavailable,
    }
}
