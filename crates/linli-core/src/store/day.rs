//! The organiser's side of the day: publish, close at cutoff, receive goods, pickup codes,
//! hand over, unclaimed goods. Each operation is a connection-level function around one
//! rule (the hub runs them inside its own transaction) and a [`Store`] method that wraps it
//! in an immediate transaction.

use super::{Result, Rows, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::{
    Deal, DealId, DealState, GroupId, LedgerEntry, MemberId, Order, PickupCode, StockMovement,
    Timestamp,
};
use crate::rules::{arrival, call_off, cutoff, pickup, publish};
use crate::text::{self, Field};
use chrono::NaiveDate;
use rand::Rng;
use rusqlite::{Connection, TransactionBehavior};
use uuid::Uuid;

/// Closes every open deal of `group` whose cutoff has passed: each forms (orders
/// confirmed and charged) or fails (orders cancelled with the reason).
pub fn close_due(c: &dyn Rows, group: GroupId, now: Timestamp) -> Result<Vec<cutoff::Closing>> {
    let mut closed = Vec::new();
    for d in c.deals_due(group, now)? {
        closed.push(close_at_cutoff(c, &d, now)?);
    }
    Ok(closed)
}

/// Closes one open deal whose cutoff has passed, as [`close_due`] does.
pub fn close_at_cutoff(c: &dyn Rows, d: &Deal, now: Timestamp) -> Result<cutoff::Closing> {
    let orders = c.orders_of_deal(d.id)?;
    write_closing(c, cutoff::close(d, &orders, now)?)
}

/// Closes one open deal now, before its cutoff (the organiser's "close early"), by the
/// same rule as [`close_due`] ([`cutoff::close_early`]).
pub fn close_now(c: &dyn Rows, deal: DealId, now: Timestamp) -> Result<cutoff::Closing> {
    let d = c.deal(deal)?.ok_or(StoreError::NotFound("deal"))?;
    let orders = c.orders_of_deal(deal)?;
    write_closing(c, cutoff::close_early(&d, &orders, now)?)
}

fn write_closing(c: &dyn Rows, closing: cutoff::Closing) -> Result<cutoff::Closing> {
    c.put_deal(&closing.deal)?;
    for o in &closing.orders {
        c.put_order(o, &closing.deal)?;
    }
    for e in &closing.charges {
        c.put_ledger_entry(e)?;
    }
    Ok(closing)
}

/// Calls off an open or formed deal: its active orders cancelled, every charge refunded
/// in full ([`call_off::call_off`]).
pub fn call_off(c: &dyn Rows, deal: DealId, now: Timestamp) -> Result<call_off::CallingOff> {
    let d = c.deal(deal)?.ok_or(StoreError::NotFound("deal"))?;
    let orders = c.orders_of_deal(deal)?;
    let entries = ledger_of_orders(c, &orders)?;
    let x = call_off::call_off(&d, &orders, &entries, now)?;
    c.put_deal(&x.deal)?;
    for o in &x.orders {
        c.put_order(o, &x.deal)?;
    }
    for e in &x.refunds {
        c.put_ledger_entry(e)?;
    }
    Ok(x)
}

/// Checks a new or edited deal against the deal as stored and what is already ordered
/// ([`publish::check`]), and writes it.
pub fn publish(c: &dyn Rows, deal: &Deal, now: Timestamp) -> Result<Deal> {
    let deal = &publish::tidy_deal(deal)?;
    let old = c.deal(deal.id)?;
    // Only the total of the tally counts here; the member half is for nobody.
    let taken = c.tally(deal.id, MemberId(Uuid::nil()), None)?.total;
    publish::check(old.as_ref(), deal, taken, now)?;
    c.put_deal(deal)?;
    Ok(deal.clone())
}

/// The ledger lines of `orders`.
pub(crate) fn ledger_of_orders(c: &dyn Rows, orders: &[Order]) -> Result<Vec<LedgerEntry>> {
    let mut entries = Vec::new();
    for o in orders {
        entries.extend(c.ledger_of_order(o.id)?);
    }
    Ok(entries)
}

/// Records the goods that arrived for a formed deal: allocates on a shortage
/// (first ordered, first served), refunds the rest, and books the stock received.
pub fn record_arrival(
    c: &dyn Rows,
    deal: DealId,
    arrived: u32,
    now: Timestamp,
) -> Result<arrival::Arrival> {
    let d = c.deal(deal)?.ok_or(StoreError::NotFound("deal"))?;
    let orders = c.orders_of_deal(deal)?;
    let entries = ledger_of_orders(c, &orders)?;
    let a = arrival::record(&d, &orders, &entries, arrived, now)?;
    c.put_deal(&a.deal)?;
    for o in &a.orders {
        c.put_order(o, &a.deal)?;
    }
    for e in &a.refunds {
        c.put_ledger_entry(e)?;
    }
    c.put_movement(&a.received)?;
    Ok(a)
}

/// The member's pickup code for `day`, issuing one if they have none yet; the flag says
/// whether it is new. `rng` must be cryptographic (`rand::rng()`), see [`crate::rules::pickup`].
pub fn pickup_code<R: Rng + ?Sized>(
    c: &dyn Rows,
    group: GroupId,
    member: MemberId,
    day: NaiveDate,
    rng: &mut R,
) -> Result<(PickupCode, bool)> {
    let codes = c.pickup_codes(group, day)?;
    if let Some(code) = codes.iter().find(|x| x.member_id == member) {
        return Ok((code.clone(), false));
    }
    let taken: Vec<&str> = codes.iter().map(|x| x.code.as_str()).collect();
    let code = PickupCode {
        group_id: group,
        member_id: member,
        pickup_day: day,
        code: pickup::new_code(&taken, rng)?,
    };
    c.put_pickup_code(&code)?;
    Ok((code, true))
}

/// Hands over (or marks unclaimed, per `rule`) a member's ready orders for `day`.
pub fn finish_pickup(
    c: &dyn Rows,
    member: MemberId,
    day: NaiveDate,
    now: Timestamp,
    rule: pickup::Finish,
) -> Result<(Vec<Order>, Vec<StockMovement>)> {
    let ready = c.ready_orders(member, day)?;
    let mut deals = Vec::new();
    for o in &ready {
        deals.push(c.deal(o.deal_id)?.ok_or(StoreError::NotFound("deal"))?);
    }
    let product_of = |o: &Order| {
        deals
            .iter()
            .find(|d| d.id == o.deal_id)
            .map(|d| d.product_id)
            .expect("loaded above")
    };
    let (orders, moves) = rule(&ready, &product_of, now);
    for (o, d) in orders.iter().zip(&deals) {
        c.put_order(o, d)?;
    }
    for m in &moves {
        c.put_movement(m)?;
    }
    Ok((orders, moves))
}

impl Store {
    /// Saves a new or edited deal as given, unchecked (imports, fixtures, tests). The
    /// organiser's app publishes through [`Store::send`], which checks the edit rule.
    pub fn publish_deal(&mut self, deal: &Deal) -> Result<()> {
        Ok(rows::put_deal(self.conn(), deal)?)
    }

    /// Sends an organiser's command: in one immediate transaction, applies what this
    /// device can apply itself, so her screens show it before the hub answers, and queues
    /// the command for the hub. `PutProduct` checks the shop price
    /// ([`publish::check_product`]) and writes the product; `PublishDeal` checks the
    /// edit rule ([`publish`]: terms fixed after the first order, stock never below what
    /// is taken) and writes the deal, and a refusal writes and queues nothing. `RecordLoss`
    /// and `PostNotice` write the movement or notice (the hub's copy replaces it);
    /// `AnswerComplaint` checks and writes the answer (its refund line comes from the hub). Every other
    /// command is only queued; the hub's answer and the next pull bring its result (order
    /// commands have their own methods, [`Store::place_order`] and friends).
    pub fn send(&mut self, command: &Command, now: Timestamp) -> Result<Uuid> {
        self.immediate(|c| {
            match command {
                Command::PutProduct { product } => {
                    publish::check_product(product)?;
                    c.put_product(&publish::tidy_product(product)?)?
                }
                Command::PublishDeal { deal } => {
                    publish(c, deal, now)?;
                }
                // Her own loss and notice show at once; the hub's copy replaces them.
                Command::RecordLoss { movement } => c.put_movement(movement)?,
                Command::PostNotice { notice } => rows::put_notice(
                    c,
                    &crate::model::Notice {
                        title: text::clean(Field::Title, &notice.title)?,
                        body: text::clean(Field::Note, &notice.body)?,
                        ..notice.clone()
                    },
                )?,
                // Her reason reaches every member as a notice: checked as the hub will.
                Command::CallOffDeal { reason, .. } => {
                    text::clean(Field::Words, reason)?;
                }
                // Her answer shows at once (the rule checked here first: a refund above
                // what is refundable is refused before it is queued).
                Command::AnswerComplaint {
                    complaint_id,
                    refund,
                    note,
                } => {
                    let (x, _) =
                        super::complaints::decide_answer(c, *complaint_id, *refund, note, now)?;
                    c.put_complaint(&x)?
                }
                // The organiser's part for neighbours shows at once, checked as the hub
                // will; the hub's copy replaces it.
                Command::SetStrengths {
                    member_id,
                    expert,
                    coordinator,
                } => {
                    let g = group_of_member(c, *member_id)?;
                    super::community::set_strengths(c, g, *member_id, *expert, *coordinator)?;
                }
                Command::ReviewTip { tip_id, approved } => {
                    let g = c.tip(*tip_id)?.ok_or(StoreError::NotFound("tip"))?.group_id;
                    super::community::review_tip(c, g, *tip_id, *approved)?;
                }
                Command::AnswerSuggestion {
                    suggestion_id,
                    state,
                    response,
                    deal_id,
                } => {
                    let g = c
                        .suggestion(*suggestion_id)?
                        .ok_or(StoreError::NotFound("suggestion"))?
                        .group_id;
                    super::community::answer_suggestion(
                        c,
                        g,
                        *suggestion_id,
                        *state,
                        response,
                        *deal_id,
                        now,
                    )?;
                }
                _ => {}
            }
            Ok(outbox::push(c, command, now)?)
        })
    }

    /// A deal by id.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        rows::deal(self.conn(), id)?.ok_or(StoreError::NotFound("deal"))
    }

    /// The group's deals still taking orders, soonest cutoff first.
    pub fn open_deals(&self, group: GroupId) -> Result<Vec<Deal>> {
        Ok(rows::deals_in_state(self.conn(), group, DealState::Open)?)
    }

    /// Closes every open deal whose cutoff has passed (see [`close_due`]).
    pub fn close_due_deals(&mut self, group: GroupId, now: Timestamp) -> Result<Vec<Deal>> {
        self.immediate(|c| close_due(c, group, now))
            .map(|v| v.into_iter().map(|x| x.deal).collect())
    }

    /// Closes an open deal now, before its cutoff (see [`close_now`]). The organiser's
    /// app sends [`Command::CloseDeal`] instead; this is for a store that is the authority.
    pub fn close_deal_now(&mut self, deal: DealId, now: Timestamp) -> Result<cutoff::Closing> {
        self.immediate(|c| close_now(c, deal, now))
    }

    /// Calls off an open or formed deal (see [`call_off`]). The organiser's app sends
    /// [`Command::CallOffDeal`] instead; this is for a store that is the authority.
    pub fn call_off_deal(&mut self, deal: DealId, now: Timestamp) -> Result<call_off::CallingOff> {
        self.immediate(|c| call_off(c, deal, now))
    }

    /// Records the goods that arrived for a formed deal (see [`record_arrival`]).
    pub fn record_arrival(
        &mut self,
        deal: DealId,
        arrived: u32,
        now: Timestamp,
    ) -> Result<arrival::Arrival> {
        self.immediate(|c| record_arrival(c, deal, arrived, now))
    }

    /// The member's pickup code for `day`, issuing one if they have none yet.
    pub fn pickup_code<R: Rng + ?Sized>(
        &mut self,
        group: GroupId,
        member: MemberId,
        day: NaiveDate,
        rng: &mut R,
    ) -> Result<String> {
        self.immediate(|c| pickup_code(c, group, member, day, rng))
            .map(|(code, _)| code.code)
    }

    /// Checks a code typed or read out at the pickup desk: whose it is, and what waits for them.
    pub fn verify_pickup(
        &self,
        group: GroupId,
        day: NaiveDate,
        input: &str,
    ) -> Result<(MemberId, Vec<Order>)> {
        verify_pickup(self.conn(), group, day, input)
    }

    /// Hands a member their ready goods for `day` (after [`Store::verify_pickup`]).
    pub fn hand_over(
        &mut self,
        member: MemberId,
        day: NaiveDate,
        now: Timestamp,
    ) -> Result<Vec<Order>> {
        self.immediate(|c| finish_pickup(c, member, day, now, pickup::hand_over))
            .map(|(o, _)| o)
    }

    /// At the end of the pickup day: whatever a member did not collect becomes unclaimed.
    pub fn mark_unclaimed(
        &mut self,
        member: MemberId,
        day: NaiveDate,
        now: Timestamp,
    ) -> Result<Vec<Order>> {
        self.immediate(|c| finish_pickup(c, member, day, now, pickup::mark_unclaimed))
            .map(|(o, _)| o)
    }

    /// Runs read-only `f` on the connection (no transaction of its own: with one
    /// connection per store, nothing else writes in between).
    pub fn read<T, E>(
        &self,
        f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        f(self.conn())
    }

    /// Runs `f` in an immediate transaction, committing only if it succeeds (an error
    /// rolls everything back).
    pub fn immediate<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

/// Whose code `input` is on `day`, and what waits for them.
pub fn verify_pickup(
    c: &dyn Rows,
    group: GroupId,
    day: NaiveDate,
    input: &str,
) -> Result<(MemberId, Vec<Order>)> {
    let codes = c.pickup_codes(group, day)?;
    let member = pickup::verify(&codes, input)?;
    Ok((member, c.ready_orders(member, day)?))
}

fn group_of_member(c: &dyn Rows, m: MemberId) -> Result<GroupId> {
    Ok(c.member(m)?.ok_or(StoreError::NotFound("member"))?.group_id)
}
