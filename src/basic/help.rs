//! Help: one big button that sends a help request to the group's volunteers, and says so.

use crate::app::{App, Message};
use crate::ui::{self, Ctx, Kind};
use iced::Element;
use iced::widget::column;

pub fn view<'a>(_app: &'a App, c: Ctx<'a>, sent: bool) -> Element<'a, Message> {
    if sent {
        return ui::heading(c, ui::icon::with(ui::icon::CHOSEN, &c.t("help-sent")));
    }
    column![
        ui::body(c, c.t("help-body")),
        ui::big_button(
            c,
            ui::icon::after(&c.t("help-send"), ui::icon::ENTER),
            Kind::Success,
            true,
            Some(Message::SendHelp)
        ),
    ]
    .spacing(c.scale.pad())
    .into()
}

pub fn script(app: &App, sent: bool) -> Vec<String> {
    vec![app.i18n.t(if sent { "help-sent" } else { "help-body" })]
}
