//! Advanced mode: the organiser's day. Each page is a module with its own state,
//! `Message`, `update → Action` and `view(cx)`; this module draws the frame (the pages as
//! numbered tabs with their keys, Read aloud, the news box and the sync line) and routes
//! to the page. The app performs the [`Action`]s: it owns the store, sync and speech.

pub mod arrival;
pub mod complaints;
pub mod deals;
pub mod desk;
pub mod figures;
pub mod find;
pub mod invite;
pub mod members;
pub mod neighbours;
pub mod notices;
pub mod order_for;
pub mod sorting;
pub mod stock;
pub mod today;

use crate::system::host::HostInfo;
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use chrono::NaiveDateTime;
use iced::widget::{column, container, row, scrollable};
use iced::{Alignment, Element, Length};
use linli_core::command::Command;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// What an organiser's page needs to draw: words, colours, sizes, the clock, the hub she
/// hosts (if she does).
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub c: Ctx<'a>,
    pub now: NaiveDateTime,
    pub host: Option<&'a HostInfo>,
}

impl Cx<'_> {
    pub fn t(&self, id: &str) -> String {
        self.c.t(id)
    }
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        self.c.i18n.ta(id, args)
    }
    /// A count without a unit ("3 orders", "1 neighbor"), for Fluent's plural selectors.
    pub fn tn(&self, id: &str, count: (&str, i64), args: &[(&str, String)]) -> String {
        self.c.i18n.tn(id, count, args)
    }
    /// Several counts without a unit, each choosing its plural.
    pub fn tns(&self, id: &str, counts: &[(&str, i64)], args: &[(&str, String)]) -> String {
        self.c.i18n.tns(id, counts, args)
    }
    /// A count of the organiser's unit ("14 heads ordered"), with `$unit` and `$units`.
    pub fn tq(&self, id: &str, count: (&str, i64), unit: &str, args: &[(&str, String)]) -> String {
        self.c.i18n.tq(id, count, unit, args)
    }
    /// Several counts of one unit ("14 heads ordered, 1 head left, 3 orders").
    pub fn tqs(
        &self,
        id: &str,
        counts: &[(&str, i64)],
        unit: &str,
        args: &[(&str, String)],
    ) -> String {
        self.c.i18n.tqs(id, counts, unit, args)
    }
    /// The plural of her unit in this language ("How many boxes arrived?").
    pub fn units(&self, unit: &str) -> String {
        self.c.i18n.units(unit)
    }
}

/// The organiser's pages: her day (F1…F6), then stock, members and money, complaints,
/// notices, figures and neighbours (F7…F12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Today,
    Deals,
    Sorting,
    Arrival,
    Desk,
    Invite,
    Stock,
    Members,
    Complaints,
    Notices,
    Figures,
    Neighbours,
    /// 代下单: not a tab; reached from Today and Members (Esc back to Today).
    OrderFor,
}

impl Page {
    /// In the order of her day: the deals, sorting, arrival, the desk and the money
    /// collected there; then stock, complaints, notices, figures, neighbours, and the
    /// invite she needs only when someone new joins.
    pub const ALL: [Page; 12] = [
        Page::Today,
        Page::Deals,
        Page::Sorting,
        Page::Arrival,
        Page::Desk,
        Page::Members,
        Page::Stock,
        Page::Complaints,
        Page::Notices,
        Page::Figures,
        Page::Neighbours,
        Page::Invite,
    ];

    /// Where the page is among [`Page::ALL`] (0 for Today).
    pub fn index(self) -> usize {
        Page::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The page's short name on its tab (Fluent id).
    pub fn tab_id(self) -> &'static str {
        match self {
            Page::Today => "org-tab-today",
            Page::Deals => "org-tab-deals",
            Page::Sorting => "org-tab-sorting",
            Page::Arrival => "org-tab-arrival",
            Page::Desk => "org-tab-desk",
            Page::Invite => "org-tab-invite",
            Page::Figures => "org-tab-figures",
            Page::Notices => "org-tab-notices",
            Page::Complaints => "org-tab-complaints",
            Page::Members => "org-tab-members",
            Page::Stock => "org-tab-stock",
            Page::Neighbours => "org-tab-neighbours",
            Page::OrderFor => "org-tab-order-for",
        }
    }

    /// The page's title (Fluent id).
    pub fn title_id(self) -> &'static str {
        match self {
            Page::Today => "org-today",
            Page::Deals => "org-deals",
            Page::Sorting => "org-sorting",
            Page::Arrival => "org-arrival",
            Page::Desk => "org-desk",
            Page::Invite => "org-invite",
            Page::Figures => "org-figures",
            Page::Notices => "org-notices",
            Page::Complaints => "org-complaints",
            Page::Members => "org-members",
            Page::Stock => "org-stock",
            Page::Neighbours => "org-neighbours",
            Page::OrderFor => "org-order-for",
        }
    }

    /// The keys of the page (Fluent id), shown under it.
    pub fn keys_id(self) -> &'static str {
        match self {
            Page::Today => "org-keys-today",
            Page::Deals => "org-keys-deals",
            Page::Sorting => "org-keys-sorting",
            Page::Arrival => "org-keys-arrival",
            Page::Desk => "org-keys-desk",
            Page::Invite => "org-keys-invite",
            Page::Figures => "org-keys-figures",
            Page::Notices => "org-keys-notices",
            Page::Complaints => "org-keys-complaints",
            Page::Members => "org-keys-members",
            Page::Stock => "org-keys-stock",
            Page::Neighbours => "org-keys-neighbours",
            Page::OrderFor => "org-keys-order-for",
        }
    }

    /// The page for `--screen NAME`.
    pub fn by_name(name: &str) -> Option<Page> {
        Some(match name {
            "today" => Page::Today,
            "deals" | "publish" => Page::Deals,
            "sorting" | "sort" => Page::Sorting,
            "arrival" => Page::Arrival,
            "desk" => Page::Desk,
            "invite" => Page::Invite,
            "figures" => Page::Figures,
            "notices" => Page::Notices,
            "complaints" => Page::Complaints,
            "members" => Page::Members,
            "stock" => Page::Stock,
            "neighbours" => Page::Neighbours,
            "order-for" => Page::OrderFor,
            _ => return None,
        })
    }
}

/// A printable sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintJob {
    /// The sort sheet of a pickup day, by member (one block per household) or by product.
    Sort {
        day: chrono::NaiveDate,
        by_member: bool,
        large: bool,
    },
    /// The invite sheet: the group, the address, the member code, three steps.
    Invite,
    /// The large-print order form (订货单) of `day` for neighbours without a computer: the
    /// deals still open that day, numbered as `Store::order_form_deals` numbers them, each
    /// with a box to write the quantity in.
    OrderForm { day: chrono::NaiveDate },
    /// The pickup slips (取货条) of pickup day `day`: one per neighbour with goods confirmed
    /// or ready, her code very large; only `member`'s when given.
    Slips {
        day: chrono::NaiveDate,
        member: Option<linli_core::model::MemberId>,
    },
    /// The one-page link sheet (连接码) of a neighbour added without a computer: the
    /// address and the one-time `code` to join later with a device of her own.
    LinkSheet { member_name: String, code: String },
}

impl PrintJob {
    pub fn file_name(&self) -> String {
        match self {
            PrintJob::Sort {
                day,
                by_member,
                large,
            } => format!(
                "sort-{day}-{}{}.pdf",
                if *by_member { "member" } else { "product" },
                if *large { "-large" } else { "" }
            ),
            PrintJob::Invite => "invite.pdf".into(),
            PrintJob::OrderForm { day } => format!("order-form-{day}.pdf"),
            PrintJob::Slips { day, member: None } => format!("slips-{day}.pdf"),
            // Not her name: file names stay ASCII; her id's first digits tell two apart.
            PrintJob::Slips {
                day,
                member: Some(m),
            } => format!("slip-{day}-{}.pdf", &m.to_string()[..8]),
            PrintJob::LinkSheet { .. } => "link-code.pdf".into(),
        }
    }
}

/// What a page asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Read these lines aloud.
    Say(Vec<String>),
    /// Send commands to the hub (written locally first where the store can), then show
    /// and say the words.
    Send(Vec<Command>, String),
    /// Load the page's data again (handled by [`Advanced::update`]).
    Reload,
    Print(PrintJob),
    /// Write the figures of this range as CSV files into the data folder's `exports/<day>`.
    Export(crate::advanced::figures::data::Range),
    /// Switch this computer to basic mode.
    Basic,
    /// She has read the news box.
    NewsRead,
    /// Show these words in the news box and say them (nothing is sent).
    Announce(String),
    /// Ask the hub for the group's devices; the answer comes back as
    /// [`members::Message::Devices`].
    Devices,
    /// Revoke a device at the hub; the answer comes back as [`members::Message::Revoked`].
    Revoke(uuid::Uuid),
    /// Put the keyboard in this text field, and say these lines.
    Focus(iced::widget::Id, Vec<String>),
    /// Enter a neighbour's order (代下单, [`Store::enter_orders`]); the page hears how it
    /// went ([`order_for::OrderFor::entered`]).
    EnterOrders(order_for::Entry),
    /// Add a neighbour without a computer by this name (代下单; the name already checked):
    /// written at once and queued for the hub, announced, and chosen on the Members page.
    AddNeighbour(String),
    /// Ask the hub for a member's one-time link code; the answer comes back as
    /// [`members::Message::LinkCode`].
    LinkCode(linli_core::model::MemberId),
    /// A link code came and shows on the Members page: say `words` and print
    /// the link sheet (`App::link_code_ready`).
    LinkCodeReady {
        member_name: String,
        code: String,
        words: Vec<String>,
    },
    /// Write down an expert's tip (approved at once), then show and say the words.
    WriteTip {
        author: linli_core::model::MemberId,
        tip: linli_core::model::Tip,
        words: String,
    },
}

#[derive(Debug, Clone)]
pub enum Message {
    Go(Page),
    ReadAloud,
    NewsRead,
    Basic,
    Today(today::Message),
    Deals(deals::Message),
    Sorting(sorting::Message),
    Arrival(arrival::Message),
    Desk(desk::Message),
    Invite(invite::Message),
    Stock(stock::Message),
    Members(members::Message),
    Complaints(complaints::Message),
    Notices(notices::Message),
    Figures(figures::Message),
    Neighbours(neighbours::Message),
    OrderFor(order_for::Message),
    /// 代下单 for this member (from Members), or with a search (from Today).
    OrderForMember(Option<linli_core::model::MemberId>),
}

/// The organiser's pages and which one shows. Each page keeps its state (a half-filled
/// form, the chosen day) while she visits another.
#[derive(Debug, Default)]
pub struct Advanced {
    pub page: Page,
    pub today: today::Today,
    pub deals: deals::Deals,
    pub sorting: sorting::Sorting,
    pub arrival: arrival::Arrival,
    pub desk: desk::Desk,
    pub invite: invite::Invite,
    pub stock: stock::Stock,
    pub members: members::Members,
    pub complaints: complaints::Complaints,
    pub notices: notices::Notices,
    pub figures: figures::Figures,
    pub neighbours: neighbours::Neighbours,
    pub order_for: order_for::OrderFor,
    /// Her identity (group, name), set by [`Advanced::load`].
    me: Option<Identity>,
}

impl Advanced {
    /// Reads what Today shows (always: its summary is the sync line's news) and what the
    /// current page shows, from the local store.
    pub fn load(&mut self, store: &Store, me: &Identity, now: NaiveDateTime) -> Result<()> {
        self.me = Some(me.clone());
        self.today.load(store, me, now)?;
        match self.page {
            Page::Today => {}
            Page::Deals => self.deals.load(store, me, now)?,
            Page::Sorting => self.sorting.load(store, me, now)?,
            Page::Arrival => self.arrival.load(store, me, now)?,
            Page::Desk => self.desk.load(store, me, now)?,
            Page::Invite => self.invite.load(store, me)?,
            Page::Stock => self.stock.load(store, me, now)?,
            Page::Members => self.members.load(store, me, now)?,
            Page::Complaints => self.complaints.load(store, me, now)?,
            Page::Notices => self.notices.load(store, me, now)?,
            Page::Figures => self.figures.load(store, me, now)?,
            Page::Neighbours => self.neighbours.load(store, me, now)?,
            Page::OrderFor => self.order_for.load(store, me.member_id, now)?,
        }
        Ok(())
    }

    pub fn update(&mut self, m: Message, cx: &Cx, store: &Store, me: Option<&Identity>) -> Action {
        let Some(me) = me else {
            return Action::None;
        };
        let action = self.route(m, cx, store, me);
        // A page that changed what it shows (another day) reads its data again.
        if action == Action::Reload {
            if let Err(e) = self.load(store, me, cx.now) {
                tracing::warn!("organiser page: {e}");
            }
            // The device list comes from the hub, once, when the page is first shown.
            if self.page == Page::Members && self.members.wants_devices() {
                return self.members.ask_devices();
            }
            return Action::None;
        }
        action
    }

    fn route(&mut self, m: Message, cx: &Cx, store: &Store, me: &Identity) -> Action {
        match m {
            Message::Go(p) => {
                self.page = p;
                Action::Reload
            }
            Message::ReadAloud => Action::Say(self.script(cx)),
            Message::NewsRead => Action::NewsRead,
            Message::Basic => Action::Basic,
            Message::Today(m) => match self.today.update(m) {
                today::Event::Go(p) => self.route(Message::Go(p), cx, store, me),
                today::Event::OrderFor => self.route(Message::OrderForMember(None), cx, store, me),
            },
            Message::Deals(m) => self.deals.update(m, cx, store, me),
            Message::Sorting(m) => self.sorting.update(m),
            Message::Arrival(m) => self.arrival.update(m, cx, store, me),
            Message::Desk(m) => self.desk.update(m, cx, store, me),
            Message::Invite(m) => self.invite.update(m),
            Message::Stock(m) => self.stock.update(m, cx, store, me),
            Message::Members(members::Message::OrderFor(id)) => {
                self.route(Message::OrderForMember(Some(id)), cx, store, me)
            }
            Message::Members(m) => self.members.update(m, cx, store, me),
            Message::Complaints(m) => self.complaints.update(m, cx, store, me),
            Message::Notices(m) => self.notices.update(m, cx, store, me),
            Message::Figures(m) => self.figures.update(m, cx, store, me),
            Message::Neighbours(m) => self.neighbours.update(m, cx, store, me),
            Message::OrderFor(m) => {
                let event = self.order_for.update(m, cx.c.i18n, cx.now.date());
                self.order_for_event(event, cx, store, me)
            }
            Message::OrderForMember(member) => {
                let m = member.and_then(|id| store.member(id).ok().flatten());
                self.order_for.start(m.as_ref());
                self.page = Page::OrderFor;
                if let Err(e) = self.load(store, me, cx.now) {
                    tracing::warn!("order for a neighbour: {e}");
                }
                match m {
                    Some(_) => Action::Focus(order_for::field_id(0), Vec::new()),
                    None => Action::Focus(order_for::find_id(), Vec::new()),
                }
            }
        }
    }

    /// What the 代下单 page asked for, as the app's action.
    fn order_for_event(
        &mut self,
        event: order_for::Event,
        cx: &Cx,
        store: &Store,
        me: &Identity,
    ) -> Action {
        match event {
            order_for::Event::None => Action::None,
            order_for::Event::Say(lines) => {
                // A neighbour was chosen: her quantities so far.
                if let Err(e) = self.order_for.load(store, me.member_id, cx.now) {
                    tracing::warn!("order for a neighbour: {e}");
                }
                Action::Say(lines)
            }
            order_for::Event::Focus(n, say) => {
                if !say.is_empty()
                    && let Err(e) = self.order_for.load(store, me.member_id, cx.now)
                {
                    tracing::warn!("order for a neighbour: {e}");
                }
                Action::Focus(order_for::focus_id(n), say)
            }
            order_for::Event::Enter(e) => Action::EnterOrders(e),
        }
    }

    /// What Read aloud says: the page's one-sentence summary first, then its details.
    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines = vec![cx.t(self.page.title_id())];
        lines.extend(match self.page {
            Page::Today => self.today.script(cx),
            Page::Deals => self.deals.script(cx),
            Page::Sorting => self.sorting.script(cx),
            Page::Arrival => self.arrival.script(cx),
            Page::Desk => self.desk.script(cx),
            Page::Invite => self.invite.script(cx),
            Page::Stock => self.stock.script(cx),
            Page::Members => self.members.script(cx),
            Page::Complaints => self.complaints.script(cx),
            Page::Notices => self.notices.script(cx),
            Page::Figures => self.figures.script(cx),
            Page::Neighbours => self.neighbours.script(cx),
            Page::OrderFor => self.order_for.script(cx.c.i18n),
        });
        lines
    }

    /// Ctrl+1…Ctrl+= (the number row) and F1…F12 open the pages, Page Up / Page Down the
    /// previous / next one, R reads aloud, Esc returns to Today; the rest is the page's.
    pub fn on_key(&self, k: Key, cx: &Cx) -> Option<Message> {
        let n = Page::ALL.len();
        match k {
            Key::Function(i) | Key::Page(i) => {
                Page::ALL.get(i.wrapping_sub(1)).map(|p| Message::Go(*p))
            }
            Key::PageUp => Some(Message::Go(Page::ALL[(self.page.index() + n - 1) % n])),
            Key::PageDown => Some(Message::Go(Page::ALL[(self.page.index() + 1) % n])),
            Key::Read => Some(Message::ReadAloud),
            // On Members, for the member chosen there; elsewhere, find her first.
            Key::OrderFor if self.page != Page::OrderFor => Some(Message::OrderForMember(
                self.members.chosen.filter(|_| self.page == Page::Members),
            )),
            Key::Backspace if self.page == Page::Desk => Some(Message::Desk(desk::Message::Erase)),
            Key::Escape | Key::Backspace
                if self.page == Page::OrderFor && self.order_for.takes_escape() =>
            {
                self.order_for.on_key(k).map(Message::OrderFor)
            }
            Key::Escape | Key::Backspace if self.page != Page::Today => {
                Some(Message::Go(Page::Today))
            }
            _ => match self.page {
                Page::Today => self.today.on_key(k, cx).map(Message::Today),
                Page::Deals => self.deals.on_key(k).map(Message::Deals),
                Page::Sorting => self.sorting.on_key(k).map(Message::Sorting),
                Page::Arrival => self.arrival.on_key(k).map(Message::Arrival),
                Page::Desk => self.desk.on_key(k).map(Message::Desk),
                Page::Invite => self.invite.on_key(k).map(Message::Invite),
                Page::Stock => self.stock.on_key(k).map(Message::Stock),
                Page::Members => self.members.on_key(k).map(Message::Members),
                Page::Complaints => self.complaints.on_key(k).map(Message::Complaints),
                Page::Notices => self.notices.on_key(k).map(Message::Notices),
                Page::Figures => self.figures.on_key(k).map(Message::Figures),
                Page::Neighbours => self.neighbours.on_key(k).map(Message::Neighbours),
                Page::OrderFor => self.order_for.on_key(k).map(Message::OrderFor),
            },
        }
    }

    /// The frame: the pages as tabs in two rows of six, each with its key (Ctrl and the
    /// key of the number row) apart in a chip; the page, which scrolls; below it what never
    /// scrolls away: the page's main action (when the page is long), news, the keys, the
    /// sync line, Read aloud and Basic mode.
    pub fn view<'a>(
        &'a self,
        cx: Cx<'a>,
        news: Option<&'a str>,
        status: String,
    ) -> Element<'a, Message> {
        let c = cx.c;
        let gap = c.scale.gap();
        let mut rows = column![].spacing(gap / 2.0);
        for (r, pages) in Page::ALL.chunks(6).enumerate() {
            let mut tabs = row![].spacing(gap / 2.0);
            for (i, p) in pages.iter().enumerate() {
                tabs = tabs.push(self.tab(cx, *p, ui::keys::NUMBER_ROW[r * 6 + i]));
            }
            rows = rows.push(tabs);
        }
        let mut col = column![rows].spacing(gap);
        let page: Element<'a, Message> = match self.page {
            Page::Today => self.today.view(cx).map(Message::Today),
            Page::Deals => self.deals.view(cx).map(Message::Deals),
            Page::Sorting => self.sorting.view(cx).map(Message::Sorting),
            Page::Arrival => self.arrival.view(cx).map(Message::Arrival),
            Page::Desk => self.desk.view(cx).map(Message::Desk),
            Page::Invite => self.invite.view(cx).map(Message::Invite),
            Page::Stock => self.stock.view(cx).map(Message::Stock),
            Page::Members => self.members.view(cx).map(Message::Members),
            Page::Complaints => self.complaints.view(cx).map(Message::Complaints),
            Page::Notices => self.notices.view(cx).map(Message::Notices),
            Page::Figures => self.figures.view(cx).map(Message::Figures),
            Page::Neighbours => self.neighbours.view(cx).map(Message::Neighbours),
            Page::OrderFor => self.order_for.view(cx).map(Message::OrderFor),
        };
        let keys = format!("{} · {}", cx.t("org-keys-pages"), cx.t(self.page.keys_id()));
        // The page's main action (when it has one here) on the left, Read aloud and Basic
        // mode on the right, in one row; the keys and the sync line below it take the
        // whole width, so they wrap little.
        let actions: Element<'a, Message> = match self.actions(cx) {
            Some(a) => a,
            None => iced::widget::Space::new().into(),
        };
        let tools = row![
            container(actions).width(Length::Fill),
            ui::big_button(
                c,
                ui::icon::with(ui::icon::SPEAK, &format!("{} (R)", cx.t("read-aloud"))),
                Kind::Secondary,
                false,
                Some(Message::ReadAloud)
            ),
            ui::big_button(
                c,
                cx.t("org-basic"),
                Kind::Secondary,
                false,
                Some(Message::Basic)
            ),
        ]
        .spacing(gap)
        .align_y(Alignment::Center);
        // The chosen tab names the page.
        col = col
            .push(
                scrollable(container(page).width(Length::Fill))
                    .spacing(gap)
                    .width(Length::Fill)
                    .height(Length::Fill),
            )
            .push(tools);
        // News below the page, not above it: when news comes, nothing she is pointing at
        // moves.
        if let Some(n) = news {
            col = col.push(ui::news_box(c, n, cx.t("news-read"), Message::NewsRead));
        }
        col.push(
            column![ui::note(c, keys), ui::note(c, status)]
                .spacing(gap / 4.0)
                .width(Length::Fill),
        )
        .into()
    }

    /// The page's main action(s) when the page is longer than a screen: fixed below it,
    /// so they are in view whatever the window and text size.
    fn actions<'a>(&'a self, cx: Cx<'a>) -> Option<Element<'a, Message>> {
        match self.page {
            Page::Deals => Some(self.deals.bar(cx).map(Message::Deals)),
            Page::Stock => Some(self.stock.bar(cx).map(Message::Stock)),
            Page::Notices => Some(self.notices.bar(cx).map(Message::Notices)),
            Page::Complaints => self.complaints.bar(cx).map(|e| e.map(Message::Complaints)),
            Page::Members => self.members.bar(cx).map(|e| e.map(Message::Members)),
            Page::Neighbours => self.neighbours.bar(cx).map(|e| e.map(Message::Neighbours)),
            Page::OrderFor => self.order_for.bar(cx).map(|e| e.map(Message::OrderFor)),
            _ => None,
        }
    }

    /// One page's tab: its key apart in a chip, then its short name; the shown page's
    /// tab in the primary colour.
    fn tab<'a>(&self, cx: Cx<'a>, p: Page, key: &'static str) -> Element<'a, Message> {
        let c = cx.c;
        let kind = if p == self.page {
            Kind::Primary
        } else {
            Kind::Secondary
        };
        let fg = if p == self.page {
            c.pal.on_primary
        } else {
            c.pal.text
        };
        ui::big_button_with(
            c,
            row![
                key_chip(c, key),
                // A little under body size (still ≥ 18 px), so twelve fit in two rows.
                iced::widget::text(cx.t(p.tab_id()))
                    .size(c.scale.body() * 0.9)
                    .line_height(crate::theme::Scale::LINE)
                    .color(fg)
                    .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
            ]
            .spacing(c.scale.gap() / 4.0)
            .align_y(Alignment::Center),
            kind,
            false,
            Some(Message::Go(p)),
        )
        // Narrow sides, so a name such as "Neighbors" fits beside its key at 1024 px
        // and 125 %.
        .padding([c.scale.gap() / 2.0, c.scale.gap() / 4.0 + 2.0])
        .width(Length::Fill)
        .into()
    }
}

/// The digits of what she typed, full-width ones (a Chinese keyboard's) too, at most `most`.
pub fn digits(s: &str, most: usize) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .take(most)
        .collect()
}

/// A key shown apart from the words beside it: small print in a box of its own, in the
/// page's colours whatever the button's, like a key on the keyboard.
pub fn key_chip<'a, M: 'a>(c: ui::Ctx<'_>, key: &str) -> Element<'a, M> {
    let (bg, fg, border) = (c.pal.background, c.pal.text, c.pal.border);
    container(
        iced::widget::text(key.to_string())
            .size(c.scale.small())
            .line_height(1.0)
            .color(fg),
    )
    .padding([2.0, c.scale.gap() / 4.0 + 1.0])
    .style(move |_| container::Style {
        text_color: Some(fg),
        background: Some(iced::Background::Color(bg)),
        border: iced::Border {
            color: border,
            width: 2.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    })
    .into()
}

/// A store error in her words ("没有这个团购了"), or, when it has none, that something went
/// wrong on this computer and what to do next, with the technical words apart for a family
/// member (and in the log), never in her sentence.
pub fn store_words(cx: &Cx, e: &linli_core::store::StoreError) -> (String, Option<String>) {
    let (id, detail) = store_problem(e);
    (cx.t(id), detail)
}

/// [`store_words`] as the message's id, for a page that words it when drawn.
pub fn store_problem(e: &linli_core::store::StoreError) -> (&'static str, Option<String>) {
    match linli_core::sync::protocol::Reason::of(e) {
        Some(r) => (r.message_id(), None),
        None => {
            tracing::warn!("organiser page: {e}");
            ("org-store-trouble", Some(e.to_string()))
        }
    }
}

/// What did not work, in her words; under it, small and apart, the technical words for
/// whoever helps her ("给家人看：…"), when there are any.
pub fn failure<'a, M: 'a>(
    c: ui::Ctx<'_>,
    words: impl Into<Element<'a, M>>,
    detail: Option<&str>,
) -> Element<'a, M> {
    let mut col = column![words.into()].spacing(c.scale.gap() / 4.0);
    if let Some(d) = detail {
        col = col.push(ui::note(c, c.i18n.for_family(d)));
    }
    col.into()
}

/// Words about what she just pressed (what is missing, what went wrong), in room kept for
/// them whether there are words or not, so nothing moves under her pointer when they come.
pub fn message_slot<'a, M: 'a>(c: ui::Ctx<'_>, words: Option<&str>, lines: f32) -> Element<'a, M> {
    let height = (c.scale.small() * crate::theme::Scale::LINE * lines).max(c.scale.target());
    container(
        iced::widget::text(words.unwrap_or("").to_string())
            .size(c.scale.small())
            .line_height(crate::theme::Scale::LINE)
            .color(c.pal.text)
            .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
    )
    .width(Length::Fill)
    .height(Length::Fixed(height))
    .align_y(Alignment::Center)
    .clip(true)
    .into()
}

/// A page's buttons with the room for words about them to their right
/// ([`message_slot`], two lines).
pub fn action_row<'a, M: 'a>(
    c: ui::Ctx<'_>,
    buttons: Vec<Element<'a, M>>,
    words: Option<&str>,
) -> Element<'a, M> {
    let mut r = row![].spacing(c.scale.gap()).align_y(Alignment::Center);
    for b in buttons {
        r = r.push(b);
    }
    r.push(message_slot(c, words, 2.0)).into()
}

/// A large button whose key stands apart, in a chip, from its words (a thing to do, a
/// deal to choose): "[1]  1 个团购等着登记到货".
pub fn keyed_button<'a, M: Clone + 'a>(
    c: ui::Ctx<'_>,
    key: &str,
    words: String,
    kind: Kind,
    on_press: Option<M>,
) -> Element<'a, M> {
    let fg = match kind {
        Kind::Primary => c.pal.on_primary,
        Kind::Danger => c.pal.on_danger,
        Kind::Success => c.pal.on_success,
        Kind::Secondary => c.pal.text,
    };
    ui::big_button_with(
        c,
        row![
            key_chip(c, key),
            iced::widget::text(words)
                .size(c.scale.body())
                .line_height(crate::theme::Scale::LINE)
                .color(fg)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
        ]
        .spacing(c.scale.gap())
        .align_y(Alignment::Center),
        kind,
        false,
        on_press,
    )
    .into()
}

/// Money as she would type it (what [`parse_money`] reads back): 11.40.
pub fn typed_money(f: linli_core::Fen) -> String {
    format!("{}.{:02}", f.0 / 100, f.0 % 100)
}

/// Parses money typed by the organiser: "3.8", "3.80", "¥3.8", "３.８" → fen.
pub fn parse_money(s: &str) -> Option<linli_core::Fen> {
    let s: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            c => c,
        })
        .filter(|c| !matches!(c, '¥' | '￥' | ' ' | '元'))
        .collect();
    let (yuan, fen) = match s.split_once('.') {
        Some((y, f)) => (y, f),
        None => (s.as_str(), ""),
    };
    if yuan.is_empty() && fen.is_empty() || fen.len() > 2 {
        return None;
    }
    let y: i64 = if yuan.is_empty() {
        0
    } else {
        yuan.parse().ok()?
    };
    let f: i64 = match fen.len() {
        0 => 0,
        1 => fen.parse::<i64>().ok()? * 10,
        _ => fen.parse().ok()?,
    };
    (0..1_000_000)
        .contains(&y)
        .then_some(linli_core::Fen(y * 100 + f))
}

/// Parses a whole number typed by the organiser (full-width digits accepted).
pub fn parse_count(s: &str) -> Option<u32> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    s.parse().ok().filter(|n| *n <= 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_core::Fen;

    #[test]
    fn money_as_she_types_it() {
        assert_eq!(parse_money("3.8"), Some(Fen(380)));
        assert_eq!(parse_money("¥12.90"), Some(Fen(1290)));
        assert_eq!(parse_money("３．５"), Some(Fen(350)));
        assert_eq!(parse_money("45"), Some(Fen(4500)));
        assert_eq!(parse_money("4.555"), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(parse_money(""), None);
        assert_eq!(parse_money("-3"), None);
        assert_eq!(parse_count("１２"), Some(12));
        assert_eq!(parse_count("x"), None);
    }

    /// Every English message of the organiser's that counts her unit chooses between
    /// `$unit` and `$units` by the count, so no page says "14 head ordered"; and a count of
    /// her unit is said in the plural and the singular.
    #[test]
    fn english_counts_of_her_unit_choose_singular_or_plural() {
        let src = include_str!("../../locales/en-US/organiser.ftl");
        let mut messages: Vec<(String, String)> = Vec::new();
        for line in src.lines() {
            match line.split_once(" = ") {
                Some((id, rest)) if !line.starts_with([' ', '#']) => {
                    messages.push((id.to_string(), rest.to_string()))
                }
                _ => {
                    if let Some(last) = messages.last_mut() {
                        last.1.push_str(line);
                    }
                }
            }
        }
        for (id, text) in &messages {
            // "¥3.80 a head" is a price per unit, not a count of it.
            let counted = text.replace(" a { $unit }", "");
            if counted.contains("{ $unit }") {
                assert!(
                    text.contains("[one] { $unit }") && text.contains("{ $units }"),
                    "{id} counts her unit without a plural: {text}"
                );
            }
        }
        let en = crate::i18n::I18n::new(crate::i18n::Lang::EnUs);
        let zh = crate::i18n::I18n::new(crate::i18n::Lang::ZhCn);
        let facts = |i: &crate::i18n::I18n, sold, left, orders, unit| {
            i.tqs(
                "org-deal-facts",
                &[("sold", sold), ("left", left), ("orders", orders)],
                unit,
                &[],
            )
        };
        assert_eq!(
            facts(&en, 14, 1, 3, "head"),
            "14 heads ordered, 1 head left, 3 orders"
        );
        assert_eq!(
            facts(&en, 1, 0, 1, "box"),
            "1 box ordered, 0 boxes left, 1 order"
        );
        assert_eq!(facts(&zh, 14, 1, 3, "颗"), "已订 14 颗，还剩 1 颗，3 单");
        assert_eq!(
            en.tq(
                "org-stock-line",
                ("qty", 1),
                "bag of rice",
                &[("name", "Rice".into())]
            ),
            "Rice: 1 bag of rice on hand."
        );
        assert_eq!(
            en.tqs(
                "org-stock-lately",
                &[("received", 80), ("lost", 1)],
                "kg",
                &[("rate", "1.2".into())]
            ),
            " In four weeks 80 kg came in and 1 kg was lost (1.2%)."
        );
        assert_eq!(
            en.tns(
                "org-members-summary",
                &[("count", 1), ("owing", 1)],
                &[("total", "¥3.00".into())]
            ),
            "1 member; 1 owes money, ¥3.00 in all."
        );
    }
}
