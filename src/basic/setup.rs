//! First run, for the family member or volunteer installing Linli: join a group (hub
//! address and invite code — the organiser's code for a hub that runs elsewhere), or "I run
//! a group" (我是团长): name the group and herself, and this v hosts the group's hub.
//! Then the name, language, size, voice, mode, optional PIN.

use super::settings::{common, pin_field};
use super::{Message, Page, View};
use crate::ui::{self, Ctx, Kind};
use iced::widget::{column, container, row};
use iced::{Element, Length};

fn field<'a>(
    c: Ctx<'a>,
    label: String,
    hint: String,
    value: &str,
    on: fn(String) -> Message,
) -> Element<'a, Message> {
    column![
        ui::body(c, label),
        ui::field(c, &hint, value, on).width(Length::Fill),
    ]
    .spacing(8)
    .into()
}

/// The hub's fingerprint, large, with the question; the two answers and "read again" go
/// in the action bar.
fn trust<'a>(c: Ctx<'a>, fp: linli_core::sync::tls::Fingerprint) -> Page<'a> {
    let mut lines = column![].spacing(8);
    for l in fp.lines() {
        lines = lines.push(ui::huge(c, l));
    }
    Page::with(
        column![
            ui::heading(c, c.t("trust-title")),
            ui::body(c, c.t("trust-intro")),
            ui::card(c, lines),
            ui::note(c, c.t("trust-where")),
            ui::heading(c, c.t("trust-question")),
        ]
        .spacing(c.scale.pad())
        .width(Length::Fill),
        row![
            ui::big_button(
                c,
                c.t("trust-yes"),
                Kind::Success,
                true,
                Some(Message::TrustSame)
            ),
            ui::big_button(
                c,
                c.t("trust-no"),
                Kind::Danger,
                true,
                Some(Message::TrustDifferent)
            ),
            ui::big_button(
                c,
                ui::icon::with(ui::icon::SPEAK, &c.t("trust-read-again")),
                Kind::Secondary,
                true,
                Some(Message::TrustRead)
            ),
        ]
        .spacing(c.scale.gap())
        .wrap(),
    )
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Page<'a> {
    let f = &v.b.setup;
    if let (Some(fp), false) = (f.trust, f.joining) {
        return trust(c, fp);
    }
    let mut col = column![
        ui::heading(c, c.t("setup-welcome")),
        ui::note(c, c.t("setup-intro")),
        row![
            ui::chip(
                c,
                c.t("setup-join-group"),
                !f.hosting,
                Message::SetupHosting(false)
            ),
            ui::chip(
                c,
                c.t("setup-run-group"),
                f.hosting,
                Message::SetupHosting(true)
            ),
        ]
        .spacing(c.scale.gap())
        .wrap(),
    ]
    .spacing(c.scale.pad())
    .width(Length::Fill);
    // Before anything is set up, she (or her volunteer) may try it all on a practice group.
    if !f.joining {
        col = col.push(
            row![
                super::help::practise_button(c),
                container(ui::note(c, c.t("practice-note"))).width(Length::Fill),
            ]
            .spacing(c.scale.gap())
            .align_y(iced::Alignment::Center),
        );
    }
    if f.hosting {
        col = col
            .push(field(
                c,
                c.t("setup-group"),
                c.t("setup-group-hint"),
                &f.group,
                Message::SetupGroup,
            ))
            .push(field(
                c,
                c.t("setup-organiser-name"),
                c.t("setup-organiser-hint"),
                &f.name,
                Message::SetupName,
            ))
            .push(field(
                c,
                c.t("setup-port"),
                "7878".into(),
                &f.port,
                Message::SetupPort,
            ))
            .push(ui::note(c, c.t("setup-host-note")));
    } else {
        col = col.push(field(
            c,
            c.t("setup-hub"),
            "192.168.1.20:7878".into(),
            &f.hub,
            Message::SetupHub,
        ));
        col = col.push(field(
            c,
            c.t("setup-invite"),
            "XXXXX-XXXXX-XXXXX-XXXXX".into(),
            &f.invite,
            Message::SetupInvite,
        ));
        col = col
            .push(field(
                c,
                c.t("setup-name"),
                c.t("setup-name-hint"),
                &f.name,
                Message::SetupName,
            ))
            .push(ui::note(c, c.t("setup-elsewhere-note")));
    }
    for e in common(v, c) {
        col = col.push(e);
    }
    col = col.push(
        column![
            ui::body(c, c.t("settings-pin")),
            pin_field(c, &f.pin, Message::SetupPin)
        ]
        .spacing(8),
    );
    let join = if f.hosting {
        ui::big_button(
            c,
            c.t("setup-host"),
            Kind::Primary,
            true,
            Some(Message::Host),
        )
    } else if f.joining {
        ui::big_button(c, c.t("setup-joining"), Kind::Primary, false, None)
    } else {
        ui::big_button(
            c,
            c.t("setup-join"),
            Kind::Primary,
            true,
            Some(Message::Join),
        )
    };
    // Why it did not work is said beside the button, in the bar that never scrolls away.
    let mut bar = row![join]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center);
    if let Some(e) = &f.error {
        // Her sentence with what to do next; under it, apart and small, the technical words
        // for whoever helps her.
        let mut said = column![ui::body(c, e.as_str())].spacing(4);
        if let Some(d) = &f.detail {
            said = said.push(ui::note(c, v.i18n.for_family(d)));
        }
        bar = bar.push(container(said).width(Length::Fill));
    }
    Page::with(col, bar)
}
