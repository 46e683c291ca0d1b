//! Every screen by name, and the steps that reach it from a fresh start: `linli --screen
//! NAME`, `scripts/screenshots` and the screen-budget tests (tests/screen_budget.rs) use the
//! same list, so a new screen is added here once.

use super::{App, Message};
use crate::advanced;
use crate::basic::{Message as B, Screen};

/// The member's screens that [`steps`] reaches (after joining; `setup` is the first run).
pub const BASIC: &[&str] = &[
    "deals",
    "order",
    "confirm",
    "done",
    "orders",
    "order-detail",
    "cancel",
    "complain",
    "notices",
    "help",
    "help-claimed",
    "settings",
    "voice",
    "mydata",
    "mydata-ask",
    "mydata-sure",
    "tips",
    "tips-write",
    "suggest",
];

/// The messages that take a freshly started app to `screen` (a name of [`BASIC`] or an
/// organiser's page), for `--screen`, the screenshots and the screen-budget tests.
pub fn steps(app: &App, screen: Option<&str>) -> Vec<Message> {
    // The Members page's other parts: who owes, the group's computers.
    let part = match screen {
        Some("members-owing") => Some(advanced::members::View::Owing),
        Some("members-devices") => Some(advanced::members::View::Devices),
        _ => None,
    };
    // Members: the computers asked for (the 没有电脑 marks), the first neighbour without
    // one chosen and her link code asked for, a neighbour's name typed in the form.
    if screen == Some("members-neighbour") {
        let Some(me) = app.identity.clone() else {
            return Vec::new();
        };
        let mut people = app
            .store
            .lock()
            .expect("store")
            .members(me.group_id)
            .unwrap_or_default();
        people.retain(|m| m.role == linli_core::model::Role::Member && m.left_at.is_none());
        people.sort_by_cached_key(|m| advanced::find::sort_key(&m.display_name));
        let m = |x| Message::Advanced(advanced::Message::Members(x));
        use advanced::members::{Message as M, View};
        let mut out = vec![
            Message::Advanced(advanced::Message::Go(advanced::Page::Members)),
            m(M::View(View::Devices)),
            m(M::View(View::Accounts)),
        ];
        if let Some(p) = people.first() {
            out.push(m(M::Choose(p.id)));
            out.push(m(M::AskLinkCode(p.id)));
        }
        out.push(m(M::Neighbour(app.i18n.t("org-neighbour-example"))));
        return out;
    }
    if let Some(v) = part {
        return vec![
            Message::Advanced(advanced::Message::Go(advanced::Page::Members)),
            Message::Advanced(advanced::Message::Members(
                advanced::members::Message::View(v),
            )),
        ];
    }
    // The Neighbours page's other parts: tips, experts and coordinators.
    let nb = match screen {
        Some("neighbours-tips") => Some(advanced::neighbours::Part::Tips),
        Some("neighbours-people") => Some(advanced::neighbours::Part::People),
        _ => None,
    };
    if let Some(p) = nb {
        return vec![
            Message::Advanced(advanced::Message::Go(advanced::Page::Neighbours)),
            Message::Advanced(advanced::Message::Neighbours(
                advanced::neighbours::Message::Part(p),
            )),
        ];
    }
    // 代下单 for the first neighbour by name: her list with two quantities typed, and the
    // read-back sentence.
    if let Some(read_back) = match screen {
        Some("order-for-list") => Some(false),
        Some("order-for-read-back") => Some(true),
        _ => None,
    } {
        use advanced::order_for::Message as O;
        let first = app.identity.as_ref().and_then(|me| {
            let store = app.store.lock().expect("store");
            let mut all = store.members(me.group_id).ok()?;
            all.retain(|m| m.role == linli_core::model::Role::Member && m.left_at.is_none());
            all.sort_by_cached_key(|m| advanced::find::sort_key(&m.display_name));
            all.first().map(|m| m.id)
        });
        let mut steps = vec![
            advanced::Message::OrderForMember(first),
            advanced::Message::OrderFor(O::Qty(0, "2".into())),
            advanced::Message::OrderFor(O::Qty(2, "1".into())),
        ];
        if read_back {
            steps.push(advanced::Message::OrderFor(O::ReadBack));
        }
        return steps.into_iter().map(Message::Advanced).collect();
    }
    if let Some(page) = screen.and_then(advanced::Page::by_name) {
        let mut steps = vec![Message::Advanced(advanced::Message::Go(page))];
        // Members: the first neighbour (by name) who owes, so her account shows.
        if page == advanced::Page::Members
            && let Some(me) = &app.identity
            && let Ok(all) = app.store.lock().expect("store").balances(me.group_id)
            && let Some(b) = all.iter().find(|b| b.balance.0 < 0)
        {
            steps.push(Message::Advanced(advanced::Message::Members(
                advanced::members::Message::Choose(b.member.id),
            )));
        }
        return steps;
    }
    // A deal that stays open while the screenshot is taken (the demo's tomatoes close
    // seconds after start).
    let later = chrono::Utc::now() + chrono::Duration::minutes(10);
    let first = app
        .vm
        .deals
        .iter()
        .find(|d| d.deal.cutoff > later)
        .map(|d| B::OpenDeal(d.deal.id));
    let order = || first.clone().into_iter().chain([B::More]);
    let steps: Vec<B> = match screen {
        Some("order") => order().collect(),
        Some("confirm") => order().chain([B::Next]).collect(),
        Some("done") => order().chain([B::Next, B::Buy]).collect(),
        Some("orders") => vec![B::Go(Screen::Orders)],
        // The complaint screen about her first order (charged moments after the demo starts).
        Some("complain") => app
            .vm
            .orders
            .first()
            .map(|l| {
                let id = l.order.id;
                vec![B::Go(Screen::Orders), B::OpenOrder(id), B::Complain(id)]
            })
            .unwrap_or_default(),
        // Her first order, and the question before cancelling one still open.
        Some("order-detail") => app
            .vm
            .orders
            .first()
            .map(|l| vec![B::Go(Screen::Orders), B::OpenOrder(l.order.id)])
            .unwrap_or_default(),
        Some("cancel") => app
            .vm
            .orders
            .iter()
            .find(|l| l.deal.state == linli_core::model::DealState::Open)
            .map(|l| {
                let id = l.order.id;
                vec![B::Go(Screen::Orders), B::OpenOrder(id), B::AskCancel(id)]
            })
            .unwrap_or_default(),
        Some("notices") => vec![B::Go(Screen::Notices)],
        Some("help") => vec![B::Go(Screen::Help { sent: false })],
        // She asks for help with ordering; the demo's volunteer claims it seconds later.
        Some("help-claimed") => vec![
            B::Go(Screen::Help { sent: false }),
            B::HelpForm(crate::basic::help::FormMessage::Kind(
                linli_core::model::HelpKind::Ordering,
            )),
            B::HelpForm(crate::basic::help::FormMessage::Note(
                app.i18n.t("help-demo-note"),
            )),
            B::SendHelp,
        ],
        // My orders once the demo's volunteer has claimed her request for help with
        // ordering and ordered for her (代下单, about 20 s after start).
        Some("orders-entered") => steps(app, Some("help-claimed"))
            .into_iter()
            .filter_map(|m| match m {
                Message::Basic(b) => Some(b),
                _ => None,
            })
            .chain([B::Go(Screen::Orders)])
            .collect(),
        // 邻居求助 (a coordinator's way there; a volunteer's home).
        Some("helping") => vec![B::Go(Screen::Helping)],
        // A volunteer claims the first open request and orders for its neighbour (代下单),
        // two quantities typed.
        Some("volunteer-order-for") => app
            .vm
            .helping
            .lines
            .iter()
            .find(|l| l.request.state == linli_core::model::HelpState::Open)
            .map(|l| {
                use advanced::order_for::Message as O;
                vec![
                    B::Helping(crate::basic::helping::Message::Claim(l.request.id)),
                    B::Helping(crate::basic::helping::Message::OrderFor(
                        l.request.member_id,
                    )),
                    B::OrderFor(O::Qty(0, "2".into())),
                    B::OrderFor(O::Qty(2, "1".into())),
                ]
            })
            .unwrap_or_default(),
        Some("settings") => vec![B::Go(Screen::Settings)],
        // 说话点菜: teaching the app her voice.
        Some("voice") => vec![B::Go(Screen::Settings), B::Go(Screen::Voice)],
        // 我的数据 and the two questions before leaving.
        Some("mydata") => vec![B::Go(Screen::Settings), B::Go(Screen::MyData)],
        Some("mydata-ask") => vec![
            B::Go(Screen::Settings),
            B::Go(Screen::MyData),
            B::MyData(crate::basic::my_data::Message::AskLeave),
        ],
        Some("mydata-sure") => vec![
            B::Go(Screen::Settings),
            B::Go(Screen::MyData),
            B::MyData(crate::basic::my_data::Message::AskLeave),
            B::MyData(crate::basic::my_data::Message::LeaveNext),
        ],
        Some("setup-host") => vec![B::SetupHosting(true)],
        Some("tips") => vec![B::Go(Screen::Tips)],
        // An expert writing about the third product.
        Some("tips-write") => {
            let mut steps = vec![B::Go(Screen::Tips), B::Go(Screen::WriteTip)];
            steps.extend(
                app.vm
                    .neighbours
                    .products
                    .get(2)
                    .map(|p| B::Tips(crate::basic::tips::Message::Product(p.id))),
            );
            steps
        }
        Some("suggest") => vec![
            B::Go(Screen::Tips),
            B::Go(Screen::Suggest),
            B::Suggest(crate::basic::suggest::Message::Topic(
                linli_core::model::SuggestionTopic::PickupTime,
            )),
        ],
        _ => vec![],
    };
    steps.into_iter().map(Message::Basic).collect()
}
