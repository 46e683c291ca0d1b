//! Notices, tips, suggestions and help requests on the store.

use super::{Result, Store, outbox, rows};
use crate::command::Command;
use crate::model::*;

impl Store {
    /// Saves a group, a member or a product (first run, joining, syncing).
    pub fn put_group(&mut self, g: &Group) -> Result<()> {
        Ok(rows::put_group(self.conn(), g)?)
    }
    pub fn put_member(&mut self, m: &Member) -> Result<()> {
        Ok(rows::put_member(self.conn(), m)?)
    }
    pub fn put_product(&mut self, p: &Product) -> Result<()> {
        Ok(rows::put_product(self.conn(), p)?)
    }
    pub fn members(&self, g: GroupId) -> Result<Vec<Member>> {
        Ok(rows::members(self.conn(), g)?)
    }
    pub fn products(&self, g: GroupId) -> Result<Vec<Product>> {
        Ok(rows::products(self.conn(), g)?)
    }

    pub fn post_notice(&mut self, n: &Notice) -> Result<()> {
        Ok(rows::put_notice(self.conn(), n)?)
    }
    /// The newest notices first.
    pub fn notices(&self, g: GroupId, limit: u32) -> Result<Vec<Notice>> {
        Ok(rows::notices(self.conn(), g, limit)?)
    }

    pub fn post_tip(&mut self, t: &Tip) -> Result<()> {
        Ok(rows::put_tip(self.conn(), t)?)
    }
    pub fn tips(&self, g: GroupId, limit: u32) -> Result<Vec<Tip>> {
        Ok(rows::tips(self.conn(), g, limit)?)
    }

    /// Saves a new suggestion or the organiser's answer to one.
    pub fn put_suggestion(&mut self, s: &Suggestion) -> Result<()> {
        Ok(rows::put_suggestion(self.conn(), s)?)
    }
    pub fn suggestions(&self, g: GroupId, limit: u32) -> Result<Vec<Suggestion>> {
        Ok(rows::suggestions(self.conn(), g, limit)?)
    }

    /// A member asks for help: the request is saved and queued for the hub in one step.
    pub fn ask_help(&mut self, request: &HelpRequest) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        rows::put_help_request(&tx, request)?;
        let command = Command::AskHelp {
            request_id: request.id,
            note: request.note.clone(),
        };
        outbox::push(&tx, &command, request.created_at)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves a help request or its new state (claimed, done).
    pub fn put_help_request(&mut self, h: &HelpRequest) -> Result<()> {
        Ok(rows::put_help_request(self.conn(), h)?)
    }
    /// Requests still waiting for a volunteer, oldest first.
    pub fn open_help_requests(&self, g: GroupId) -> Result<Vec<HelpRequest>> {
        Ok(rows::help_requests(self.conn(), g, "open")?)
    }
}
