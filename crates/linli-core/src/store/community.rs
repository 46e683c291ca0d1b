//! Notices, and the neighbours' part of the group (经验分享, 意见采纳, 青银协作, leaving):
//! connection-level functions around one rule each (the hub calls them in its transaction;
//! a device calls them through a `Store` method that also queues the command), and the
//! reads the screens need, with names attached.

use super::{Result, Rows, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::*;
use crate::rules::neighbours::{self, NeighbourError};
use rusqlite::{Connection, OptionalExtension, params};

fn member_of(c: &dyn Rows, g: GroupId, id: MemberId) -> Result<Member> {
    c.member(id)?
        .filter(|m| m.group_id == g)
        .ok_or(StoreError::NotFound("member"))
}

/// A tip written by `sender` (for herself, or by the organiser for `author`), checked by
/// [`neighbours::write_tip`] and saved. A product must be the group's.
pub fn write_tip(
    c: &dyn Rows,
    sender: MemberId,
    author: Option<MemberId>,
    tip: Tip,
) -> Result<Tip> {
    let who = c.member(sender)?.ok_or(StoreError::NotFound("member"))?;
    let author = member_of(c, who.group_id, author.unwrap_or(sender))?;
    if let Some(p) = tip.product_id {
        c.product(p)?
            .filter(|p| p.group_id == who.group_id)
            .ok_or(StoreError::NotFound("product"))?;
    }
    if c.tip(tip.id)?.is_some() {
        return Err(NeighbourError::NotAllowed.into());
    }
    let t = neighbours::write_tip(&who, &author, tip)?;
    c.put_tip(&t)?;
    Ok(t)
}

/// The organiser shows a tip to everyone or takes it back.
pub fn review_tip(c: &dyn Rows, g: GroupId, id: TipId, approved: bool) -> Result<Tip> {
    let t = c
        .tip(id)?
        .filter(|t| t.group_id == g)
        .ok_or(StoreError::NotFound("tip"))?;
    let t = Tip {
        approved,
        withdrawn: !approved && (t.approved || t.withdrawn),
        ..t
    };
    c.put_tip(&t)?;
    Ok(t)
}

/// A new suggestion by `author`.
pub fn suggest(
    c: &dyn Rows,
    author: MemberId,
    id: SuggestionId,
    topic: SuggestionTopic,
    body: &str,
    now: Timestamp,
) -> Result<Suggestion> {
    let m = c.member(author)?.ok_or(StoreError::NotFound("member"))?;
    let body = neighbours::suggest(body)?;
    if c.suggestion(id)?.is_some() {
        return Err(NeighbourError::NotAllowed.into());
    }
    let s = Suggestion {
        id,
        group_id: m.group_id,
        author_id: author,
        topic,
        body,
        state: SuggestionState::New,
        response: None,
        deal_id: None,
        created_at: now,
        answered_at: None,
    };
    c.put_suggestion(&s)?;
    Ok(s)
}

/// The organiser's answer to a suggestion ([`neighbours::answer_suggestion`]).
pub fn answer_suggestion(
    c: &dyn Rows,
    g: GroupId,
    id: SuggestionId,
    state: SuggestionState,
    response: &str,
    deal: Option<DealId>,
    now: Timestamp,
) -> Result<Suggestion> {
    let s = c
        .suggestion(id)?
        .filter(|s| s.group_id == g)
        .ok_or(StoreError::NotFound("suggestion"))?;
    let deal = match deal {
        Some(d) => Some(c.deal(d)?.ok_or(StoreError::NotFound("deal"))?),
        None => None,
    };
    let s = neighbours::answer_suggestion(&s, state, response, deal.as_ref(), now)?;
    c.put_suggestion(&s)?;
    Ok(s)
}

/// Names (or un-names) a member expert and coordinator. A member who left has none.
pub fn set_strengths(
    c: &dyn Rows,
    g: GroupId,
    id: MemberId,
    expert: bool,
    coordinator: bool,
) -> Result<Member> {
    let m = member_of(c, g, id)?;
    if m.left_at.is_some() {
        return Err(NeighbourError::NotAllowed.into());
    }
    let m = Member {
        expert,
        coordinator,
        ..m
    };
    c.put_member(&m)?;
    Ok(m)
}

/// A help request claimed or done by `helper` ([`neighbours::help_step`]).
pub fn help_step(
    c: &dyn Rows,
    g: GroupId,
    id: HelpRequestId,
    helper: MemberId,
    finish: bool,
    now: Timestamp,
) -> Result<HelpRequest> {
    let h = c
        .help_request(id)?
        .filter(|h| h.group_id == g)
        .ok_or(StoreError::NotFound("help request"))?;
    let h = neighbours::help_step(&h, helper, finish, now)?;
    c.put_help_request(&h)?;
    Ok(h)
}

/// What leaving changed: her member row with its neutral label, and every record of hers
/// whose words were erased (to publish again, replacing the old copies everywhere).
#[derive(Debug, Clone)]
pub struct Left {
    pub member: Member,
    pub complaints: Vec<Complaint>,
    pub help_requests: Vec<HelpRequest>,
    pub suggestions: Vec<Suggestion>,
    pub tips: Vec<Tip>,
}

/// A member leaves the group and her words are erased ([`neighbours::leave`]): her name
/// becomes a neutral label; her complaints' notes, her help requests' notes, her
/// suggestions' words and her tips' words become empty (tips are also withdrawn). Her
/// orders, pickup codes and ledger lines stay: they carry no words of hers, and the
/// organiser's books need them. (The hub also drops her devices' tokens.)
pub fn leave(c: &dyn Rows, id: MemberId, now: Timestamp) -> Result<Left> {
    let m = c.member(id)?.ok_or(StoreError::NotFound("member"))?;
    let member = neighbours::leave(&m, now)?;
    c.put_member(&member)?;
    let mut complaints = Vec::new();
    for x in c.complaints_by(id)? {
        let x = Complaint {
            text: String::new(),
            ..x
        };
        c.put_complaint(&x)?;
        complaints.push(x);
    }
    let help_requests: Vec<HelpRequest> = c
        .help_requests_of(id)?
        .into_iter()
        .map(|h| HelpRequest {
            note: String::new(),
            ..h
        })
        .collect();
    for h in &help_requests {
        c.put_help_request(h)?;
    }
    let suggestions: Vec<Suggestion> = c
        .suggestions_by(id)?
        .into_iter()
        .map(|s| Suggestion {
            body: String::new(),
            ..s
        })
        .collect();
    for s in &suggestions {
        c.put_suggestion(s)?;
    }
    let tips: Vec<Tip> = c
        .tips_by(id)?
        .into_iter()
        .map(|t| Tip {
            title: String::new(),
            body: String::new(),
            approved: false,
            withdrawn: t.approved || t.withdrawn,
            ..t
        })
        .collect();
    for t in &tips {
        c.put_tip(t)?;
    }
    Ok(Left {
        member,
        complaints,
        help_requests,
        suggestions,
        tips,
    })
}

/// A tip with its author's name and its product, as screens show it.
#[derive(Debug, Clone, PartialEq)]
pub struct TipLine {
    pub tip: Tip,
    pub author: String,
    /// The product's emoji and name, when the tip is about one.
    pub product: Option<(String, String)>,
}

/// A suggestion with its author's name and, for an adopted one, the deal it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionLine {
    pub suggestion: Suggestion,
    pub author: String,
    /// The changed deal's product (emoji, name), pickup day and place.
    pub deal: Option<(String, String, chrono::NaiveDate, String)>,
}

/// A help request with the member's name and her helper's, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpLine {
    pub request: HelpRequest,
    pub member: String,
    pub helper: Option<String>,
}

const TIP_LINES: &str = "SELECT t.id, m.display_name, p.emoji, p.name FROM tips t
     JOIN members m ON m.id = t.author_id LEFT JOIN products p ON p.id = t.product_id";

fn tip_lines(c: &Connection, filter: &str, arg: impl rusqlite::ToSql) -> Result<Vec<TipLine>> {
    let ids: Vec<(TipId, String, Option<String>, Option<String>)> = c
        .prepare_cached(&format!(
            "{TIP_LINES} WHERE {filter} ORDER BY t.created_at DESC"
        ))?
        .query_map([arg], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for (id, author, emoji, name) in ids {
        let tip = c.tip(id)?.ok_or(StoreError::NotFound("tip"))?;
        out.push(TipLine {
            tip,
            author,
            product: emoji.zip(name),
        });
    }
    Ok(out)
}

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
    pub fn member(&self, id: MemberId) -> Result<Option<Member>> {
        Ok(rows::member(self.conn(), id)?)
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

    /// Saves a tip as it is (import, tests); [`Store::write_tip`] is the checked way.
    pub fn post_tip(&mut self, t: &Tip) -> Result<()> {
        Ok(rows::put_tip(self.conn(), t)?)
    }
    /// The newest tips, approved or waiting.
    pub fn tips(&self, g: GroupId, limit: u32) -> Result<Vec<Tip>> {
        Ok(rows::tips(self.conn(), g, limit)?)
    }

    /// `sender` writes a tip (for `author` when she is the organiser): checked by the rule,
    /// saved and queued for the hub in one transaction. Refused here as the hub would.
    pub fn write_tip(
        &mut self,
        sender: MemberId,
        author: Option<MemberId>,
        tip: Tip,
        now: Timestamp,
    ) -> Result<Tip> {
        self.immediate(|c| {
            let t = write_tip(c, sender, author, tip)?;
            let command = Command::WriteTip {
                tip_id: t.id,
                author_id: author,
                product_id: t.product_id,
                title: t.title.clone(),
                body: t.body.clone(),
            };
            outbox::push(c, &command, now)?;
            Ok(t)
        })
    }

    /// The tips everyone sees (approved), newest first, with author and product.
    pub fn tips_shown(&self, g: GroupId) -> Result<Vec<TipLine>> {
        tip_lines(self.conn(), "t.group_id = ?1 AND t.approved = 1", g)
    }

    /// Tips waiting for the organiser's approval, newest first.
    pub fn tips_waiting(&self, g: GroupId) -> Result<Vec<TipLine>> {
        tip_lines(
            self.conn(),
            "t.group_id = ?1 AND t.approved = 0 AND t.body <> ''",
            g,
        )
    }

    /// The newest approved tip about a product, for its order screen.
    pub fn product_tip(&self, p: ProductId) -> Result<Option<TipLine>> {
        Ok(
            tip_lines(self.conn(), "t.product_id = ?1 AND t.approved = 1", p)?
                .into_iter()
                .next(),
        )
    }

    /// Saves a suggestion as it is (import, tests).
    pub fn put_suggestion(&mut self, s: &Suggestion) -> Result<()> {
        Ok(rows::put_suggestion(self.conn(), s)?)
    }
    pub fn suggestions(&self, g: GroupId, limit: u32) -> Result<Vec<Suggestion>> {
        Ok(rows::suggestions(self.conn(), g, limit)?)
    }

    /// A member suggests: saved and queued in one transaction.
    pub fn suggest(
        &mut self,
        author: MemberId,
        id: SuggestionId,
        topic: SuggestionTopic,
        body: &str,
        now: Timestamp,
    ) -> Result<Suggestion> {
        self.immediate(|c| {
            let s = suggest(c, author, id, topic, body, now)?;
            let command = Command::Suggest {
                suggestion_id: id,
                topic,
                body: s.body.clone(),
            };
            outbox::push(c, &command, now)?;
            Ok(s)
        })
    }

    /// Suggestions this device holds (hers, or all for the organiser and coordinators),
    /// newest first, with names and the deal an adopted one changed.
    pub fn suggestion_lines(&self, g: GroupId) -> Result<Vec<SuggestionLine>> {
        let c = self.conn();
        let mut out = Vec::new();
        for s in c.suggestions(g, 500)? {
            let author = c
                .member(s.author_id)?
                .map(|m| m.display_name)
                .unwrap_or_default();
            let deal = match s.deal_id {
                Some(d) => c
                    .prepare_cached(
                        "SELECT p.emoji, p.name, d.pickup_day, d.pickup_place FROM deals d
                         JOIN products p ON p.id = d.product_id WHERE d.id = ?1",
                    )?
                    .query_row([d], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            super::codec::parse_day(r.get(2)?)?,
                            r.get(3)?,
                        ))
                    })
                    .optional()?,
                None => None,
            };
            out.push(SuggestionLine {
                suggestion: s,
                author,
                deal,
            });
        }
        Ok(out)
    }

    /// A member asks for help: the request is saved and queued for the hub in one step.
    /// Her note is kept as [`crate::text::clean`] keeps it (refused if too long or holding
    /// a control character).
    pub fn ask_help(&mut self, request: &HelpRequest) -> Result<()> {
        let request = &HelpRequest {
            note: crate::text::clean(crate::text::Field::Note, &request.note)?,
            ..request.clone()
        };
        let tx = self.conn_mut().transaction()?;
        rows::put_help_request(&tx, request)?;
        let command = Command::AskHelp {
            request_id: request.id,
            note: request.note.clone(),
            kind: request.kind,
        };
        outbox::push(&tx, &command, request.created_at)?;
        tx.commit()?;
        Ok(())
    }

    /// The organiser adds a neighbour who has no computer, by name only (代下单): written at
    /// once (so she can order for her straight away) and queued for the hub in the same
    /// transaction. The name is kept as [`crate::text::clean`] keeps it.
    pub fn add_neighbour(&mut self, group: GroupId, name: &str, now: Timestamp) -> Result<Member> {
        let name = crate::text::clean(crate::text::Field::Name, name)?;
        let m = Member::new(MemberId::new(), group, name, Role::Member, now);
        let tx = self.conn_mut().transaction()?;
        rows::put_member(&tx, &m)?;
        let command = Command::AddNeighbour {
            member_id: m.id,
            name: m.display_name.clone(),
        };
        outbox::push(&tx, &command, now)?;
        tx.commit()?;
        Ok(m)
    }

    /// Saves a help request or its new state (claimed, done).
    pub fn put_help_request(&mut self, h: &HelpRequest) -> Result<()> {
        Ok(rows::put_help_request(self.conn(), h)?)
    }
    /// Requests still waiting for a volunteer, oldest first.
    pub fn open_help_requests(&self, g: GroupId) -> Result<Vec<HelpRequest>> {
        Ok(rows::help_requests(self.conn(), g, "open")?)
    }

    /// A volunteer (or the organiser) claims a help request or says it is done: shown at
    /// once, queued for the hub in the same transaction.
    pub fn step_help(
        &mut self,
        helper: MemberId,
        id: HelpRequestId,
        finish: bool,
        now: Timestamp,
    ) -> Result<HelpRequest> {
        self.immediate(|c| {
            let g = c
                .help_request(id)?
                .ok_or(StoreError::NotFound("help request"))?
                .group_id;
            let h = help_step(c, g, id, helper, finish, now)?;
            let command = if finish {
                Command::FinishHelp { request_id: id }
            } else {
                Command::ClaimHelp { request_id: id }
            };
            outbox::push(c, &command, now)?;
            Ok(h)
        })
    }

    /// Help requests not yet done (open, then claimed), oldest first, with names: the
    /// volunteers' and coordinators' list.
    pub fn help_lines(&self, g: GroupId) -> Result<Vec<HelpLine>> {
        let c = self.conn();
        let mut all = c.help_requests(g, "open")?;
        all.extend(c.help_requests(g, "claimed")?);
        all.into_iter().map(|h| self.help_line(h)).collect()
    }

    /// A member's own help requests, newest first, with her helper's name.
    pub fn my_help(&self, m: MemberId) -> Result<Vec<HelpLine>> {
        rows::help_requests_of(self.conn(), m)?
            .into_iter()
            .map(|h| self.help_line(h))
            .collect()
    }

    fn help_line(&self, request: HelpRequest) -> Result<HelpLine> {
        let name = |id| -> Result<String> {
            Ok(rows::member(self.conn(), id)?
                .map(|m| m.display_name)
                .unwrap_or_default())
        };
        let helper = match request.state {
            HelpState::Open => None,
            HelpState::Claimed(v) | HelpState::Done(v) => Some(name(v)?),
        };
        Ok(HelpLine {
            member: name(request.member_id)?,
            helper,
            request,
        })
    }

    /// Removes a tip or suggestion the hub refused (it never had it).
    pub(crate) fn forget_refused(c: &Connection, command: &Command) -> rusqlite::Result<()> {
        match command {
            Command::WriteTip { tip_id, .. } => {
                c.prepare_cached("DELETE FROM tips WHERE id = ?1")?
                    .execute(params![tip_id])?;
            }
            Command::Suggest { suggestion_id, .. } => {
                c.prepare_cached("DELETE FROM suggestions WHERE id = ?1 AND state = 'new'")?
                    .execute(params![suggestion_id])?;
            }
            _ => {}
        }
        Ok(())
    }
}
