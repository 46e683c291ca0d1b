//! Help: one big button that sends a help request to the group's volunteers, and says so.

use super::{Message, View};
use crate::ui::{self, Ctx, Kind};
use iced::Element;
use iced::widget::column;

pub fn view<'a>(_v: View<'a>, c: Ctx<'a>, sent: bool) -> Element<'a, Message> {
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

pub fn script(v: View, sent: bool) -> Vec<String> {
    vec![v.i18n.t(if sent { "help-sent" } else { "help-body" })]
}
