//! Help: one big button that sends a help request to the group's volunteers, and says so;
//! below it, the practice group (练一练) and the large-print guide to print.

use super::{Message, View};
use crate::ui::{self, Ctx, Kind};
use iced::Element;
use iced::widget::{column, row};

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
        learn(c),
    ]
    .spacing(c.scale.pad())
    .into()
}

/// Ways to learn: the practice group and the large-print guide.
fn learn<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    column![
        ui::note(c, c.t("practice-note")),
        row![
            ui::big_button(
                c,
                c.t("practice-start"),
                Kind::Secondary,
                false,
                Some(Message::Practise)
            ),
            ui::big_button(
                c,
                c.t("guide-print"),
                Kind::Secondary,
                false,
                Some(Message::PrintGuide)
            ),
        ]
        .spacing(c.scale.gap())
        .wrap(),
    ]
    .spacing(c.scale.gap())
    .into()
}

pub fn script(v: View, sent: bool) -> Vec<String> {
    vec![v.i18n.t(if sent { "help-sent" } else { "help-body" })]
}
