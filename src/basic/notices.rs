//! Notices from the organiser, newest first (e.g. "goods have arrived").

use super::{Message, View};
use crate::ui::{self, Ctx};
use chrono::Local;
use iced::Element;
use iced::widget::column;

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut list = column![].spacing(c.scale.gap());
    if v.vm.notices.is_empty() {
        list = list.push(ui::body(c, c.t("notices-empty")));
    }
    for n in &v.vm.notices {
        let when = n.created_at.with_timezone(&Local);
        let stamp = format!(
            "{} {}",
            v.i18n.day(when.date_naive(), v.now.date()),
            v.i18n.clock(when.time())
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

pub fn script(v: View) -> Vec<String> {
    if v.vm.notices.is_empty() {
        return vec![v.i18n.t("notices-empty")];
    }
    v.vm.notices
        .iter()
        .flat_map(|n| [n.title.clone(), n.body.clone()])
        .collect()
}
