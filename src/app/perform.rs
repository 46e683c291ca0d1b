//! The one place that carries out what a screen asked for: writes the store (orders,
//! cancellations, help requests, the organiser's commands), wakes sync, speaks, words a
//! refusal, hosts a new group, prints, asks the hub for its device list or to revoke one
//! (as tasks: the window never waits).

use super::{App, JoinTrouble, Message};
use crate::advanced::{self, members};
use crate::basic::{self, Draft, Screen};
use crate::system::host::Host;
use crate::system::settings::Mode;
use chrono::Utc;
use iced::Task;
use linli_core::model::*;
use linli_core::sync::client;
use std::path::PathBuf;

impl App {
    /// Does what a member's screen asked for.
    pub(crate) fn perform_basic(&mut self, action: basic::Action) -> Task<Message> {
        use basic::Action;
        match action {
            Action::None => {}
            Action::Read(lines) => {
                if self
                    .announcement
                    .as_ref()
                    .is_some_and(|a| lines.contains(a))
                {
                    self.news_read = true;
                }
                self.speaker
                    .say(lines, self.settings.lang, self.settings.rate);
            }
            Action::Speak(lines) => self.speak(lines),
            Action::Announce(lines) => self.announce(lines),
            Action::AnnounceAbout(deal, lines) => self.announce_about(Some(deal), lines),
            Action::Order(d) => return self.place(d),
            Action::Cancel(id) => {
                let r = self
                    .store
                    .lock()
                    .expect("store")
                    .cancel_order(id, Utc::now());
                self.refresh();
                self.basic.cancelled(id);
                let words = match r {
                    Ok(_) => self.i18n.t("orders-cancelled"),
                    Err(e) => self.refusal(&e),
                };
                self.announce(vec![words]);
                self.wake();
            }
            Action::Complain { order, kind, note } => self.complain(order, kind, &note),
            Action::AskHelp { kind, note } => self.ask_help(kind, note),
            Action::StepHelp { request, finish } => self.step_help(request, finish),
            Action::LoadOrderFor => {
                self.load_order_for();
                let lines = self.basic.order_for.script(&self.i18n);
                self.speak(lines);
            }
            Action::Focus(id) => return iced::widget::operation::focus(id),
            Action::EnterOrders(e) => {
                let result = self.enter_orders(e);
                self.basic.order_for.entered(result);
                self.refresh();
            }
            Action::Settings(next) => self.apply_settings(next),
            Action::Join(f) => {
                let store = self.store.clone();
                let mut next = self.settings.clone();
                let _ = next.set_pin(&f.pin);
                self.apply_settings(next);
                // The address rule is checked again where the client is made; `trust` is
                // the fingerprint she has just confirmed, if any.
                return Task::perform(
                    async move {
                        client::join_pinned(&store, &f.hub, f.trust, f.invite.trim(), f.name.trim())
                            .await
                            .map_err(JoinTrouble::from)
                    },
                    Message::Joined,
                );
            }
            Action::Host(f) => return self.host_group(&f),
            Action::Talk(phrases) => return self.listen(phrases),
            Action::Voice(r) => return self.enrol(r),
            Action::SpeechRetry => {
                self.speaker.retry();
                let s = vec![self.i18n.t("speech-trying")];
                self.speak(s);
            }
            Action::NewsRead => {
                self.announcement = None;
                self.news_read = false;
            }
            Action::Practise => return self.practise(),
            Action::LeavePractice => return self.leave_practice(),
            Action::PrintGuide => {
                let words = match self.print_guide() {
                    Ok(path) => self
                        .i18n
                        .ta("print-done", &[("file", path.display().to_string())]),
                    Err(e) => {
                        tracing::warn!("printing did not work: {e}");
                        self.i18n.t("print-failed")
                    }
                };
                self.announce(vec![words]);
            }
            Action::MyData(r) => return self.my_data(r),
            Action::WriteTip { product, body } => self.write_tip(product, &body),
            Action::Suggest { topic, body } => self.suggest(topic, &body),
        }
        Task::none()
    }

    /// Why joining did not happen, in her words with what to do next, and the technical
    /// words (logged, and shown apart for a family member) when there are any.
    pub(super) fn join_trouble_words(&self, e: JoinTrouble) -> (String, Option<String>) {
        let t = |id: &str| self.i18n.t(id);
        let (id, detail) = match e {
            JoinTrouble::Changed => ("trust-changed", None),
            JoinTrouble::Address(id) => (id, None),
            JoinTrouble::Unreachable(d) => ("setup-join-unreachable", Some(d)),
            JoinTrouble::Refused { code, detail, .. } if code == "bad_invite" => {
                ("setup-join-bad-invite", Some(detail))
            }
            JoinTrouble::Refused {
                status: 429,
                detail,
                ..
            } => ("setup-join-too-many", Some(detail)),
            JoinTrouble::Refused { detail, .. } => ("setup-join-refused", Some(detail)),
            JoinTrouble::Other(d) => ("setup-join-failed", Some(d)),
            JoinTrouble::Untrusted(_) => unreachable!("asked as a question, not a failure"),
        };
        if let Some(d) = &detail {
            tracing::warn!("joining did not work: {d}");
        }
        (t(id), detail)
    }

    /// Places or changes the order of `d` locally and wakes sync; the hub's answer comes
    /// later and is shown and spoken.
    fn place(&mut self, d: Draft) -> Task<Message> {
        let Some(me) = self.identity.clone() else {
            return Task::none();
        };
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
                // What she said on the way here was right: learn from it.
                self.voice.learn_the_way();
                self.refresh();
                let (b, s) = self.split();
                let a = b.ordered(d, s);
                self.wake();
                self.perform_basic(a)
            }
            Err(e) => {
                let words = self.refusal(&e);
                let (b, s) = self.split();
                let a = b.home(s);
                let _ = self.perform_basic(a);
                self.announce(vec![words]);
                Task::none()
            }
        }
    }

    /// Files her complaint locally (queued for the hub) and wakes sync; back on the order,
    /// she is told the organiser will answer here.
    fn complain(&mut self, order: OrderId, kind: ComplaintKind, note: &str) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let r = self.store.lock().expect("store").file_complaint(
            me.member_id,
            order,
            kind,
            note,
            Utc::now(),
        );
        self.refresh();
        let words = match r {
            Ok(_) => {
                self.basic.complained(order);
                self.wake();
                self.i18n.t("complain-sent")
            }
            Err(e) => self.refusal(&e),
        };
        self.announce(vec![words]);
    }

    /// Saves her help request (its kind, her note) and queues it for the hub.
    fn ask_help(&mut self, kind: HelpKind, note: String) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let now = Utc::now();
        let request = HelpRequest {
            kind,
            id: HelpRequestId::new(),
            group_id: me.group_id,
            member_id: me.member_id,
            note,
            state: HelpState::Open,
            created_at: now,
            updated_at: now,
        };
        let r = self.store.lock().expect("store").ask_help(&request);
        match r {
            Ok(()) => {
                let words = self.i18n.t("help-sent");
                self.announce(vec![words]);
                self.wake();
            }
            Err(e) => {
                self.basic.screen = Screen::Help { sent: false };
                self.announcement = Some(self.reason_words(&e));
            }
        }
        self.refresh();
    }

    /// A volunteer claims a help request or says it is done: shown at once, queued for the
    /// hub (which decides if two claim it at once), said.
    fn step_help(&mut self, request: HelpRequestId, finish: bool) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let name = self
            .vm
            .helping
            .lines
            .iter()
            .find(|l| l.request.id == request)
            .map(|l| l.member.clone())
            .unwrap_or_default();
        let r =
            self.store
                .lock()
                .expect("store")
                .step_help(me.member_id, request, finish, Utc::now());
        self.refresh();
        let mut words = vec![match &r {
            Ok(_) => {
                self.wake();
                let id = if finish {
                    "helping-finished-news"
                } else {
                    "helping-claimed-news"
                };
                self.i18n.ta(id, &[("name", name.clone())])
            }
            Err(e) => self.refusal(e),
        }];
        // Done after ordering for her: what she ordered, so both know it is in.
        if let (true, Ok(h)) = (finish, &r)
            && let Some(items) = self.ordered_for(me.member_id, h.member_id)
        {
            words.push(self.i18n.ta(
                "helping-finished-ordered",
                &[("name", name), ("items", items)],
            ));
        }
        self.announce(words);
    }

    /// "I run a group": makes the group with its hub in this app's data folder and joins
    /// it as the organiser.
    fn host_group(&mut self, f: &basic::SetupForm) -> Task<Message> {
        let port = f
            .port
            .parse::<u16>()
            .unwrap_or(crate::system::host::DEFAULT_PORT);
        let dir = self
            .paths
            .as_ref()
            .map(|p| p.dir.clone())
            .unwrap_or_else(std::env::temp_dir);
        match Host::create(&dir, f.group.trim(), f.name.trim(), port) {
            Ok((host, me)) => {
                if let Err(e) = self.store.lock().expect("store").set_identity(&me) {
                    tracing::warn!("the new group's identity was not saved: {e}");
                    let words = self.i18n.t("setup-host-failed");
                    self.basic.setup_failed(words, Some(e.to_string()));
                    return Task::none();
                }
                self.set_host(host);
                let mut next = self.settings.clone();
                let _ = next.set_pin(&f.pin);
                next.host_port = Some(port);
                self.apply_settings(next);
                self.advanced.page = advanced::Page::Invite;
                self.update(Message::Joined(Ok(me)))
            }
            Err(e) => {
                tracing::warn!("hosting the group did not work: {e}");
                let words = self.i18n.t("setup-host-failed");
                self.basic.setup_failed(words, Some(e));
                Task::none()
            }
        }
    }

    /// Does what an organiser's page asked for.
    pub(super) fn perform(&mut self, action: advanced::Action) -> Task<Message> {
        use advanced::Action;
        match action {
            Action::None => {}
            Action::Say(lines) => self
                .speaker
                .say(lines, self.settings.lang, self.settings.rate),
            Action::Send(commands, words) => {
                let now = Utc::now();
                let mut failed = None;
                {
                    let mut s = self.store.lock().expect("store");
                    for c in &commands {
                        if let Err(e) = s.send(c, now) {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                self.wake();
                self.refresh();
                // Not "没有买成" (a member's words): what she did did not go through, and why.
                let line = match failed {
                    None => words,
                    Some(e) => self
                        .i18n
                        .ta("outcome-org-rejected", &[("reason", self.reason_words(&e))]),
                };
                if !line.is_empty() {
                    self.announce(vec![line]);
                }
            }
            Action::Reload => self.refresh(),
            Action::Print(job) => {
                let words = match self.print(&job) {
                    Ok(path) => self
                        .i18n
                        .ta("print-done", &[("file", path.display().to_string())]),
                    Err(e) => {
                        tracing::warn!("printing did not work: {e}");
                        self.i18n.t("print-failed")
                    }
                };
                self.announce(vec![words]);
            }
            Action::Export(range) => {
                let result = self.export(range);
                let words = match &result {
                    Ok(w) => self.i18n.tn(
                        "fig-export-done",
                        ("files", w.files.len() as i64),
                        &[("folder", w.folder.display().to_string())],
                    ),
                    Err(e) => {
                        tracing::warn!("the tables were not exported: {e}");
                        self.i18n.t("fig-export-failed")
                    }
                };
                let failed = result.is_err();
                self.advanced.figures.exported(result, words.clone());
                // A failure shows on the page, the technical words under it; it is said.
                if failed {
                    let (lang, rate) = (self.settings.lang, self.settings.rate);
                    self.speaker.say(vec![words], lang, rate);
                } else {
                    self.announce(vec![words]);
                }
            }
            Action::Basic => {
                let mut next = self.settings.clone();
                next.mode = Mode::Basic;
                self.apply_settings(next);
                let (b, s) = self.split();
                let a = b.home(s);
                return self.perform_basic(a);
            }
            Action::NewsRead => {
                self.announcement = None;
                self.news_read = false;
            }
            Action::Announce(words) => self.announce(vec![words]),
            Action::Devices => {
                if let Some(me) = self.identity.clone() {
                    return Task::perform(members::fetch_devices(me), |r| {
                        Message::Advanced(advanced::Message::Members(members::Message::Devices(r)))
                    });
                }
            }
            Action::WriteTip { author, tip, words } => self.write_tip_for(author, tip, words),
            Action::Focus(id, say) => {
                if !say.is_empty() {
                    self.speaker
                        .say(say, self.settings.lang, self.settings.rate);
                }
                return iced::widget::operation::focus(id);
            }
            Action::EnterOrders(e) => {
                let result = self.enter_orders(e);
                self.advanced.order_for.entered(result);
                self.refresh();
            }
            Action::AddNeighbour(name) => self.add_neighbour(&name),
            Action::LinkCode(member) => {
                if let Some(me) = self.identity.clone() {
                    return Task::perform(members::fetch_link_code(me, member), move |r| {
                        Message::Advanced(advanced::Message::Members(members::Message::LinkCode(
                            member, r,
                        )))
                    });
                }
            }
            Action::LinkCodeReady {
                member_name,
                code,
                words,
            } => self.link_code_ready(member_name, code, words),
            Action::Revoke(id) => {
                if let Some(me) = self.identity.clone() {
                    return Task::perform(members::revoke_device(me, id), |r| {
                        Message::Advanced(advanced::Message::Members(members::Message::Revoked(r)))
                    });
                }
            }
        }
        Task::none()
    }

    /// What `me` ordered for `member` that is still waiting for its cutoff, in words ("2
    /// 盒鸡蛋、1 袋大米"), if anything.
    fn ordered_for(
        &self,
        me: linli_core::model::MemberId,
        member: linli_core::model::MemberId,
    ) -> Option<String> {
        let store = self.store.lock().expect("store");
        let products = store.products(self.identity.as_ref()?.group_id).ok()?;
        let items: Vec<String> = store
            .orders_of_member(member, 200)
            .ok()?
            .into_iter()
            .filter(|o| o.entered_by == Some(me) && o.state == OrderState::Placed)
            .filter_map(|o| {
                let d = store.deal(o.deal_id).ok()?;
                let p = products.iter().find(|p| p.id == d.product_id)?;
                Some(self.i18n.tq(
                    "order-for-item",
                    ("qty", i64::from(o.qty)),
                    &d.unit,
                    &[("name", p.name.clone())],
                ))
            })
            .collect();
        (!items.is_empty()).then(|| items.join(&self.i18n.t("order-for-sep")))
    }

    /// Reads the volunteer's 代下单 screen (her claimed request's neighbour, the deals).
    pub(super) fn load_order_for(&mut self) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let store = self.store.lock().expect("store");
        if let Err(e) = self.basic.order_for.load(&store, me.member_id, self.now) {
            tracing::warn!("order for a neighbour: {e}");
        }
    }

    /// Enters a neighbour's order (代下单) in one transaction and wakes sync; `Ok` with the
    /// words said ("订好了：…"), `Err` with why not in her words (also said).
    pub(super) fn enter_orders(&mut self, e: advanced::order_for::Entry) -> Result<String, String> {
        let words = e.words;
        let result = self
            .store
            .lock()
            .expect("store")
            .enter_orders(e.member, &e.wants, Utc::now());
        let (lang, rate) = (self.settings.lang, self.settings.rate);
        match result {
            Ok(_) => {
                self.wake();
                let done = self.i18n.ta("order-for-done", &[("words", words)]);
                self.announce(vec![done.clone()]);
                Ok(done)
            }
            Err(e) => {
                let product = e.deal.and_then(|d| {
                    let s = self.store.lock().expect("store");
                    let deal = s.deal(d).ok()?;
                    let products = s.products(deal.group_id).ok()?;
                    products
                        .into_iter()
                        .find(|p| p.id == deal.product_id)
                        .map(|p| p.name)
                });
                let reason = self.reason_words(&e.error);
                let why = match product {
                    Some(name) => self
                        .i18n
                        .ta("order-for-refused", &[("name", name), ("reason", reason)]),
                    None => self.i18n.ta("outcome-org-rejected", &[("reason", reason)]),
                };
                self.speaker.say(vec![why.clone()], lang, rate);
                Err(why)
            }
        }
    }

    /// Adds a neighbour without a computer (代下单): written and queued in one transaction,
    /// sync woken, "已添加王大爷" announced, and she is chosen on the Members page.
    fn add_neighbour(&mut self, name: &str) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let r = self
            .store
            .lock()
            .expect("store")
            .add_neighbour(me.group_id, name, Utc::now());
        match r {
            Ok(m) => {
                self.wake();
                self.advanced.members.added(m.id);
                self.refresh();
                let words = self
                    .i18n
                    .ta("org-neighbour-added", &[("name", m.display_name)]);
                self.announce(vec![words]);
            }
            Err(e) => {
                let words = self
                    .i18n
                    .ta("outcome-org-rejected", &[("reason", self.reason_words(&e))]);
                self.advanced.members.neighbour_problem = Some(words.clone());
                self.speak(vec![words]);
            }
        }
    }

    /// A member's link code came from the hub and shows on the Members page: it is said,
    /// and its sheet printed into the data folder's prints/ and opened, to hand to her.
    fn link_code_ready(&mut self, member_name: String, code: String, words: Vec<String>) {
        self.speaker
            .say(words, self.settings.lang, self.settings.rate);
        let printed = match self.print(&advanced::PrintJob::LinkSheet { member_name, code }) {
            Ok(path) => self
                .i18n
                .ta("print-done", &[("file", path.display().to_string())]),
            Err(e) => {
                tracing::warn!("the link sheet was not printed: {e}");
                self.i18n.t("print-failed")
            }
        };
        self.announce(vec![printed]);
    }

    /// Writes the CSV files of `range` into `exports/<today>` in the data folder (the
    /// store's folder when the app was given none).
    fn export(
        &self,
        range: crate::advanced::figures::data::Range,
    ) -> Result<crate::files::csv::Written, String> {
        let me = self.identity.as_ref().ok_or("not joined")?;
        let store = self.store.lock().expect("store");
        let dir = match &self.paths {
            Some(p) => p.dir.clone(),
            None => store
                .read(|c| Ok::<_, ()>(c.path().map(PathBuf::from)))
                .ok()
                .flatten()
                .and_then(|p| p.parent().map(PathBuf::from))
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(std::env::temp_dir),
        };
        let today = self.now.date();
        let out = dir.join("exports").join(today.to_string());
        crate::files::csv::export(&store, me.group_id, &self.i18n, range, today, &out)
            .map_err(|e| e.to_string())
    }

    /// Writes the members' large-print guide into the data folder and opens it.
    fn print_guide(&self) -> Result<PathBuf, String> {
        let bytes = crate::files::pdf::guide_pdf(&self.i18n)?;
        self.save_print(&format!("guide-{}.pdf", self.settings.lang.tag()), &bytes)
    }

    /// Writes a printable sheet into the data folder and opens it in the system's viewer.
    fn print(&self, job: &advanced::PrintJob) -> Result<PathBuf, String> {
        let me = self.identity.as_ref().ok_or("not joined")?;
        let bytes = {
            let store = self.store.lock().expect("store");
            crate::files::pdf::render(
                &store,
                me,
                &self.i18n,
                job,
                self.host.as_ref().map(Host::info),
            )?
        };
        self.save_print(&job.file_name(), &bytes)
    }

    /// Saves `bytes` as `name` under `prints/` in the data folder (the temp folder without
    /// one) and opens it in the system's viewer (not in tests).
    fn save_print(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
        let dir = self
            .paths
            .as_ref()
            .map(|p| p.dir.join("prints"))
            .unwrap_or_else(std::env::temp_dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        if self.paths.is_some() {
            crate::files::pdf::open(&path);
        }
        Ok(path)
    }
}
