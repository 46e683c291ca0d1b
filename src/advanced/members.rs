//! Members and money: placeholder page, filled in by issue 9.

use super::{Action, Cx};
use crate::ui::{self, keys::Key};
use chrono::NaiveDateTime;
use iced::Element;
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

#[derive(Debug, Default)]
pub struct Members {}

#[derive(Debug, Clone)]
pub enum Message {}

impl Members {
    pub fn load(&mut self, _store: &Store, _me: &Identity, _now: NaiveDateTime) -> Result<()> {
        Ok(())
    }

    pub fn update(&mut self, m: Message, _cx: &Cx, _store: &Store, _me: &Identity) -> Action {
        match m {}
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        ui::body(cx.c, cx.t("org-members")).into()
    }

    pub fn script(&self, _cx: &Cx) -> Vec<String> {
        Vec::new()
    }

    pub fn on_key(&self, _k: Key) -> Option<Message> {
        None
    }
}
