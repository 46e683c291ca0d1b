//! What the hub decides, the same for both stores: each command checked by linli-core's
//! rules and written through [`HubRows`], the changes it publishes to the feed, the first
//! answer kept for retries, refusals that resend the hub's copy, a deal's closing with its
//! pickup codes, a new group and an imported one. A store supplies the transaction (and
//! [`HubRows`] on it); everything here runs inside one.

use super::group_commit::{Answers, Item};
use super::{Actor, Applied, HubError, Invites};
use crate::secrets;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::rules::orders::entered_by;
use linli_core::rules::{cutoff, ledger, pickup, publish};
use linli_core::store::{Rows, StoreError, community, complaints, day, orders};
use linli_core::sync::protocol::{Change, Outcome, Reason, Verdict};
use linli_core::text::{self, Field, MAX_NAME};
use std::collections::HashMap;
use uuid::Uuid;

/// [`Rows`] plus the hub's own records, inside one write transaction.
pub trait HubRows: Rows {
    /// Appends `change` to group `g`'s feed, superseding the entity's older change.
    fn emit(&self, g: GroupId, change: &Change) -> Result<(), StoreError>;
    /// The first answer to command `id` (as JSON) and who sent it, if it was answered.
    fn answered(&self, id: Uuid) -> Result<Option<(MemberId, String)>, StoreError>;
    /// Keeps the answer to command `id`.
    fn record_answer(
        &self,
        id: Uuid,
        member: MemberId,
        outcome: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// Keeps an invite code's hash.
    fn put_invite(
        &self,
        code_hash: &[u8],
        g: GroupId,
        role: Role,
        member: Option<MemberId>,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// Forgets every invite bound to `member` (her link codes are used once).
    fn drop_invites_of(&self, member: MemberId) -> Result<(), StoreError>;
    fn savepoint(&self, name: &str) -> Result<(), StoreError>;
    fn release(&self, name: &str) -> Result<(), StoreError>;
    /// Undoes everything since savepoint `name` and releases it.
    fn rollback_to(&self, name: &str) -> Result<(), StoreError>;
    /// A batch is about to be applied ([`apply_batch`]): a store may read at once what
    /// deciding its commands will read (it decides nothing).
    fn prefetch(&self, _batch: &[Item]) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Applies `batch` inside the caller's transaction, each command in its own savepoint, so a
/// command that fails leaves the others; the answers by ticket. An error of the store
/// itself (not a refusal) stops the batch: the caller rolls back and answers every command
/// with it ([`super::group_commit::all_failed`]).
pub fn apply_batch(c: &dyn HubRows, batch: &[Item]) -> Result<Answers, StoreError> {
    c.prefetch(batch)?;
    let mut out = Vec::with_capacity(batch.len());
    for (t, a, env, at) in batch {
        c.savepoint("batch_item")?;
        let r = apply(c, a, env, *at);
        match r {
            Ok(_) => c.release("batch_item")?,
            // A fault of the store (a lost deadlock, a dropped connection): the whole
            // transaction is void; the caller runs the batch again or answers it failed.
            Err(HubError::Store(e)) => return Err(e),
            Err(_) => c.rollback_to("batch_item")?,
        }
        out.push((*t, r));
    }
    Ok(out)
}

/// Closes deal `d` (open, its cutoff passed) of group `g` and publishes its closing.
pub fn close_at_cutoff(
    c: &dyn HubRows,
    g: GroupId,
    d: &Deal,
    now: Timestamp,
) -> Result<(), HubError> {
    let closing = day::close_at_cutoff(c, d, now)?;
    for ch in closing_changes(c, g, closing, &mut rand::rng())? {
        c.emit(g, &ch)?;
    }
    Ok(())
}

/// A new group with its organiser, published to its feed, and its three invites.
pub fn create_group(
    c: &dyn HubRows,
    name: &str,
    organiser: &str,
    now: Timestamp,
) -> Result<Invites, HubError> {
    let name = valid_name(name)?;
    let organiser = valid_name(organiser)?;
    let group = Group {
        id: GroupId::new(),
        name,
        created_at: now,
    };
    let boss = Member::new(MemberId::new(), group.id, organiser, Role::Organiser, now);
    c.put_group(&group)?;
    c.put_member(&boss)?;
    c.emit(group.id, &Change::Group(group.clone()))?;
    c.emit(group.id, &Change::Member(boss.clone()))?;
    invites(c, group.id, boss.id, now)
}

fn invites(
    c: &dyn HubRows,
    g: GroupId,
    boss: MemberId,
    now: Timestamp,
) -> Result<Invites, HubError> {
    Ok(Invites {
        group_id: g,
        organiser_invite: new_invite(c, g, Role::Organiser, Some(boss), now)?,
        member_invite: new_invite(c, g, Role::Member, None, now)?,
        volunteer_invite: new_invite(c, g, Role::Volunteer, None, now)?,
    })
}

/// Who joins with an invite: the member it is bound to (the organiser's), or a new member
/// of its role named `name` (already [`valid_name`]), published to the feed.
pub fn joining(
    c: &dyn HubRows,
    g: GroupId,
    role: Role,
    bound: Option<MemberId>,
    name: String,
    now: Timestamp,
) -> Result<Member, HubError> {
    Ok(match bound {
        Some(id) => {
            let m = c.member(id)?.ok_or(HubError::BadInvite)?;
            if m.left_at.is_some() {
                return Err(HubError::BadInvite);
            }
            // A neighbour's link code works once; the organiser's invite stays hers.
            if m.role != Role::Organiser {
                c.drop_invites_of(id)?;
            }
            m
        }
        None => {
            let m = Member::new(MemberId::new(), g, name, role, now);
            c.put_member(&m)?;
            c.emit(g, &Change::Member(m.clone()))?;
            m
        }
    })
}

/// A new one-time link code for `member`, a neighbour of the organiser `a`'s group (one
/// added without a computer, or one whose computer was replaced): joining with it is
/// joining as her, with her orders, balance and pickup codes. Her older link codes stop
/// working. [`HubError::NoSuchMember`] for someone not in the group or who left;
/// [`HubError::OrganisersInvite`] for the organiser herself (her own invite joins her).
pub fn link_code(
    c: &dyn HubRows,
    a: &Actor,
    member: MemberId,
    now: Timestamp,
) -> Result<String, HubError> {
    let m = c
        .member(member)?
        .filter(|m| m.group_id == a.group_id && m.left_at.is_none())
        .ok_or(HubError::NoSuchMember)?;
    if m.role == Role::Organiser {
        return Err(HubError::OrganisersInvite);
    }
    c.drop_invites_of(member)?;
    Ok(new_invite(c, a.group_id, m.role, Some(member), now)?)
}

/// A member leaves (see [`super::HubStorage::leave`]); her erased records are published.
/// The store drops her devices itself.
pub fn leave(c: &dyn HubRows, a: &Actor, now: Timestamp) -> Result<(), HubError> {
    let left = community::leave(c, a.member_id, now)?;
    let g = a.group_id;
    c.emit(g, &Change::Member(left.member))?;
    for x in left.complaints {
        c.emit(g, &Change::Complaint(x))?;
    }
    for h in left.help_requests {
        c.emit(g, &Change::HelpRequest(h))?;
    }
    for s in left.suggestions {
        c.emit(g, &Change::Suggestion(s))?;
    }
    for t in left.tips {
        c.emit(g, &Change::Tip(t))?;
    }
    Ok(())
}

/// Creates a group that already has a past (a generated [`linli_core::demo::Dataset`]:
/// its members, products, closed deals, orders, pickup codes, ledger, movements,
/// notices, tips, help requests, complaints and suggestions), in one transaction, and
/// returns its invites as [`create_group`] does; the organiser invite joins
/// as the dataset's organiser.
///
/// The rules already ran when the history was made, so records are written as they are
/// (as `Store::import` does), and every record the change feed carries is published to
/// it, so a device joining later receives the history through its ordinary first sync.
/// Refuses a dataset without exactly one organiser or whose group exists already.
pub fn import_group(
    c: &dyn HubRows,
    data: &linli_core::demo::Dataset,
    now: Timestamp,
) -> Result<Invites, HubError> {
    let organisers: Vec<&Member> = data
        .members
        .iter()
        .filter(|m| m.role == Role::Organiser)
        .collect();
    let [boss] = organisers[..] else {
        return Err(HubError::BadInput("a group needs one organiser".into()));
    };
    for m in &data.members {
        valid_name(&m.display_name)?;
    }
    let g = data.group.id;
    if c.group(g)?.is_some() {
        return Err(HubError::BadInput("that group exists already".into()));
    }
    c.put_group(&data.group)?;
    c.emit(g, &Change::Group(data.group.clone()))?;
    for m in &data.members {
        c.put_member(m)?;
        c.emit(g, &Change::Member(m.clone()))?;
    }
    for p in &data.products {
        c.put_product(p)?;
        c.emit(g, &Change::Product(p.clone()))?;
    }
    let mut deals = HashMap::with_capacity(data.deals.len());
    for d in &data.deals {
        c.put_deal(d)?;
        deals.insert(d.id, d);
    }
    for o in &data.orders {
        let d = deals
            .get(&o.deal_id)
            .ok_or_else(|| HubError::BadInput(format!("order {} names no deal", o.id)))?;
        c.put_order(o, d)?;
        c.emit(g, &order_change(o.clone(), d))?;
    }
    for d in &data.deals {
        c.emit(g, &deal_change(c, d.clone())?)?;
    }
    for p in &data.pickup_codes {
        c.put_pickup_code(p)?;
        c.emit(g, &Change::PickupCode(p.clone()))?;
    }
    for e in &data.ledger {
        c.put_ledger_entry(e)?;
        c.emit(g, &Change::Ledger(e.clone()))?;
    }
    for m in &data.movements {
        c.put_movement(m)?;
        c.emit(g, &Change::Movement(m.clone()))?;
    }
    for n in &data.notices {
        c.put_notice(n)?;
        c.emit(g, &Change::Notice(n.clone()))?;
    }
    for t in &data.tips {
        c.put_tip(t)?;
        c.emit(g, &Change::Tip(t.clone()))?;
    }
    for h in &data.help_requests {
        c.put_help_request(h)?;
        c.emit(g, &Change::HelpRequest(h.clone()))?;
    }
    for x in &data.complaints {
        c.put_complaint(x)?;
        c.emit(g, &Change::Complaint(x.clone()))?;
    }
    for s in &data.suggestions {
        c.put_suggestion(s)?;
        c.emit(g, &Change::Suggestion(s.clone()))?;
    }
    invites(c, g, boss.id, now)
}

/// Why a command was not applied: the sender's mistake (a reason they are told) or a
/// fault of the hub's own (an error; nothing is recorded, the device retries).
enum Fail {
    No(Reason),
    Fault(StoreError),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        match Reason::of(&e) {
            Some(r) => Fail::No(r),
            None => Fail::Fault(e),
        }
    }
}

impl From<linli_core::rules::ledger::MoneyError> for Fail {
    fn from(e: linli_core::rules::ledger::MoneyError) -> Fail {
        StoreError::from(e).into()
    }
}

/// A deal with the units now sold on it (kept per deal by the store, [`Rows::sold`]).
fn deal_change(c: &dyn HubRows, deal: Deal) -> Result<Change, StoreError> {
    let sold = c.sold(deal.id)?;
    Ok(Change::Deal { deal, sold })
}

fn order_change(o: Order, d: &Deal) -> Change {
    Change::Order {
        order: o,
        product_id: d.product_id,
        pickup_day: d.pickup_day,
    }
}

/// A deal of the actor's group, or "not found" (another group's ids don't exist here).
fn own_deal(c: &dyn HubRows, a: &Actor, id: DealId) -> Result<Deal, Fail> {
    c.deal(id)?
        .filter(|d| d.group_id == a.group_id)
        .ok_or(Fail::No(Reason::NotFound))
}

/// An order of the actor themself.
fn own_order(c: &dyn HubRows, a: &Actor, id: OrderId) -> Result<Order, Fail> {
    let o = c.order(id)?.ok_or(Fail::No(Reason::NotFound))?;
    if o.member_id != a.member_id {
        return Err(Fail::No(Reason::NotAllowed));
    }
    Ok(o)
}

/// Whether the actor may enter orders for `member` (代下单, [`orders::may_enter_for`]);
/// an unknown member or one of another group is "not found".
fn may_enter_for(c: &dyn HubRows, a: &Actor, member: MemberId) -> Result<bool, Fail> {
    if member == a.member_id {
        return Ok(true);
    }
    let for_whom = c
        .member(member)?
        .filter(|m| m.group_id == a.group_id)
        .ok_or(Fail::No(Reason::NotFound))?;
    let Some(actor) = c.member(a.member_id)? else {
        return Ok(false);
    };
    let requests = if actor.role == Role::Volunteer {
        c.help_requests_of(member)?
    } else {
        Vec::new()
    };
    Ok(linli_core::rules::orders::may_enter_for(
        &actor, &for_whom, &requests,
    ))
}

/// An order the actor may change or cancel: her own, or one she may enter for its member.
fn enterable_order(c: &dyn HubRows, a: &Actor, id: OrderId) -> Result<Order, Fail> {
    let o = c.order(id)?.ok_or(Fail::No(Reason::NotFound))?;
    if !may_enter_for(c, a, o.member_id)? {
        return Err(Fail::No(Reason::NotAllowed));
    }
    Ok(o)
}

/// A complaint by a member of group `g`, or "not found".
fn own_complaint(c: &dyn HubRows, g: GroupId, id: ComplaintId) -> Result<Complaint, Fail> {
    let x = c.complaint(id)?.ok_or(Fail::No(Reason::NotFound))?;
    c.member(x.member_id)?
        .filter(|m| m.group_id == g)
        .ok_or(Fail::No(Reason::NotFound))?;
    Ok(x)
}

/// Runs one command's rule and writes its result; returns the changes to publish.
fn run(c: &dyn HubRows, a: &Actor, cmd: &Command, now: Timestamp) -> Result<Vec<Change>, Fail> {
    let g = a.group_id;
    Ok(match cmd {
        Command::PlaceOrder {
            order_id,
            deal_id,
            qty,
            member_id,
        } => {
            let member = member_id.unwrap_or(a.member_id);
            // The organiser for anyone; a volunteer for her claimed request's member.
            if !may_enter_for(c, a, member)? {
                return Err(Fail::No(Reason::NotAllowed));
            }
            own_deal(c, a, *deal_id)?;
            if c.order(*order_id)?.is_some() {
                return Err(Fail::No(Reason::NotAllowed));
            }
            let by = entered_by(a.member_id, member);
            let (o, d) = orders::place(c, member, *deal_id, *order_id, *qty, by, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::ChangeOrder { order_id, qty } => {
            let o = enterable_order(c, a, *order_id)?;
            let by = entered_by(a.member_id, o.member_id);
            let (o, d) = orders::change(c, *order_id, *qty, by, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::CancelOrder { order_id } => {
            let o = enterable_order(c, a, *order_id)?;
            let by = entered_by(a.member_id, o.member_id);
            let (o, d) = orders::cancel(c, *order_id, by, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::AddNeighbour { member_id, name } => {
            let name = text::clean(Field::Name, name).map_err(StoreError::from)?;
            if c.member(*member_id)?.is_some() {
                return Err(Fail::No(Reason::NotAllowed));
            }
            let m = Member::new(*member_id, g, name, Role::Member, now);
            c.put_member(&m)?;
            vec![Change::Member(m)]
        }
        Command::AskHelp {
            request_id,
            note,
            kind,
        } => {
            let note = text::clean(Field::Note, note).map_err(StoreError::from)?;
            if c.help_request(*request_id)?.is_some() {
                return Err(Fail::No(Reason::NotAllowed));
            }
            let h = HelpRequest {
                id: *request_id,
                group_id: g,
                member_id: a.member_id,
                kind: *kind,
                note,
                state: HelpState::Open,
                created_at: now,
                updated_at: now,
            };
            c.put_help_request(&h)?;
            vec![Change::HelpRequest(h)]
        }
        Command::FileComplaint {
            complaint_id,
            order_id,
            kind,
            note,
        } => {
            if c.complaint(*complaint_id)?.is_some() {
                return Err(Fail::No(Reason::NotAllowed));
            }
            own_order(c, a, *order_id)?;
            // Her own, charged, a note of at most MAX_TEXT (ledger::file_complaint).
            let x = complaints::file(c, a.member_id, *complaint_id, *order_id, *kind, note, now)?;
            vec![Change::Complaint(x)]
        }
        Command::ClaimHelp { request_id } | Command::FinishHelp { request_id } => {
            let finish = matches!(cmd, Command::FinishHelp { .. });
            // Open → claimed → done, never back (rules::neighbours::help_step).
            let h = community::help_step(c, g, *request_id, a.member_id, finish, now)?;
            vec![Change::HelpRequest(h)]
        }
        Command::Suggest {
            suggestion_id,
            topic,
            body,
        } => {
            let s = community::suggest(c, a.member_id, *suggestion_id, *topic, body, now)?;
            vec![Change::Suggestion(s)]
        }
        Command::WriteTip {
            tip_id,
            author_id,
            product_id,
            title,
            body,
        } => {
            let tip = Tip {
                id: *tip_id,
                group_id: g,
                author_id: a.member_id,
                product_id: *product_id,
                title: title.clone(),
                body: body.clone(),
                approved: false,
                withdrawn: false,
                created_at: now,
            };
            // An expert's own (waiting), or the organiser's for an expert (approved).
            let t = community::write_tip(c, a.member_id, *author_id, tip)?;
            vec![Change::Tip(t)]
        }
        Command::ReviewTip { tip_id, approved } => {
            vec![Change::Tip(community::review_tip(
                c, g, *tip_id, *approved,
            )?)]
        }
        Command::AnswerSuggestion {
            suggestion_id,
            state,
            response,
            deal_id,
        } => {
            let s = community::answer_suggestion(
                c,
                g,
                *suggestion_id,
                *state,
                response,
                *deal_id,
                now,
            )?;
            vec![Change::Suggestion(s)]
        }
        Command::SetStrengths {
            member_id,
            expert,
            coordinator,
        } => {
            let was = c.member(*member_id)?.is_some_and(|m| m.coordinator);
            let m = community::set_strengths(c, g, *member_id, *expert, *coordinator)?;
            let mut out = vec![Change::Member(m.clone())];
            if m.coordinator && !was {
                // A new coordinator's device has pulled past the open requests and the
                // suggestions: publish them again so they reach her.
                out.extend(following_up(c, g)?);
            }
            out
        }
        Command::PutProduct { product } => {
            if product.group_id != g {
                return Err(Fail::No(Reason::NotAllowed));
            }
            // Name and unit: trimmed, 1–40 characters, no control characters.
            let product = &publish::tidy_product(product).map_err(StoreError::from)?;
            // A shop price from ¥0 to ¥100,000.
            publish::check_product(product).map_err(StoreError::from)?;
            if let Some(old) = c.product(product.id)?
                && old.group_id != g
            {
                return Err(Fail::No(Reason::NotAllowed));
            }
            c.put_product(product)?;
            vec![Change::Product(product.clone())]
        }
        Command::PublishDeal { deal } => {
            if deal.group_id != g {
                return Err(Fail::No(Reason::NotAllowed));
            }
            c.product(deal.product_id)?
                .filter(|p| p.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            if c.deal(deal.id)?.is_some_and(|old| old.group_id != g) {
                return Err(Fail::No(Reason::NotAllowed));
            }
            // Open, sane, before cutoff; terms fixed after the first order; stock not
            // below what is taken (linli_core::rules::publish).
            let deal = day::publish(c, deal, now)?;
            vec![deal_change(c, deal)?]
        }
        Command::CloseDeal { deal_id } => {
            own_deal(c, a, *deal_id)?;
            let closing = day::close_now(c, *deal_id, now)?;
            closing_changes(c, g, closing, &mut rand::rng())?
        }
        Command::CallOffDeal { deal_id, reason } => {
            text::clean(Field::Words, reason).map_err(StoreError::from)?;
            own_deal(c, a, *deal_id)?;
            let off = day::call_off(c, *deal_id, now)?;
            let mut out: Vec<Change> = off
                .orders
                .iter()
                .map(|o| order_change(o.clone(), &off.deal))
                .collect();
            out.extend(off.refunds.into_iter().map(Change::Ledger));
            out.push(deal_change(c, off.deal)?);
            out
        }
        Command::RecordArrival { deal_id, arrived } => {
            own_deal(c, a, *deal_id)?;
            let r = day::record_arrival(c, *deal_id, *arrived, now)?;
            let mut out: Vec<Change> = r
                .orders
                .iter()
                .map(|o| order_change(o.clone(), &r.deal))
                .collect();
            out.extend(r.refunds.into_iter().map(Change::Ledger));
            out.push(Change::Movement(r.received));
            out.push(deal_change(c, r.deal)?);
            out
        }
        Command::HandOver { pickup_day, code } => {
            let (member, ready) = day::verify_pickup(c, g, *pickup_day, code)?;
            if ready.is_empty() {
                return Err(Fail::No(Reason::NotFound));
            }
            let (done, moves) = day::finish_pickup(c, member, *pickup_day, now, pickup::hand_over)?;
            let mut out = Vec::new();
            for o in done {
                let d = c.deal(o.deal_id)?.ok_or(Fail::No(Reason::NotFound))?;
                out.push(order_change(o, &d));
            }
            out.extend(moves.into_iter().map(Change::Movement));
            out
        }
        Command::RecordLoss { movement } => {
            c.product(movement.product_id)?
                .filter(|p| p.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            let so_far = c.movements_of_product(movement.product_id)?;
            if !linli_core::rules::inventory::loss_fits(&so_far, movement) {
                return Err(Fail::No(Reason::InvalidQuantity));
            }
            c.put_movement(movement)?;
            vec![Change::Movement(movement.clone())]
        }
        Command::RecordPayment {
            member_id,
            amount,
            method,
        } => {
            c.member(*member_id)?
                .filter(|m| m.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            let e = ledger::payment(*member_id, *amount, *method, now)?;
            c.put_ledger_entry(&e)?;
            vec![Change::Ledger(e)]
        }
        Command::AnswerComplaint {
            complaint_id,
            refund,
            note,
        } => {
            own_complaint(c, g, *complaint_id)?;
            // Once; a refund within what is left of the charge (ledger::answer_complaint).
            let (x, refund) = complaints::answer(c, *complaint_id, *refund, note, now)?;
            let mut out = vec![Change::Complaint(x)];
            out.extend(refund.map(Change::Ledger));
            out
        }
        Command::PostNotice { notice } => {
            if notice.group_id != g {
                return Err(Fail::No(Reason::NotAllowed));
            }
            let n = Notice {
                author_id: a.member_id,
                created_at: now,
                title: text::clean(Field::Title, &notice.title).map_err(StoreError::from)?,
                body: text::clean(Field::Note, &notice.body).map_err(StoreError::from)?,
                ..notice.clone()
            };
            c.put_notice(&n)?;
            vec![Change::Notice(n)]
        }
    })
}

/// The help requests not yet done and the suggestions not adopted, to publish again.
fn following_up(c: &dyn HubRows, g: GroupId) -> Result<Vec<Change>, StoreError> {
    let mut out: Vec<Change> = c
        .help_requests(g, "open")?
        .into_iter()
        .chain(c.help_requests(g, "claimed")?)
        .map(Change::HelpRequest)
        .collect();
    out.extend(
        c.suggestions(g, u32::MAX)?
            .into_iter()
            .filter(|s| s.state != SuggestionState::Adopted)
            .map(Change::Suggestion),
    );
    Ok(out)
}

/// What a deal's closing publishes (at cutoff or early): each order, a pickup code for
/// each member confirmed who has none for that day yet (issued here), the charges, and the
/// deal with its sold count.
fn closing_changes<R: rand::Rng + ?Sized>(
    c: &dyn HubRows,
    g: GroupId,
    cl: cutoff::Closing,
    rng: &mut R,
) -> Result<Vec<Change>, StoreError> {
    let mut out = Vec::new();
    for o in &cl.orders {
        out.push(order_change(o.clone(), &cl.deal));
        if o.state == OrderState::Confirmed {
            let (code, new) = day::pickup_code(c, g, o.member_id, cl.deal.pickup_day, rng)?;
            if new {
                out.push(Change::PickupCode(code));
            }
        }
    }
    out.extend(cl.charges.into_iter().map(Change::Ledger));
    out.push(deal_change(c, cl.deal)?);
    Ok(out)
}

/// Checks, applies and records one command (the body of [`HubStorage::apply`]).
fn apply(c: &dyn HubRows, a: &Actor, env: &Envelope, now: Timestamp) -> Result<Applied, HubError> {
    let seen = c.answered(env.id)?;
    if let Some((member, json)) = seen {
        let outcome = if member == a.member_id {
            serde_json::from_str(&json).map_err(|e| HubError::BadInput(e.to_string()))?
        } else {
            // Someone else's command id: say no, and record nothing.
            Outcome {
                id: env.id,
                verdict: Verdict::rejected(Reason::NotAllowed),
            }
        };
        return Ok(Applied {
            outcome,
            duplicate: true,
        });
    }
    let verdict = if !env.command.allowed(a.role) {
        Verdict::rejected(Reason::NotAllowed)
    } else {
        c.savepoint("command")?;
        match run(c, a, &env.command, now) {
            Ok(changes) => {
                c.release("command")?;
                for ch in &changes {
                    c.emit(a.group_id, ch)?;
                }
                Verdict::Applied
            }
            Err(fail) => {
                c.rollback_to("command")?;
                let reason = match fail {
                    Fail::No(r) => r,
                    Fail::Fault(e) => return Err(e.into()),
                };
                resend_hub_copy(c, a, &env.command)?;
                Verdict::rejected(reason)
            }
        }
    };
    let outcome = Outcome {
        id: env.id,
        verdict,
    };
    let json = serde_json::to_string(&outcome).expect("outcomes serialize");
    c.record_answer(env.id, a.member_id, &json, now)?;
    Ok(Applied {
        outcome,
        duplicate: false,
    })
}

/// After a refused command the sender's device may show something the hub does not have
/// (it wrote first): publish the hub's copy again so the next pull corrects it. That is the
/// member's order after a refused change or cancellation, the deal or product after a
/// refused edit by the organiser, and the complaint after a refused answer.
fn resend_hub_copy(c: &dyn HubRows, a: &Actor, cmd: &Command) -> Result<(), HubError> {
    let g = a.group_id;
    match cmd {
        Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => {
            if let Some(o) = c.order(*order_id)?
                && matches!(may_enter_for(c, a, o.member_id), Ok(true))
                && let Some(d) = c.deal(o.deal_id)?
            {
                c.emit(g, &order_change(o, &d))?;
            }
        }
        Command::PublishDeal { deal } => {
            if let Some(d) = c.deal(deal.id)?.filter(|d| d.group_id == g) {
                c.emit(g, &deal_change(c, d)?)?;
            }
        }
        Command::PutProduct { product } => {
            if let Some(p) = c.product(product.id)?.filter(|p| p.group_id == g) {
                c.emit(g, &Change::Product(p))?;
            }
        }
        Command::AnswerComplaint { complaint_id, .. } => {
            if let Ok(x) = own_complaint(c, g, *complaint_id) {
                c.emit(g, &Change::Complaint(x))?;
            }
        }
        // A volunteer who lost a race to claim shows it as hers until corrected.
        Command::ClaimHelp { request_id } | Command::FinishHelp { request_id } => {
            if let Some(h) = c.help_request(*request_id)?.filter(|h| h.group_id == g) {
                c.emit(g, &Change::HelpRequest(h))?;
            }
        }
        // The organiser's strengths, tips and answers are written on her device at once.
        Command::SetStrengths { member_id, .. } => {
            if let Some(m) = c.member(*member_id)?.filter(|m| m.group_id == g) {
                c.emit(g, &Change::Member(m))?;
            }
        }
        Command::ReviewTip { tip_id, .. } => {
            if let Some(t) = c.tip(*tip_id)?.filter(|t| t.group_id == g) {
                c.emit(g, &Change::Tip(t))?;
            }
        }
        Command::AnswerSuggestion { suggestion_id, .. } => {
            if let Some(s) = c.suggestion(*suggestion_id)?.filter(|s| s.group_id == g) {
                c.emit(g, &Change::Suggestion(s))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A new invite code of `role` for `group` (bound to `member`, for the organiser's).
pub(super) fn new_invite(
    c: &dyn HubRows,
    group: GroupId,
    role: Role,
    member: Option<MemberId>,
    now: Timestamp,
) -> Result<String, StoreError> {
    let code = secrets::new_invite();
    let hash = secrets::hash(&secrets::normalize_invite(&code));
    c.put_invite(&hash, group, role, member, now)?;
    Ok(code)
}

/// A display name as kept ([`text::clean`]), or why not in words.
pub(super) fn valid_name(name: &str) -> Result<String, HubError> {
    text::clean(Field::Name, name).map_err(|_| {
        HubError::BadInput(format!(
            "a display name needs 1 to {MAX_NAME} characters and no control characters"
        ))
    })
}
