//! Basic mode: each screen one task with about three choices, Back, Read aloud and Help
//! always at the top, the pickup day and code always under them. This module draws that
//! frame and sends each screen's look, words and keys to its module.

pub mod deals;
pub mod help;
pub mod notices;
pub mod order;
pub mod orders;
pub mod settings;
pub mod setup;

use crate::app::{App, Message, Screen};
use crate::ui::keys::Key;
use crate::ui::{self, Ctx, Kind};
use chrono::Local;
use iced::widget::{Space, column, container, row, scrollable};
use iced::{Element, Length};

/// The words of the pickup line: day, place, code — or that there is nothing to collect.
pub fn pickup_words(app: &App) -> String {
    match &app.vm.pickup {
        Some(p) => app.i18n.ta(
            "pickup-banner",
            &[
                ("day", app.i18n.day(p.day, app.now.date())),
                ("place", p.place.clone()),
                ("code", p.code.clone()),
            ],
        ),
        None => app.i18n.t("pickup-none"),
    }
}

/// How syncing is going, in words.
pub fn sync_words(app: &App) -> String {
    let s = &app.status;
    let mut out = if s.last_error.is_some() {
        app.i18n.t("sync-offline")
    } else if let Some(t) = s.last_sync {
        let clock = app.i18n.clock(t.with_timezone(&Local).time());
        app.i18n.ta("sync-last", &[("time", clock)])
    } else {
        app.i18n.t("sync-never")
    };
    if app.vm.pending > 0 {
        out.push_str(" · ");
        out.push_str(&app.i18n.tn("sync-pending", ("count", app.vm.pending), &[]));
    }
    if !app.speaker.available() && app.settings.voice {
        out.push_str(" · ");
        out.push_str(&app.i18n.t("speech-unavailable"));
    }
    out
}

fn title(app: &App) -> String {
    let id = match &app.screen {
        Screen::Setup => "setup-welcome",
        Screen::Deals => "deals-title",
        Screen::Order(_) => "order-title",
        Screen::Confirm(_) => "confirm-title",
        Screen::Done(_) => "done-title",
        Screen::Orders | Screen::OrderDetail(_) | Screen::ConfirmCancel(_) => "orders-title",
        Screen::Notices => "notices-title",
        Screen::Help { .. } => "help-title",
        Screen::Settings => "settings-title",
    };
    app.i18n.t(id)
}

/// The whole window for the current screen.
pub fn view<'a>(app: &'a App, c: Ctx<'a>) -> Element<'a, Message> {
    if app.screen == Screen::Setup {
        return scrollable(setup::view(app, c))
            .spacing(c.scale.gap())
            .width(Length::Fill)
            .into();
    }
    let home = app.screen == Screen::Deals;
    let top = row![
        ui::big_button(
            c,
            ui::icon::with(ui::icon::BACK, &c.t("back")),
            Kind::Secondary,
            false,
            (!home).then_some(Message::Back)
        ),
        // At large zoom the title steps down to body size so the bar stays one line.
        container(if app.settings.zoom >= 150 {
            ui::body(c, title(app))
        } else {
            ui::heading(c, title(app))
        })
        .width(Length::Fill)
        .center_x(Length::Fill),
        ui::big_button(
            c,
            ui::icon::with(ui::icon::SPEAK, &c.t("read-aloud")),
            Kind::Secondary,
            false,
            Some(Message::ReadAloud)
        ),
        ui::big_button(
            c,
            c.t("help"),
            Kind::Success,
            false,
            Some(Message::Go(Screen::Help { sent: false }))
        ),
    ]
    .spacing(c.scale.gap())
    .align_y(iced::Alignment::Center);
    let banner = ui::card(c, ui::body(c, pickup_words(app)));
    let content: Element<'a, Message> = match &app.screen {
        Screen::Setup | Screen::Deals => deals::view(app, c),
        Screen::Order(d) => order::view(app, c, d),
        Screen::Confirm(d) => order::confirm(app, c, d),
        Screen::Done(d) => order::done(app, c, d),
        Screen::Orders => orders::view(app, c),
        Screen::OrderDetail(id) => orders::detail(app, c, *id),
        Screen::ConfirmCancel(id) => orders::confirm_cancel(app, c, *id),
        Screen::Notices => notices::view(app, c),
        Screen::Help { sent } => help::view(app, c, *sent),
        Screen::Settings => settings::view(app, c),
    };
    let mut col = column![top, banner].spacing(c.scale.gap());
    if let Some(a) = &app.announcement {
        col = col.push(ui::news(c, ui::body(c, a.as_str())));
    }
    col.push(
        scrollable(container(content).width(Length::Fill))
            .spacing(c.scale.gap())
            .width(Length::Fill)
            .height(Length::Fill),
    )
    .push(ui::note(c, sync_words(app)))
    .push(Space::new().height(0))
    .into()
}

/// What Read aloud says on the current screen, in reading order.
pub fn script(app: &App) -> Vec<String> {
    let mut lines = vec![title(app)];
    if !matches!(app.screen, Screen::Setup | Screen::Settings) {
        lines.push(pickup_words(app));
    }
    if let Some(a) = &app.announcement
        && matches!(app.screen, Screen::Deals | Screen::Orders)
    {
        lines.push(a.clone());
    }
    lines.extend(match &app.screen {
        Screen::Setup => vec![app.i18n.t("setup-intro")],
        Screen::Deals => deals::script(app),
        Screen::Order(d) => order::script(app, d),
        Screen::Confirm(d) => vec![order::confirm_words(app, d)],
        Screen::Done(d) => vec![order::done_words(app, d)],
        Screen::Orders => orders::script(app),
        Screen::OrderDetail(id) => orders::detail_script(app, *id),
        Screen::ConfirmCancel(id) => vec![orders::cancel_words(app, *id)],
        Screen::Notices => notices::script(app),
        Screen::Help { sent } => help::script(app, *sent),
        Screen::Settings => vec![],
    });
    lines
}

/// What a key does on the current screen. Esc goes back and R reads aloud everywhere.
pub fn on_key(app: &App, k: Key) -> Option<Message> {
    match k {
        Key::Escape if !matches!(app.screen, Screen::Setup | Screen::Deals) => {
            return Some(Message::Back);
        }
        Key::Read if app.screen != Screen::Setup => return Some(Message::ReadAloud),
        _ => {}
    }
    match &app.screen {
        Screen::Deals => deals::on_key(app, k),
        Screen::Order(_) => order::on_key(k),
        Screen::Confirm(d) => order::confirm_key(app, d, k),
        Screen::Done(_) => (k == Key::Enter).then_some(Message::Home),
        Screen::Orders => orders::on_key(app, k),
        Screen::OrderDetail(id) => orders::detail_key(app, *id, k),
        Screen::ConfirmCancel(_) => match k {
            Key::Enter | Key::Number(1) => Some(Message::CancelYes),
            Key::Number(2) => Some(Message::Back),
            _ => None,
        },
        Screen::Help { sent: false } => (k == Key::Enter).then_some(Message::SendHelp),
        _ => None,
    }
}

/// Moves the keyboard choice on a list of `len` items.
pub fn step(selected: usize, len: usize, k: Key) -> usize {
    match k {
        Key::Up => selected.saturating_sub(1),
        Key::Down => (selected + 1).min(len.saturating_sub(1)),
        _ => selected,
    }
}
