//! Members and money (成员和账): every member with her balance in words (欠 ¥12.00 /
//! 余 ¥5.00); the chosen member's latest ledger lines; recording cash or a transfer she
//! handed over; who still owes before a pickup day; and the computers joined to the group,
//! each of which she can shut out (the hub's device list, fetched off the UI thread).
//! A neighbour without a computer is added here by name (代下单), and any member's one-time
//! link code asked of the hub, shown in very large type, for her own computer later.

use super::{Action, Cx, PrintJob, parse_money};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use chrono::{Duration, Local, NaiveDate, NaiveDateTime};
use iced::widget::{column, row};
use iced::{Alignment, Element, Length};
use linli_core::Fen;
use linli_core::command::Command;
use linli_core::model::{LedgerKind, MemberId, PaymentMethod, RefundReason, Role, Timestamp};
use linli_core::store::members::MemberLedgerLine;
use linli_core::store::money::{MemberBalance, Owing};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};
use linli_core::sync::client::{HubClient, SyncError};
use linli_core::sync::protocol::DeviceInfo;
use uuid::Uuid;

/// How many of the chosen member's latest ledger lines the page shows.
const LATEST: u32 = 12;
/// How many of them Read aloud says.
const SAID: usize = 3;

/// What the page shows below its summary: one task at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Everyone's balance; the chosen member's account and the payment form.
    #[default]
    Accounts,
    /// Who still owes before a pickup day.
    Owing,
    /// The computers joined to the group.
    Devices,
}

impl View {
    pub const ALL: [(View, &'static str); 3] = [
        (View::Accounts, "org-members-view-accounts"),
        (View::Owing, "org-members-view-owing"),
        (View::Devices, "org-members-view-devices"),
    ];
    /// The view beside this one (← the one before, → the one after), round the three.
    fn beside(self, k: Key) -> View {
        let at = View::ALL.iter().position(|(v, _)| *v == self).unwrap_or(0);
        let n = View::ALL.len();
        let next = if k == Key::Left { at + n - 1 } else { at + 1 };
        View::ALL[next % n].0
    }
}

/// The pickup day "who owes" looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwingDay {
    #[default]
    Today,
    Tomorrow,
}

impl OwingDay {
    fn date(self, today: NaiveDate) -> NaiveDate {
        match self {
            OwingDay::Today => today,
            OwingDay::Tomorrow => today + Duration::days(1),
        }
    }
}

/// Why the hub gave no list or did not revoke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubTrouble {
    /// The hub can't be reached (its computer is off, no network), with the technical words.
    Offline(String),
    /// 409: the device asking; she must not lock herself out.
    OwnDevice,
    /// 404: no longer in the group's list.
    Gone,
    /// The hub showed another certificate than the one confirmed (nothing was sent).
    Certificate,
    /// Anything else, with the technical words (for a family member, never her sentence).
    Other(String),
}

impl HubTrouble {
    /// The technical words for the "给家人看" line, when there are any.
    pub fn detail(&self) -> Option<&str> {
        match self {
            HubTrouble::Offline(d) | HubTrouble::Other(d) => Some(d),
            _ => None,
        }
    }
}

impl From<SyncError> for HubTrouble {
    fn from(e: SyncError) -> HubTrouble {
        match e {
            e @ SyncError::Network(_) => HubTrouble::Offline(e.to_string()),
            SyncError::Hub { status: 409, .. } => HubTrouble::OwnDevice,
            SyncError::Hub { status: 404, .. } => HubTrouble::Gone,
            SyncError::CertificateChanged { .. } => HubTrouble::Certificate,
            other => HubTrouble::Other(other.to_string()),
        }
    }
}

/// The group's devices as the hub listed them.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Devices {
    /// Not asked yet (asked when the page is first shown).
    #[default]
    NotAsked,
    Asking,
    Listed(Vec<DeviceInfo>),
    Failed(HubTrouble),
}

/// A member's one-time link code, as far as the hub has answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Link {
    #[default]
    None,
    Asking(MemberId),
    Shown {
        member: MemberId,
        code: String,
    },
    Failed {
        member: MemberId,
        trouble: HubTrouble,
    },
}

impl Link {
    fn member(&self) -> Option<MemberId> {
        match self {
            Link::None => None,
            Link::Asking(m) | Link::Shown { member: m, .. } | Link::Failed { member: m, .. } => {
                Some(*m)
            }
        }
    }
}

/// `POST /v1/members/{id}/link-code` with her token (the app runs it as a task).
pub async fn fetch_link_code(
    me: Identity,
    member: MemberId,
) -> std::result::Result<String, HubTrouble> {
    let client = HubClient::of(&me)?;
    Ok(client.link_code(member).await?)
}

/// A link code's groups as the hub writes them (`V52GJ-C28PW-…`), each with its dash, so a
/// line breaks only between groups.
pub fn code_groups(code: &str) -> Vec<String> {
    let parts: Vec<&str> = code.split('-').collect();
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            if i + 1 < n {
                format!("{g}-")
            } else {
                g.to_string()
            }
        })
        .collect()
}

/// `GET /v1/devices` with her token (the app runs it as a task).
pub async fn fetch_devices(me: Identity) -> std::result::Result<Vec<DeviceInfo>, HubTrouble> {
    let client = HubClient::of(&me)?;
    Ok(client.devices().await?)
}

/// `POST /v1/devices/{id}/revoke` with her token (the app runs it as a task).
pub async fn revoke_device(me: Identity, id: Uuid) -> std::result::Result<Uuid, HubTrouble> {
    let client = HubClient::of(&me)?;
    client.revoke_device(id).await?;
    Ok(id)
}

#[derive(Debug, Default)]
pub struct Members {
    pub view: View,
    pub balances: Vec<MemberBalance>,
    pub chosen: Option<MemberId>,
    /// The chosen member's latest lines, newest first.
    pub ledger: Vec<MemberLedgerLine>,
    /// The payment being written down.
    pub amount: String,
    pub method: PaymentMethod,
    pub problem: Option<String>,
    pub owing_day: OwingDay,
    pub owing: Vec<Owing>,
    pub devices: Devices,
    /// The device she asked to shut out, waiting for her "yes".
    pub revoking: Option<Uuid>,
    /// Why the last computer she stopped was not stopped (shown on the computers' list).
    pub revoke_failed: Option<HubTrouble>,
    /// What she typed to find a member (a part of the name or its pinyin).
    pub search: String,
    /// The name of the neighbour without a computer she is adding.
    pub neighbour: String,
    /// Why that name was not taken (blank, too long), in words.
    pub neighbour_problem: Option<String>,
    /// The chosen member's link code, asked of the hub.
    pub link: Link,
}

#[derive(Debug, Clone)]
pub enum Message {
    View(View),
    Choose(MemberId),
    /// ↑ / ↓: the member above or below (the first when none is chosen).
    Step(Key),
    /// Find a member by name or pinyin.
    Search(String),
    Amount(String),
    Method(PaymentMethod),
    Record,
    OwingDay(OwingDay),
    /// Ask the hub for the device list again.
    LoadDevices,
    Devices(std::result::Result<Vec<DeviceInfo>, HubTrouble>),
    AskRevoke(Uuid),
    CancelRevoke,
    Revoke(Uuid),
    Revoked(std::result::Result<Uuid, HubTrouble>),
    Reprint,
    /// The name of a neighbour without a computer, as she types it.
    Neighbour(String),
    /// Add her (Enter in the name field, or the button).
    AddNeighbour,
    /// Ask the hub for this member's one-time link code.
    AskLinkCode(MemberId),
    /// 帮她下单: the 代下单 page for this member (taken by the frame, see
    /// [`super::Advanced`]).
    OrderFor(MemberId),
    /// The hub's answer.
    LinkCode(MemberId, std::result::Result<String, HubTrouble>),
}

impl Members {
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        self.balances = store.balances(me.group_id)?;
        self.balances
            .sort_by_cached_key(|b| super::find::sort_key(&b.member.display_name));
        if self
            .chosen
            .is_some_and(|m| !self.balances.iter().any(|b| b.member.id == m))
        {
            self.chosen = None;
        }
        self.ledger = match self.chosen {
            Some(m) => store.member_ledger(m, LATEST)?,
            None => Vec::new(),
        };
        self.owing = store.owing_for_day(me.group_id, self.owing_day.date(now.date()))?;
        Ok(())
    }

    /// Whether the device list should be asked for now (its view was just shown).
    pub fn wants_devices(&self) -> bool {
        self.view == View::Devices && self.devices == Devices::NotAsked
    }

    /// Marks the list as being asked for and returns what the app must do.
    pub fn ask_devices(&mut self) -> Action {
        self.devices = Devices::Asking;
        Action::Devices
    }

    /// The members her search finds (everyone when nothing is typed), by name.
    pub fn shown(&self) -> Vec<&MemberBalance> {
        self.balances
            .iter()
            .filter(|b| super::find::name_matches(&b.member.display_name, &self.search))
            .collect()
    }

    fn chosen(&self) -> Option<&MemberBalance> {
        self.balances
            .iter()
            .find(|b| Some(b.member.id) == self.chosen)
    }

    pub fn update(&mut self, m: Message, cx: &Cx, _store: &Store, _me: &Identity) -> Action {
        match m {
            Message::View(v) => {
                self.view = v;
                self.revoking = None;
                return Action::Reload;
            }
            Message::Choose(id) => {
                self.view = View::Accounts;
                self.chosen = Some(id);
                self.problem = None;
                return Action::Reload;
            }
            Message::Step(k) => {
                let shown = self.shown();
                let at = shown.iter().position(|b| Some(b.member.id) == self.chosen);
                let next = match at {
                    Some(i) => crate::ui::keys::step(i, shown.len(), k),
                    None => 0,
                };
                if let Some(id) = shown.get(next).map(|b| b.member.id) {
                    self.chosen = Some(id);
                    self.problem = None;
                    return Action::Reload;
                }
            }
            Message::Search(q) => {
                self.search = q;
                // The only one found is the one she wants.
                let only = match self.shown()[..] {
                    [only] => Some(only.member.id),
                    _ => None,
                };
                if let Some(id) = only
                    && self.chosen != Some(id)
                {
                    self.chosen = Some(id);
                    self.problem = None;
                    return Action::Reload;
                }
            }
            Message::Amount(s) => self.amount = s,
            Message::Method(w) => self.method = w,
            Message::Record => return self.record(cx),
            Message::OwingDay(d) => {
                self.owing_day = d;
                return Action::Reload;
            }
            Message::LoadDevices => {
                self.revoke_failed = None;
                return self.ask_devices();
            }
            Message::Devices(r) => {
                self.devices = match r {
                    Ok(list) => Devices::Listed(list),
                    Err(t) => {
                        if let Some(d) = t.detail() {
                            tracing::warn!("the list of computers did not come: {d}");
                        }
                        Devices::Failed(t)
                    }
                };
            }
            Message::AskRevoke(id) => {
                self.revoking = Some(id);
                self.revoke_failed = None;
            }
            Message::CancelRevoke => self.revoking = None,
            Message::Revoke(id) => {
                self.revoking = None;
                return Action::Revoke(id);
            }
            Message::Revoked(Ok(id)) => {
                self.revoke_failed = None;
                let name = self.device(id).map(|d| d.display_name.clone());
                if let Devices::Listed(list) = &mut self.devices {
                    list.retain(|d| d.device_id != id);
                }
                return Action::Announce(
                    cx.ta("org-device-revoked", &[("name", name.unwrap_or_default())]),
                );
            }
            Message::Revoked(Err(t)) => {
                // Said, and shown on the list with the technical words under it.
                if let Some(d) = t.detail() {
                    tracing::warn!("a computer was not stopped: {d}");
                }
                let words = revoke_failed_words(&t, cx);
                self.revoke_failed = Some(t);
                return Action::Say(vec![words]);
            }
            Message::Reprint => return Action::Print(PrintJob::Invite),
            Message::Neighbour(name) => {
                self.neighbour = name;
                self.neighbour_problem = None;
            }
            Message::AddNeighbour => return self.add_neighbour(cx),
            // The frame opens the 代下单 page (Advanced::route).
            Message::OrderFor(_) => {}
            Message::AskLinkCode(id) => {
                if self.link == Link::Asking(id) {
                    return Action::None;
                }
                self.link = Link::Asking(id);
                return Action::LinkCode(id);
            }
            Message::LinkCode(id, r) => {
                let name = self
                    .balances
                    .iter()
                    .find(|b| b.member.id == id)
                    .map(|b| b.member.display_name.clone())
                    .unwrap_or_default();
                match r {
                    Ok(code) => {
                        self.link = Link::Shown {
                            member: id,
                            code: code.clone(),
                        };
                        let words = link_words(&name, &code, cx);
                        return Action::LinkCodeReady {
                            member_name: name,
                            code,
                            words,
                        };
                    }
                    Err(t) => {
                        if let Some(d) = t.detail() {
                            tracing::warn!("no link code came: {d}");
                        }
                        let words = link_failed_words(&t, cx);
                        self.link = Link::Failed {
                            member: id,
                            trouble: t,
                        };
                        return Action::Say(vec![words]);
                    }
                }
            }
        }
        Action::None
    }

    /// Checks the name in words (nothing is sent for a blank or too long one), then asks
    /// the app to add her.
    fn add_neighbour(&mut self, cx: &Cx) -> Action {
        use linli_core::text::{Field, TextError, clean};
        match clean(Field::Name, &self.neighbour) {
            Ok(name) => {
                self.neighbour_problem = None;
                Action::AddNeighbour(name)
            }
            Err(e) => {
                let words = match e {
                    TextError::Empty => cx.t("org-neighbour-need-name"),
                    TextError::TooLong { max } => {
                        cx.tn("org-neighbour-too-long", ("max", max as i64), &[])
                    }
                    TextError::Control => cx.t("org-neighbour-bad-name"),
                };
                self.neighbour_problem = Some(words.clone());
                Action::Say(vec![words])
            }
        }
    }

    /// She was added (the app wrote her and queued her for the hub): the form empties and
    /// she is the chosen member.
    pub fn added(&mut self, member: MemberId) {
        self.neighbour.clear();
        self.neighbour_problem = None;
        self.view = View::Accounts;
        self.search.clear();
        self.chosen = Some(member);
        self.problem = None;
    }

    /// Whether the hub's list of computers (once asked) shows none for this member.
    pub fn without_computer(&self, member: MemberId) -> bool {
        match &self.devices {
            Devices::Listed(list) => !list.iter().any(|d| d.member_id == member),
            _ => false,
        }
    }

    fn device(&self, id: Uuid) -> Option<&DeviceInfo> {
        match &self.devices {
            Devices::Listed(list) => list.iter().find(|d| d.device_id == id),
            _ => None,
        }
    }

    /// Checks the form in plain words, then sends the payment; the confirmation names her,
    /// the way and the balance the payment leaves (the hub's ledger line follows by sync).
    fn record(&mut self, cx: &Cx) -> Action {
        let Some(b) = self.chosen().cloned() else {
            self.problem = Some(cx.t("org-pay-need-member"));
            return Action::None;
        };
        let Some(amount) = parse_money(&self.amount).filter(|a| *a > Fen::ZERO) else {
            self.problem = Some(cx.t("org-pay-need-amount"));
            return Action::None;
        };
        let words = cx.ta(
            match self.method {
                PaymentMethod::Cash => "org-pay-done-cash",
                PaymentMethod::Transfer => "org-pay-done-transfer",
            },
            &[
                ("name", b.member.display_name.clone()),
                ("money", cx.c.i18n.money(amount)),
                ("balance", balance_words(b.balance + amount, cx)),
            ],
        );
        self.amount.clear();
        self.problem = None;
        Action::Send(
            vec![Command::RecordPayment {
                member_id: b.member.id,
                amount,
                method: self.method,
            }],
            words,
        )
    }

    /// "32 位成员，5 位欠钱，一共欠 ¥86.40。"
    fn summary(&self, cx: &Cx) -> String {
        let owing: Vec<Fen> = self
            .balances
            .iter()
            .filter(|b| b.balance < Fen::ZERO)
            .map(|b| b.balance)
            .collect();
        if owing.is_empty() {
            return cx.tn(
                "org-members-summary-none",
                ("count", self.balances.len() as i64),
                &[],
            );
        }
        cx.tns(
            "org-members-summary",
            &[
                ("count", self.balances.len() as i64),
                ("owing", owing.len() as i64),
            ],
            &[(
                "total",
                cx.c.i18n.money(-owing.iter().copied().sum::<Fen>()),
            )],
        )
    }

    /// "李奶奶现在欠 ¥12.00。"
    fn balance_line(b: &MemberBalance, cx: &Cx) -> String {
        cx.ta(
            "org-member-balance",
            &[
                ("name", b.member.display_name.clone()),
                ("balance", balance_words(b.balance, cx)),
            ],
        )
    }

    fn owing_day_words(&self, cx: &Cx) -> String {
        cx.c.i18n
            .day(self.owing_day.date(cx.now.date()), cx.now.date())
    }

    fn owing_lines(&self, cx: &Cx) -> Vec<String> {
        let day = self.owing_day_words(cx);
        if self.owing.is_empty() {
            return vec![cx.ta("org-owing-none", &[("day", day)])];
        }
        let mut lines = vec![cx.tn(
            "org-owing-summary",
            ("count", self.owing.len() as i64),
            &[("day", day.clone())],
        )];
        lines.extend(self.owing.iter().map(|o| {
            cx.ta(
                "org-owing-line",
                &[
                    ("name", o.member.display_name.clone()),
                    ("owed", cx.c.i18n.money(Fen(o.balance.0.abs()))),
                    ("day", day.clone()),
                    ("due", cx.c.i18n.money(o.due)),
                ],
            )
        }));
        lines
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let mut views = row![].spacing(gap / 2.0);
        for (v, id) in View::ALL {
            views = views.push(ui::chip(c, cx.t(id), v == self.view, Message::View(v)));
        }
        let col = column![ui::body(c, self.summary(&cx)), views.wrap()].spacing(gap);
        match self.view {
            View::Accounts => col.push(self.accounts_view(&cx)),
            View::Owing => col.push(self.owing_view(&cx)),
            View::Devices => col.push(ui::card(c, self.devices_view(&cx))),
        }
        .into()
    }

    /// Everyone with her balance in large text (left), the chosen one (right).
    fn accounts_view<'a>(&'a self, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        // Adding a neighbour without a computer first: the list below can be long.
        let mut list = column![
            self.neighbour_form(cx),
            ui::field(c, &cx.t("org-find-hint"), &self.search, Message::Search).width(Length::Fill)
        ]
        .spacing(gap / 2.0);
        let shown = self.shown();
        if shown.is_empty() {
            list = list.push(ui::body(
                c,
                cx.ta(
                    "org-find-none",
                    &[("typed", self.search.trim().to_string())],
                ),
            ));
        }
        for b in shown {
            let line = ui::heading(
                c,
                cx.ta(
                    "org-member-line",
                    &[
                        ("name", b.member.display_name.clone()),
                        ("balance", balance_words(b.balance, cx)),
                    ],
                ),
            );
            let card: Element<'a, Message> = if self.without_computer(b.member.id) {
                row![line, ui::tag(c, cx.t("org-member-no-computer"))]
                    .spacing(gap / 2.0)
                    .align_y(Alignment::Center)
                    .wrap()
                    .into()
            } else {
                line
            };
            list = list.push(ui::choice_card(
                c,
                card,
                Some(b.member.id) == self.chosen,
                Message::Choose(b.member.id),
            ));
        }
        row![
            list.width(Length::FillPortion(2)),
            container_of(self.detail(cx)).width(Length::FillPortion(3)),
        ]
        .spacing(gap * 2.0)
        .into()
    }

    /// 添加没有电脑的邻居: her name and the button in one row (Enter adds), above the list;
    /// what is wrong with the name under them (the button never moves).
    fn neighbour_form<'a>(&'a self, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let form = row![
            ui::field(
                c,
                &cx.t("org-neighbour-hint"),
                &self.neighbour,
                Message::Neighbour
            )
            .on_submit(Message::AddNeighbour)
            .width(Length::Fill),
            ui::big_button(
                c,
                format!("{} ⏎", cx.t("org-neighbour-add")),
                Kind::Secondary,
                false,
                Some(Message::AddNeighbour),
            ),
        ]
        .spacing(gap / 2.0)
        .align_y(Alignment::Center);
        match &self.neighbour_problem {
            Some(p) => column![form, ui::body(c, p.as_str())]
                .spacing(gap / 4.0)
                .into(),
            None => form.into(),
        }
    }

    /// The chosen member's link code: the button, then the code in very large type with
    /// its one sentence, or why it did not come. Not for the organiser or someone who left.
    fn link_view<'a>(&'a self, b: &'a MemberBalance, cx: &Cx<'a>) -> Option<Element<'a, Message>> {
        let c = cx.c;
        let gap = c.scale.gap();
        if b.member.role == Role::Organiser || b.member.left_at.is_some() {
            return None;
        }
        let id = b.member.id;
        let mine = self.link.member() == Some(id);
        let mut col = column![
            row![
                ui::big_button(
                    c,
                    format!("{} (D)", cx.t("org-member-order-for")),
                    Kind::Secondary,
                    false,
                    Some(Message::OrderFor(id)),
                ),
                ui::big_button(
                    c,
                    cx.t("org-link-print"),
                    Kind::Secondary,
                    false,
                    (self.link != Link::Asking(id)).then_some(Message::AskLinkCode(id)),
                )
            ]
            .spacing(gap / 2.0)
            .wrap()
        ]
        .spacing(gap / 2.0);
        if !mine {
            // The button alone, until there is a code or an answer to show with it.
            return Some(col.into());
        }
        match &self.link {
            Link::Asking(_) if mine => col = col.push(ui::body(c, cx.t("org-link-asking"))),
            Link::Shown { code, .. } if mine => {
                let mut groups = row![].spacing(gap / 4.0);
                for g in code_groups(code) {
                    groups = groups.push(ui::huge(c, g));
                }
                col = col
                    .push(groups.wrap())
                    .push(ui::body(c, link_sentence(&b.member.display_name, cx)));
            }
            Link::Failed { trouble, .. } if mine => {
                col = col.push(super::failure(
                    c,
                    ui::body(c, link_failed_words(trouble, cx)),
                    trouble.detail(),
                ));
            }
            _ => {}
        }
        Some(ui::card(c, col))
    }

    /// Who owes before today's or tomorrow's pickup.
    fn owing_view<'a>(&'a self, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let mut owing = column![
            row![
                ui::chip(
                    c,
                    format!("1 {}", cx.t("org-owing-today")),
                    self.owing_day == OwingDay::Today,
                    Message::OwingDay(OwingDay::Today),
                ),
                ui::chip(
                    c,
                    format!("2 {}", cx.t("org-owing-tomorrow")),
                    self.owing_day == OwingDay::Tomorrow,
                    Message::OwingDay(OwingDay::Tomorrow),
                ),
            ]
            .spacing(gap / 2.0),
        ]
        .spacing(gap);
        for (i, l) in self.owing_lines(cx).into_iter().enumerate() {
            owing = owing.push(if i == 0 {
                ui::heading(c, l)
            } else {
                ui::body(c, l)
            });
        }
        ui::card(c, owing)
    }

    /// The chosen member: her balance, the payment form, her latest lines.
    fn detail<'a>(&'a self, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let Some(b) = self.chosen() else {
            return ui::card(c, ui::body(c, cx.t("org-members-choose")));
        };
        let mut col = column![ui::heading(c, Self::balance_line(b, cx))].spacing(gap);
        if let Some(w) = collect_words(b.balance, cx) {
            col = col.push(ui::heading(c, w));
        }
        if let Some(link) = self.link_view(b, cx) {
            col = col.push(link);
        }
        let mut form = column![ui::body(
            c,
            cx.ta("org-pay-title", &[("name", b.member.display_name.clone())])
        )]
        .spacing(gap);
        form = form.push(
            row![
                ui::body(c, cx.t("org-pay-amount")),
                ui::field(c, "0.00", &self.amount, Message::Amount)
                    .on_submit(Message::Record)
                    .width(Length::Fixed(c.scale.body() * 6.0)),
                ui::chip(
                    c,
                    format!("1 {}", cx.t("org-pay-cash")),
                    self.method == PaymentMethod::Cash,
                    Message::Method(PaymentMethod::Cash),
                ),
                ui::chip(
                    c,
                    format!("2 {}", cx.t("org-pay-transfer")),
                    self.method == PaymentMethod::Transfer,
                    Message::Method(PaymentMethod::Transfer),
                ),
            ]
            .spacing(gap)
            .align_y(Alignment::Center)
            .wrap(),
        );
        // Record (and what is missing) is in the bar below the page.
        col = col.push(ui::card(c, form));
        col = col.push(ui::heading(c, cx.t("org-ledger-latest")));
        if self.ledger.is_empty() {
            col = col.push(ui::body(c, cx.t("org-ledger-none")));
        }
        for l in &self.ledger {
            col = col.push(ui::body(c, ledger_words(l, cx)));
        }
        col.into()
    }

    /// The group's computers from the hub, each but hers with "stop this computer".
    fn devices_view<'a>(&'a self, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let mut col = column![
            row![
                container_of(ui::body(c, cx.t("org-devices-intro"))).width(Length::Fill),
                ui::big_button(
                    c,
                    cx.t("org-devices-load"),
                    Kind::Secondary,
                    false,
                    (self.devices != Devices::Asking).then_some(Message::LoadDevices),
                ),
            ]
            .spacing(gap)
            .align_y(Alignment::Center)
        ]
        .spacing(gap);
        if let Some(t) = &self.revoke_failed {
            col = col.push(ui::news(
                c,
                super::failure(c, ui::body(c, revoke_failed_words(t, cx)), t.detail()),
            ));
        }
        match &self.devices {
            Devices::NotAsked | Devices::Asking => {
                col = col.push(ui::body(c, cx.t("org-devices-asking")));
            }
            Devices::Failed(t) => {
                col = col.push(super::failure(
                    c,
                    ui::body(
                        c,
                        cx.ta("org-devices-failed", &[("why", trouble_words(t, cx))]),
                    ),
                    t.detail(),
                ));
            }
            Devices::Listed(list) => {
                for (i, d) in list.iter().enumerate() {
                    col = col.push(self.device_row(i + 1, d, cx));
                }
            }
        }
        col = col.push(ui::body(c, cx.t("org-devices-rejoin")));
        if cx.host.is_some() {
            col = col.push(ui::big_button(
                c,
                cx.t("org-devices-reprint"),
                Kind::Secondary,
                false,
                Some(Message::Reprint),
            ));
        } else {
            col = col.push(ui::body(c, cx.t("org-invite-elsewhere-note")));
        }
        col.into()
    }

    fn device_row<'a>(&'a self, n: usize, d: &'a DeviceInfo, cx: &Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let words = ui::body(c, format!("{n}  {}", device_words(d, cx)));
        if self.revoking == Some(d.device_id) {
            let ask = column![
                words,
                ui::body(
                    c,
                    cx.ta("org-device-revoke-ask", &[("name", d.display_name.clone())])
                ),
                row![
                    ui::big_button(
                        c,
                        cx.t("org-device-revoke-yes"),
                        Kind::Danger,
                        false,
                        Some(Message::Revoke(d.device_id)),
                    ),
                    ui::big_button(
                        c,
                        format!("{} ⏎", cx.t("org-device-revoke-no")),
                        Kind::Secondary,
                        false,
                        Some(Message::CancelRevoke),
                    ),
                ]
                .spacing(gap),
            ]
            .spacing(gap);
            return ui::news(c, ask);
        }
        let side: Element<'a, Message> = if d.this_device {
            ui::body(c, cx.t("org-device-this"))
        } else {
            ui::big_button(
                c,
                cx.t("org-device-revoke"),
                Kind::Secondary,
                false,
                Some(Message::AskRevoke(d.device_id)),
            )
        };
        row![container_of(words).width(Length::Fill), side]
            .spacing(gap)
            .align_y(Alignment::Center)
            .into()
    }

    /// Record the chosen member's payment, fixed below the page (the list of members is
    /// long), with the room for what is missing beside it.
    pub fn bar<'a>(&'a self, cx: Cx<'a>) -> Option<Element<'a, Message>> {
        let c = cx.c;
        (self.view == View::Accounts && self.chosen.is_some()).then(|| {
            super::action_row(
                c,
                vec![ui::big_button(
                    c,
                    format!("{} ⏎", cx.t("org-pay-save")),
                    Kind::Primary,
                    false,
                    Some(Message::Record),
                )],
                self.problem.as_deref(),
            )
        })
    }

    /// The summary, then what the view shows: the chosen member's balance and latest
    /// lines; who owes; the computers.
    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(p) = &self.problem {
            lines.push(p.clone());
        }
        if let Some(p) = &self.neighbour_problem {
            lines.push(p.clone());
        }
        match (self.view, self.chosen()) {
            (View::Accounts, Some(b)) => {
                lines.push(Self::balance_line(b, cx));
                lines.extend(collect_words(b.balance, cx));
                match &self.link {
                    Link::Shown { member, code } if *member == b.member.id => {
                        lines.extend(link_words(&b.member.display_name, code, cx));
                    }
                    Link::Failed { member, trouble } if *member == b.member.id => {
                        lines.push(link_failed_words(trouble, cx));
                    }
                    _ => {}
                }
                lines.extend(self.ledger.iter().take(SAID).map(|l| ledger_words(l, cx)));
            }
            (View::Accounts, None) => {
                lines.push(self.summary(cx));
                lines.push(cx.t("org-members-choose"));
            }
            (View::Owing, _) => lines.extend(self.owing_lines(cx)),
            (View::Devices, _) => {
                lines.extend(
                    self.revoke_failed
                        .as_ref()
                        .map(|t| revoke_failed_words(t, cx)),
                );
                if let Some(d) = self.revoking.and_then(|id| self.device(id)) {
                    lines.push(cx.ta("org-device-revoke-ask", &[("name", d.display_name.clone())]));
                }
                match &self.devices {
                    Devices::Listed(list) => {
                        lines.extend(list.iter().map(|d| device_words(d, cx)));
                    }
                    Devices::Failed(t) => {
                        lines.push(cx.ta("org-devices-failed", &[("why", trouble_words(t, cx))]))
                    }
                    _ => lines.push(cx.t("org-devices-asking")),
                }
            }
        }
        lines
    }

    /// ← / → the views (digits act inside a view). Accounts: up and down choose the member,
    /// 1 cash, 2 transfer, Enter records. Who owes: 1 today, 2 tomorrow. Computers: 1–6
    /// asks to stop that one; stopping it takes a click on its red button, Enter keeps it.
    pub fn on_key(&self, k: Key) -> Option<Message> {
        if matches!(k, Key::Left | Key::Right) {
            return Some(Message::View(self.view.beside(k)));
        }
        match (self.view, k) {
            (View::Accounts, Key::Up | Key::Down) => Some(Message::Step(k)),
            (View::Accounts, Key::Enter) => Some(Message::Record),
            (View::Accounts, Key::Number(1)) => Some(Message::Method(PaymentMethod::Cash)),
            (View::Accounts, Key::Number(2)) => Some(Message::Method(PaymentMethod::Transfer)),
            (View::Owing, Key::Number(1)) => Some(Message::OwingDay(OwingDay::Today)),
            (View::Owing, Key::Number(2)) => Some(Message::OwingDay(OwingDay::Tomorrow)),
            // Enter keeps the computer: the safe answer.
            (View::Devices, Key::Enter) => self.revoking.map(|_| Message::CancelRevoke),
            (View::Devices, Key::Number(n)) => match &self.devices {
                Devices::Listed(list) => list
                    .get(n.wrapping_sub(1))
                    .filter(|d| !d.this_device)
                    .map(|d| Message::AskRevoke(d.device_id)),
                _ => None,
            },
            _ => None,
        }
    }
}

fn container_of<'a>(e: impl Into<Element<'a, Message>>) -> iced::widget::Container<'a, Message> {
    iced::widget::container(e)
}

/// What to collect from a member who owes, at pickup: "取货时请收 ¥12.00" (none when she
/// owes nothing).
pub fn collect_words(b: Fen, cx: &Cx) -> Option<String> {
    (b < Fen::ZERO).then(|| cx.ta("org-collect", &[("money", cx.c.i18n.money(Fen(-b.0)))]))
}

/// A balance in words: "欠 ¥12.00", "余 ¥5.00", "不欠钱".
pub fn balance_words(b: Fen, cx: &Cx) -> String {
    let money = cx.c.i18n.money(Fen(b.0.abs()));
    if b < Fen::ZERO {
        cx.ta("org-balance-owes", &[("money", money)])
    } else if b > Fen::ZERO {
        cx.ta("org-balance-credit", &[("money", money)])
    } else {
        cx.t("org-balance-zero")
    }
}

/// A local day and time in words: "今天下午3点".
fn when_words(t: Timestamp, cx: &Cx) -> String {
    let local = t.with_timezone(&Local).naive_local();
    cx.ta(
        "org-when",
        &[
            ("day", cx.c.i18n.day(local.date(), cx.now.date())),
            ("clock", cx.c.i18n.clock(local.time())),
        ],
    )
}

/// One ledger line in words: "今天 付款（现金） ¥20.00", "11月25日 扣款 🍅 西红柿 ¥7.60",
/// "昨天 退款 🍅 西红柿 ¥3.80（到货不够）".
pub fn ledger_words(l: &MemberLedgerLine, cx: &Cx) -> String {
    let e = &l.entry;
    let day =
        cx.c.i18n
            .day(e.at.with_timezone(&Local).date_naive(), cx.now.date());
    let money = cx.c.i18n.money(Fen(e.amount.0.abs()));
    let product = match (&l.emoji, &l.product) {
        (Some(e), Some(p)) => format!("{e} {p}"),
        (None, Some(p)) => p.clone(),
        _ => String::new(),
    };
    match e.kind {
        LedgerKind::Payment => cx.ta(
            match e.method {
                Some(PaymentMethod::Cash) => "org-ledger-payment-cash",
                Some(PaymentMethod::Transfer) => "org-ledger-payment-transfer",
                None => "org-ledger-payment",
            },
            &[("day", day), ("money", money)],
        ),
        LedgerKind::Charge => cx.ta(
            "org-ledger-charge",
            &[("day", day), ("name", product), ("money", money)],
        ),
        LedgerKind::Refund(why) => cx.ta(
            "org-ledger-refund",
            &[
                ("day", day),
                ("name", product),
                ("money", money),
                (
                    "why",
                    cx.t(match why {
                        RefundReason::DealFailed => "org-refund-deal-failed",
                        RefundReason::CalledOff => "org-refund-called-off",
                        RefundReason::Shortage => "org-refund-shortage",
                        RefundReason::Complaint => "org-refund-complaint",
                    }),
                ),
            ],
        ),
    }
}

/// "李奶奶（成员）：11月20日加入，上次联系 今天下午3点".
fn device_words(d: &DeviceInfo, cx: &Cx) -> String {
    let role = cx.t(match d.role {
        Role::Member => "org-role-member",
        Role::Organiser => "org-role-organiser",
        Role::Volunteer => "org-role-volunteer",
    });
    let joined = cx.c.i18n.day(
        d.joined_at.with_timezone(&Local).date_naive(),
        cx.now.date(),
    );
    let seen = match d.last_seen_at {
        Some(t) => cx.ta("org-device-seen", &[("when", when_words(t, cx))]),
        None => cx.t("org-device-seen-never"),
    };
    cx.ta(
        "org-device-line",
        &[
            ("name", d.display_name.clone()),
            ("role", role),
            ("joined", joined),
            ("seen", seen),
        ],
    )
}

/// Why, in her words and what to do next; the technical words go to [`HubTrouble::detail`].
fn trouble_words(t: &HubTrouble, cx: &Cx) -> String {
    match t {
        HubTrouble::Offline(_) => cx.t("org-devices-offline"),
        HubTrouble::OwnDevice => cx.t("org-device-own"),
        HubTrouble::Gone => cx.t("org-device-gone"),
        HubTrouble::Certificate => cx.t("org-hub-certificate"),
        HubTrouble::Other(_) => cx.t("org-hub-trouble"),
    }
}

/// "没停用成：这是您正在用的电脑，不能停用。"
fn revoke_failed_words(t: &HubTrouble, cx: &Cx) -> String {
    cx.ta("org-device-revoke-failed", &[("why", trouble_words(t, cx))])
}

/// "用这个码，王大爷以后可以在自己的电脑上加入，他的订单和余额都在。只能用一次。"
fn link_sentence(name: &str, cx: &Cx) -> String {
    cx.ta("org-link-sentence", &[("name", name.to_string())])
}

/// What is said when the code comes: the code, a character at a time, and the sentence.
pub fn link_words(name: &str, code: &str, cx: &Cx) -> Vec<String> {
    // A character at a time, a pause between groups.
    let spoken = code
        .split('-')
        .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(&cx.t("org-link-group-sep"));
    vec![
        cx.ta(
            "org-link-said",
            &[("name", name.to_string()), ("code", spoken)],
        ),
        link_sentence(name, cx),
    ]
}

/// "没拿到连接码：…" with what to do next.
fn link_failed_words(t: &HubTrouble, cx: &Cx) -> String {
    let why = match t {
        // Just added: the hub has not heard of her yet.
        HubTrouble::Gone => cx.t("org-link-not-yet"),
        other => trouble_words(other, cx),
    };
    cx.ta("org-link-failed", &[("why", why)])
}
