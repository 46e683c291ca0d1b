//! Notices from the organiser, newest first (e.g. "goods have arrived").

use crate::app::{App, Message};
use crate::ui::{self, Ctx};
use chrono::Local;
use iced::Element;
use iced::widget::column;

pub fn view<'a>(app: &'a App, c: Ctx<'a>) -> Element<'a, Message> {
    let mut list = column![].spacing(c.scale.gap());
    if app.vm.notices.is_empty() {
        list = list.push(ui::body(c, c.t("notices-empty")));
    }
    for n in &app.vm.notices {
        let when = n.created_at.with_timezone(&Local);
        let stamp = format!(
            "{} {}",
            app.i18n.day(when.date_naive(), app.now.date()),
            app.i18n.clock(when.time())
        );
        list = list.push(ui::card(
            c,
            column![
                ui::heading(c, n.title.as_str()),
                ui::body(c, n.body.as_str()),
                ui::note(c, stamp)
            ]
            .spacing(8),
        ));
    }
    list.into()
}

pub fn script(app: &App) -> Vec<String> {
    if app.vm.notices.is_empty() {
        return vec![app.i18n.t("notices-empty")];
    }
    app.vm
        .notices
        .iter()
        .flat_map(|n| [n.title.clone(), n.body.clone()])
        .collect()
}
