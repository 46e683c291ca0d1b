//! First run, for the family member or volunteer installing Linli: join the group (hub
//! address and invite code), the member's name, language, size, voice, mode, optional PIN.

use super::settings::{common, pin_field};
use crate::app::{App, Message};
use crate::ui::{self, Ctx, Kind};
use iced::widget::column;
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

pub fn view<'a>(app: &'a App, c: Ctx<'a>) -> Element<'a, Message> {
    let f = &app.setup;
    let mut col = column![
        ui::heading(c, c.t("setup-welcome")),
        ui::note(c, c.t("setup-intro")),
        field(
            c,
            c.t("setup-hub"),
            "192.168.1.20:7878".into(),
            &f.hub,
            Message::SetupHub
        ),
        field(
            c,
            c.t("setup-invite"),
            "XXXXX-XXXXX-XXXXX-XXXXX".into(),
            &f.invite,
            Message::SetupInvite
        ),
        field(
            c,
            c.t("setup-name"),
            c.t("setup-name-hint"),
            &f.name,
            Message::SetupName
        ),
    ]
    .spacing(c.scale.pad())
    .width(Length::Fill);
    for e in common(app, c) {
        col = col.push(e);
    }
    col = col.push(
        column![
            ui::body(c, c.t("settings-pin")),
            pin_field(c, &f.pin, Message::SetupPin)
        ]
        .spacing(8),
    );
    if let Some(e) = &f.error {
        col = col.push(ui::news(c, ui::body(c, e.as_str())));
    }
    let join = if f.joining {
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
    col.push(join).into()
}
