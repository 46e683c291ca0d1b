//! Notices from the organiser, newest first (e.g. "goods have arrived"). A body that
//! begins with its title ("今天的货到了" / "今天的货到了，请带好取货码……") is shown and read
//! without saying the title twice.

use super::{Message, View};
use crate::ui::{self, Ctx};
use chrono::Local;
use iced::Element;
use iced::widget::column;
use linli_core::model::Notice;

/// The body without the title it repeats at its start ("今天的货到了，请带好取货码到3号楼门口
/// 取货。" under the title "今天的货到了" → "请带好取货码到3号楼门口取货。"); empty when it
/// says nothing more than the title.
pub fn rest(n: &Notice) -> String {
    let title = n
        .title
        .trim()
        .trim_end_matches(['。', '.', '！', '!', '：', ':']);
    let body = n.body.trim();
    match body.strip_prefix(title) {
        Some(more) if !title.is_empty() => more
            .trim_start_matches(['，', ',', '。', '.', '！', '!', '：', ':', '；', ';', ' '])
            .to_string(),
        _ => body.to_string(),
    }
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let mut list = column![].spacing(c.scale.gap());
    if v.vm.notices.is_empty() {
        list = list.push(ui::body(c, c.t("notices-empty")));
    }
    for n in &v.vm.notices {
        let when = n.created_at.with_timezone(&Local);
        let stamp = v.i18n.ta(
            "notice-when",
            &[
                ("day", v.i18n.day(when.date_naive(), v.now.date())),
                ("clock", v.i18n.clock(when.time())),
            ],
        );
        let mut card = column![ui::heading(c, n.title.as_str())].spacing(8);
        let body = rest(n);
        if !body.is_empty() {
            card = card.push(ui::body(c, body));
        }
        list = list.push(ui::card(c, card.push(ui::note(c, stamp))));
    }
    list.into()
}

pub fn script(v: View) -> Vec<String> {
    if v.vm.notices.is_empty() {
        return vec![v.i18n.t("notices-empty")];
    }
    v.vm.notices
        .iter()
        .flat_map(|n| [n.title.clone(), rest(n)])
        .filter(|line| !line.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_core::model::{GroupId, MemberId, NoticeId};

    fn notice(title: &str, body: &str) -> Notice {
        Notice {
            id: NoticeId::new(),
            group_id: GroupId::new(),
            author_id: MemberId::new(),
            title: title.into(),
            body: body.into(),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_title_is_not_said_twice() {
        let n = notice(
            "今天的货到了",
            "今天的货到了，请带好取货码到3号楼门口取货。",
        );
        assert_eq!(rest(&n), "请带好取货码到3号楼门口取货。");
        assert_eq!(rest(&notice("今天的货到了", "今天的货到了")), "");
        assert_eq!(rest(&notice("今天的货到了。", "今天的货到了！")), "");
        assert_eq!(
            rest(&notice("周六取货改到上午", "9点到11点，在3号楼门口。")),
            "9点到11点，在3号楼门口。"
        );
        assert_eq!(rest(&notice("", "只有内容")), "只有内容");
    }
}
