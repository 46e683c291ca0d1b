//! The app's state and its one `update`: it routes messages, writes to the local store,
//! refreshes the in-memory [`ViewModel`] and says things aloud. Each screen's look, words
//! to read aloud and keys live in its own module under [`crate::basic`].

use crate::basic;
use crate::i18n::{I18n, Lang};
use crate::settings::{Mode, Settings};
use crate::speech::{Rate, Speaker};
use crate::theme::{self, Palette, Scale};
use crate::ui::keys::{self, Key};
use crate::ui::{self, Ctx};
use crate::view_model::ViewModel;
use chrono::{Local, NaiveDateTime, Utc};
use iced::{Element, Subscription, Task};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::store::StoreError;
use linli_core::store::sync::{Answered, Identity};
use linli_core::sync::client::{self, SharedStore, SyncStatus, Syncer};
use linli_core::sync::protocol::{Reason, Verdict};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;

/// Where the member is.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// First run: join a group, choose language, size, voice, PIN.
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
    Notices,
    Help {
        sent: bool,
    },
    Settings,
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
    pub hub: String,
    pub invite: String,
    pub name: String,
    pub pin: String,
    pub joining: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Key(Key),
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
    Join,
    Joined(Result<Identity, String>),
    Synced(SyncEvent),
    Tick,
    /// A frame was drawn (only watched by the start-up probe).
    Frame,
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
}

pub struct App {
    pub settings: Settings,
    pub settings_note: Option<String>,
    paths: Option<Paths>,
    pub i18n: I18n,
    pub pal: Palette,
    pub speaker: Speaker,
    pub store: SharedStore,
    pub identity: Option<Identity>,
    pub vm: ViewModel,
    pub screen: Screen,
    history: Vec<Screen>,
    pub status: SyncStatus,
    /// The latest answer or news, shown under the pickup line and read aloud.
    pub announcement: Option<String>,
    waker: Option<Arc<Notify>>,
    /// Local time the screens reason with (cutoff words); refreshed every 30 s.
    pub now: NaiveDateTime,
    /// The item chosen with the arrow keys on a list screen.
    pub selected: usize,
    pub pin_input: String,
    pub unlocked: bool,
    pub pin_wrong: bool,
    pub setup: SetupForm,
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
        let mut app = App {
            i18n: I18n::new(settings.lang),
            pal: theme::by_id(&settings.theme),
            settings,
            settings_note: None,
            paths,
            speaker,
            store,
            screen: if identity.is_some() {
                Screen::Deals
            } else {
                Screen::Setup
            },
            identity,
            vm: ViewModel::default(),
            history: Vec::new(),
            status: SyncStatus::default(),
            announcement: None,
            waker: None,
            now: Local::now().naive_local(),
            selected: 0,
            pin_input: String::new(),
            unlocked: false,
            pin_wrong: false,
            setup: SetupForm::default(),
        };
        app.refresh();
        app
    }

    /// The drawing context of the current settings.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            i18n: &self.i18n,
            pal: &self.pal,
            scale: Scale::new(self.settings.zoom),
        }
    }

    /// Starts syncing in the background (the real app; tests drive sync themselves).
    pub fn start_sync(&mut self) -> Task<Message> {
        let Ok(mut syncer) = Syncer::new(self.store.clone()) else {
            return Task::none();
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
        Task::batch([run, Task::stream(events).map(Message::Synced)])
    }

    /// Re-reads the view model from the store, announcing what changed for the member
    /// (confirmed, goods arrived, a deal that did not form, a new notice).
    pub fn refresh(&mut self) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let new = match ViewModel::load(&self.store.lock().expect("store"), &me, self.now.date()) {
            Ok(vm) => vm,
            Err(e) => {
                self.announcement = Some(e.to_string());
                return;
            }
        };
        let mut news = Vec::new();
        if !self.vm.orders.is_empty() || !self.vm.notices.is_empty() {
            for line in &new.orders {
                let before = self.vm.orders.iter().find(|l| l.order.id == line.order.id);
                if let Some(b) = before
                    && b.order.state != line.order.state
                    && let Some(words) = basic::orders::change_words(self, line)
                {
                    news.push(words);
                }
            }
            for n in &new.notices {
                if !self.vm.notices.iter().any(|o| o.id == n.id) {
                    news.push(self.i18n.ta("notice-new", &[("title", n.title.clone())]));
                }
            }
        }
        self.vm = new;
        self.status.pending = self.vm.pending;
        if !news.is_empty() {
            self.announce(news);
        }
    }

    /// Shows `lines`, one news per line, and reads them aloud if the voice is on.
    fn announce(&mut self, lines: Vec<String>) {
        self.announcement = Some(lines.join("\n"));
        self.speak(lines);
    }

    fn speak(&mut self, lines: Vec<String>) {
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

    fn go(&mut self, to: Screen) {
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
        if self.settings.auto_read {
            let s = basic::script(self);
            self.speak(s);
        }
    }

    fn home(&mut self) {
        self.history.clear();
        self.screen = Screen::Setup;
        self.go(if self.identity.is_some() {
            Screen::Deals
        } else {
            Screen::Setup
        });
        self.history.clear();
    }

    fn save_settings(&mut self) {
        self.i18n = I18n::new(self.settings.lang);
        self.pal = theme::by_id(&self.settings.theme);
        if let Some(p) = &self.paths
            && let Err(e) = self.settings.save(&p.settings)
        {
            self.settings_note = Some(e.to_string());
        }
    }

    /// Words for a store refusal.
    fn refusal(&self, e: &StoreError) -> String {
        let reason = Reason::of(e)
            .map(|r| self.i18n.t(r.message_id()))
            .unwrap_or_else(|| e.to_string());
        self.i18n.ta("order-refused", &[("reason", reason)])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Key(k) => {
                if let Some(m) = basic::on_key(self, k) {
                    return self.update(m);
                }
            }
            Message::Select(i) => self.selected = i,
            Message::Home => self.home(),
            Message::Back => match self.history.pop() {
                Some(s) => {
                    self.screen = s;
                    self.selected = 0;
                }
                None => self.home(),
            },
            Message::Go(s) => {
                if s == Screen::Settings {
                    self.unlocked = self.settings.pin_hash.is_none();
                    self.pin_input.clear();
                }
                self.go(s)
            }
            Message::ReadAloud => {
                let s = basic::script(self);
                self.speaker.say(s, self.settings.lang, self.settings.rate);
            }
            Message::OpenDeal(deal) => {
                if let Some(card) = self.vm.deals.iter().find(|c| c.deal.id == deal)
                    && card.left > 0
                {
                    self.go(Screen::Order(Draft {
                        deal,
                        qty: 1,
                        change: None,
                    }));
                } else {
                    let words = self.i18n.t("deal-sold-out");
                    self.announce(vec![words]);
                }
            }
            Message::More | Message::Less => {
                if let Screen::Order(d) = &mut self.screen {
                    let max = self
                        .vm
                        .deals
                        .iter()
                        .find(|c| c.deal.id == d.deal)
                        .map(|c| {
                            let mine_here = self
                                .vm
                                .orders
                                .iter()
                                .find(|l| Some(l.order.id) == d.change)
                                .map_or(0, |l| l.order.qty);
                            (c.left + mine_here).min(
                                c.deal.per_member_limit - c.mine.min(c.deal.per_member_limit)
                                    + mine_here,
                            )
                        })
                        .unwrap_or(1)
                        .max(1);
                    d.qty = if matches!(message, Message::More) {
                        (d.qty + 1).min(max)
                    } else {
                        d.qty.saturating_sub(1).max(1)
                    };
                }
            }
            Message::Next => {
                if let Screen::Order(d) = self.screen.clone() {
                    self.go(Screen::Confirm(d));
                    if !self.settings.auto_read {
                        let s = basic::script(self);
                        self.speak(s);
                    }
                }
            }
            Message::Buy => {
                if let (Screen::Confirm(d), Some(me)) = (self.screen.clone(), self.identity.clone())
                {
                    let now = Utc::now();
                    let result = {
                        let mut s = self.store.lock().expect("store");
                        match d.change {
                            None => s.place_order(me.member_id, d.deal, OrderId::new(), d.qty, now),
                            Some(id) => s.change_order(id, d.qty, now),
                        }
                    };
                    match result {
                        Ok(_) => {
                            self.refresh();
                            self.go(Screen::Done(d));
                            let s = basic::script(self);
                            self.speak(s);
                            self.wake();
                        }
                        Err(e) => {
                            let words = self.refusal(&e);
                            self.home();
                            self.announce(vec![words]);
                        }
                    }
                }
            }
            Message::OpenOrder(id) => self.go(Screen::OrderDetail(id)),
            Message::ChangeOrder(id) => {
                if let Some(l) = self.vm.orders.iter().find(|l| l.order.id == id) {
                    let d = Draft {
                        deal: l.deal.id,
                        qty: l.order.qty,
                        change: Some(id),
                    };
                    self.go(Screen::Order(d));
                }
            }
            Message::AskCancel(id) => self.go(Screen::ConfirmCancel(id)),
            Message::CancelYes => {
                if let Screen::ConfirmCancel(id) = self.screen {
                    let r = self
                        .store
                        .lock()
                        .expect("store")
                        .cancel_order(id, Utc::now());
                    self.refresh();
                    self.history.retain(|s| *s != Screen::OrderDetail(id));
                    self.screen = Screen::Orders;
                    let words = match r {
                        Ok(_) => self.i18n.t("orders-cancelled"),
                        Err(e) => self.refusal(&e),
                    };
                    self.announce(vec![words]);
                    self.wake();
                }
            }
            Message::SendHelp => {
                if let (Some(me), Screen::Help { sent: false }) = (&self.identity, &self.screen) {
                    let now = Utc::now();
                    let request = HelpRequest {
                        id: HelpRequestId::new(),
                        group_id: me.group_id,
                        member_id: me.member_id,
                        note: self.i18n.t("help-note"),
                        state: HelpState::Open,
                        created_at: now,
                        updated_at: now,
                    };
                    let r = self.store.lock().expect("store").ask_help(&request);
                    match r {
                        Ok(()) => {
                            self.screen = Screen::Help { sent: true };
                            let words = self.i18n.t("help-sent");
                            self.announce(vec![words]);
                            self.wake();
                        }
                        Err(e) => self.announcement = Some(e.to_string()),
                    }
                    self.refresh();
                }
            }
            Message::SetLang(l) => {
                self.settings.lang = l;
                self.save_settings();
            }
            Message::SetZoom(z) => {
                self.settings.zoom = z;
                self.save_settings();
            }
            Message::SetVoice(v) => {
                self.settings.voice = v;
                if !v {
                    self.speaker.stop();
                }
                self.save_settings();
            }
            Message::SetRate(r) => {
                self.settings.rate = r;
                self.save_settings();
                let s = vec![self.i18n.t(r.message_id())];
                self.speak(s);
            }
            Message::SetAutoRead(a) => {
                self.settings.auto_read = a;
                self.save_settings();
            }
            Message::SetTheme(t) => {
                self.settings.theme = t;
                self.save_settings();
            }
            Message::SetMode(m) => {
                self.settings.mode = m;
                self.save_settings();
                if m == Mode::Advanced {
                    let words = self.i18n.t("advanced-not-ready");
                    self.announce(vec![words]);
                }
            }
            Message::PinInput(p) => {
                self.pin_input = p.chars().filter(char::is_ascii_digit).take(8).collect()
            }
            Message::Unlock => {
                self.unlocked = self.settings.pin_ok(&self.pin_input);
                self.pin_wrong = !self.unlocked;
                self.pin_input.clear();
            }
            Message::SavePin => {
                if self.settings.set_pin(&self.pin_input).is_ok() {
                    self.save_settings();
                    self.pin_wrong = false;
                } else {
                    self.pin_wrong = true;
                }
                self.pin_input.clear();
            }
            Message::SetupHub(s) => self.setup.hub = s,
            Message::SetupInvite(s) => self.setup.invite = s,
            Message::SetupName(s) => self.setup.name = s,
            Message::SetupPin(s) => {
                self.setup.pin = s.chars().filter(char::is_ascii_digit).take(8).collect()
            }
            Message::Join => {
                let f = self.setup.clone();
                if f.hub.trim().is_empty() || f.invite.trim().is_empty() || f.name.trim().is_empty()
                {
                    self.setup.error = Some(self.i18n.t("setup-missing"));
                    return Task::none();
                }
                if self.settings.set_pin(&f.pin).is_err() {
                    self.setup.error = Some(self.i18n.t("setup-pin-hint"));
                    return Task::none();
                }
                self.setup.joining = true;
                self.setup.error = None;
                let store = self.store.clone();
                let hub = normalize_hub(&f.hub);
                return Task::perform(
                    async move {
                        client::join(&store, &hub, f.invite.trim(), f.name.trim())
                            .await
                            .map_err(|e| e.to_string())
                    },
                    Message::Joined,
                );
            }
            Message::Joined(r) => {
                self.setup.joining = false;
                match r {
                    Ok(id) => {
                        self.identity = Some(id);
                        self.save_settings();
                        self.refresh();
                        self.home();
                        return self.start_sync();
                    }
                    Err(e) => {
                        self.setup.error = Some(self.i18n.ta("setup-join-failed", &[("error", e)]));
                    }
                }
            }
            Message::Synced(SyncEvent::Status(s)) => {
                self.status = s;
                self.refresh();
            }
            Message::Synced(SyncEvent::Answer(a)) => {
                self.refresh();
                if let Some(words) = self.answer_words(&a) {
                    self.announce(vec![words]);
                }
            }
            Message::Frame => {
                crate::probe::report();
                return iced::exit();
            }
            Message::Tick => {
                self.now = Local::now().naive_local();
                self.refresh();
            }
        }
        Task::none()
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
        let who = match &a.command {
            Command::PlaceOrder {
                deal_id, order_id, ..
            } => name(Some(*deal_id), Some(*order_id)),
            Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => {
                name(None, Some(*order_id))
            }
            Command::AskHelp { .. } => {
                return matches!(a.verdict, Verdict::Applied).then(|| self.i18n.t("outcome-help"));
            }
            _ => return None,
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
        let c = self.ctx();
        keys::catch(ui::page(c, basic::view(self, c)), Message::Key)
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
        if crate::probe::enabled() {
            Subscription::batch([tick, iced::window::frames().map(|_| Message::Frame)])
        } else {
            tick
        }
    }
}

/// Accepts `192.168.1.20:7878` as well as `http://…`.
pub fn normalize_hub(s: &str) -> String {
    let s = s.trim().trim_end_matches('/');
    if s.starts_with("http://") || s.starts_with("https://") {
        s.to_string()
    } else {
        format!("http://{s}")
    }
}
