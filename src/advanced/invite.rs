//! Invite: the hub's address and the member and volunteer codes in very large text, and
//! the printable invite sheet (large print, the three steps as a flowchart). Says plainly
//! that members sync only while the hosting computer is on. The hub's certificate
//! fingerprint is shown large in four lines, with "加入时请核对这串指纹": a member's computer
//! shows the same one when she joins.

use super::{Action, Cx, PrintJob};
use crate::ui::keys::Key;
use crate::ui::{self, Kind};
use iced::widget::column;
use iced::widget::{container, row};
use iced::{Alignment, Element, Length};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store, rows};
use linli_core::sync::tls::Fingerprint;

#[derive(Debug, Default)]
pub struct Invite {
    pub group: String,
    /// The hub this computer syncs with (when it hosts, the host's own address is shown).
    pub hub: String,
    /// The certificate this computer pinned for it (a hub elsewhere, self-signed).
    pub pin: Option<Fingerprint>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Print,
}

impl Invite {
    pub fn load(&mut self, store: &Store, me: &Identity) -> Result<()> {
        self.group = store
            .read(|c| rows::group(c, me.group_id))?
            .map(|g| g.name)
            .unwrap_or_default();
        self.hub = me.hub.clone();
        self.pin = me.pin;
        Ok(())
    }

    pub fn update(&mut self, m: Message) -> Action {
        match m {
            Message::Print => Action::Print(PrintJob::Invite),
        }
    }

    fn lines(&self, cx: &Cx) -> Vec<(String, String)> {
        match cx.host {
            Some(h) => vec![
                (cx.t("org-invite-address"), h.address.clone()),
                (cx.t("org-invite-member"), h.member_invite.clone()),
                (cx.t("org-invite-volunteer"), h.volunteer_invite.clone()),
            ],
            None => vec![(cx.t("org-invite-address"), self.hub.clone())],
        }
    }

    /// The fingerprint members compare when they join: the hosted hub's, else the one
    /// this computer pinned.
    fn fingerprint(&self, cx: &Cx) -> Option<Fingerprint> {
        cx.host.and_then(|h| h.fingerprint).or(self.pin)
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        // Print first, beside the group's name: the codes below are long.
        let mut top = row![container(ui::heading(c, self.group.as_str())).width(Length::Fill)]
            .spacing(c.scale.gap())
            .align_y(Alignment::Center);
        if cx.host.is_some() {
            top = top.push(ui::big_button(
                c,
                format!("{} ⏎", cx.t("org-invite-print")),
                Kind::Primary,
                true,
                Some(Message::Print),
            ));
        }
        let mut col = column![top].spacing(c.scale.gap());
        for (label, value) in self.lines(&cx) {
            col = col.push(ui::body(c, label)).push(ui::huge(c, value));
        }
        if let Some(fp) = self.fingerprint(&cx) {
            let mut lines = column![].spacing(4);
            for l in fp.lines() {
                lines = lines.push(ui::huge(c, l));
            }
            col = col
                .push(ui::body(c, cx.t("org-invite-fingerprint")))
                .push(lines)
                .push(ui::body(c, cx.t("org-invite-fingerprint-check")));
        }
        for note in notes(&cx) {
            col = col.push(ui::card(c, ui::body(c, note)));
        }
        col.into()
    }

    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines: Vec<String> = self
            .lines(cx)
            .into_iter()
            .map(|(l, v)| cx.ta("org-label-value", &[("label", l), ("value", v)]))
            .collect();
        if let Some(fp) = self.fingerprint(cx) {
            lines.push(cx.ta(
                "org-label-value",
                &[
                    ("label", cx.t("org-invite-fingerprint")),
                    ("value", fp.spoken()),
                ],
            ));
            lines.push(cx.t("org-invite-fingerprint-check"));
        }
        lines.extend(notes(cx));
        lines
    }

    pub fn on_key(&self, k: Key) -> Option<Message> {
        (k == Key::Enter).then_some(Message::Print)
    }
}

/// Where the group runs; on Windows, when it runs here, what the firewall will ask the
/// first time (the hub listens on the local network, and Windows asks before letting it).
fn notes(cx: &Cx) -> Vec<String> {
    if cx.host.is_none() {
        return vec![cx.t("org-invite-elsewhere-note")];
    }
    let mut notes = vec![cx.t("org-invite-hosted-note")];
    if cfg!(windows) {
        notes.push(cx.t("org-invite-firewall-note"));
    }
    notes
}
