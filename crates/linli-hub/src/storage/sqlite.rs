//! The hub's default storage: linli-core's store in one SQLite file (WAL,
//! `synchronous=FULL`, so anything acknowledged is on disk), plus the hub's own tables
//! (invites, device tokens, answered commands, the change feed). One connection behind a
//! mutex: commands are applied one at a time, so stock can never be oversold; commands that
//! arrive together are applied one after another in one transaction (group commit), so they
//! share one write to disk.

use super::{Actor, Applied, HubError, HubStorage, Invites};
use crate::secrets;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::rules::{cutoff, ledger, pickup, publish};
use linli_core::store::{Durability, Store, StoreError, community, complaints, day, orders, rows};
use linli_core::sync::protocol::{
    Audience, Change, DeviceInfo, Joined, Outcome, PullPage, Reason, Verdict,
};
use linli_core::text::{self, Field, MAX_NAME};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use uuid::Uuid;

/// Once a device was seen, its `last_seen_at` is written again only after this long.
const SEEN_EVERY: chrono::Duration = chrono::Duration::hours(1);

pub struct SqliteHub {
    store: Mutex<Store>,
    /// Commands waiting to be applied (group commit: whoever holds the store next applies
    /// every waiting command in one transaction, so concurrent pushes share one fsync).
    waiting: Mutex<Waiting>,
    /// Wakes the callers waiting for a batch's answers.
    ready: std::sync::Condvar,
    /// Transactions that applied commands (fewer than the commands when they were grouped).
    batches: AtomicU64,
    /// The feed's newest change number, refreshed after every write.
    head: AtomicI64,
    /// Device tokens already looked up (tokens never change their member), with the
    /// device's id and when its `last_seen_at` was last written. Revoking removes it.
    actors: Mutex<HashMap<Vec<u8>, Known>>,
    /// Bumped by every revocation, so a lookup that raced one is not cached.
    revocations: AtomicU64,
}

/// Commands handed to [`HubStorage::apply`] and not yet answered.
#[derive(Default)]
struct Waiting {
    next: u64,
    /// A caller is applying a batch now.
    leading: bool,
    queue: Vec<(u64, Actor, Envelope, Timestamp)>,
    answers: HashMap<u64, Result<Applied, HubError>>,
}

impl Waiting {
    fn answer(&mut self, ticket: u64) -> Option<Result<Applied, HubError>> {
        self.answers.remove(&ticket)
    }
}

/// The batch leader's mark: cleared, and the waiting callers woken, when the leader is
/// done — also if it panicked, when the commands it took are answered with an error (its
/// transaction was rolled back: none of them was applied).
struct Leading<'a> {
    hub: &'a SqliteHub,
    tickets: Vec<u64>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut w = self.hub.waiting.lock().unwrap_or_else(|p| p.into_inner());
        w.leading = false;
        for t in &self.tickets {
            if !w.answers.contains_key(t) {
                w.answers.insert(
                    *t,
                    Err(HubError::NotSaved(
                        "the batch it was in failed; nothing of it was saved".into(),
                    )),
                );
            }
        }
        self.hub.ready.notify_all();
    }
}

/// A device token the hub has looked up.
#[derive(Debug, Clone, Copy)]
struct Known {
    actor: Actor,
    device_id: Uuid,
    seen: Option<Timestamp>,
}

impl SqliteHub {
    /// Opens (or creates) the hub's file.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteHub, HubError> {
        let store = Store::open(path, Durability::Full)?;
        // Deleted content is overwritten, so words erased when a member leaves (and the
        // feed's superseded copies) are gone from the file, not only unlinked.
        store.read(|c| c.pragma_update(None, "secure_delete", "ON"))?;
        let head = store.read(feed_head)?;
        Ok(SqliteHub {
            store: Mutex::new(store),
            waiting: Mutex::default(),
            ready: std::sync::Condvar::new(),
            batches: AtomicU64::new(0),
            head: AtomicI64::new(head),
            actors: Mutex::default(),
            revocations: AtomicU64::new(0),
        })
    }

    /// Applies `command` together with every command waiting when the store comes free,
    /// in one transaction, each in its own savepoint and in arrival order: the answers are
    /// those each would get alone (the same rules, the same order), but the batch is written
    /// to disk once. Nothing is answered before the batch is on disk; if the commit fails,
    /// every command of the batch gets the error and none was applied.
    fn apply_grouped(
        &self,
        actor: &Actor,
        command: &Envelope,
        now: Timestamp,
    ) -> Result<Applied, HubError> {
        // A panic elsewhere must not stop the hub: the queue stays consistent.
        fn lock(w: &Mutex<Waiting>) -> std::sync::MutexGuard<'_, Waiting> {
            w.lock().unwrap_or_else(|p| p.into_inner())
        }
        let mut w = lock(&self.waiting);
        let ticket = w.next;
        w.next += 1;
        w.queue.push((ticket, *actor, command.clone(), now));
        loop {
            if let Some(done) = w.answer(ticket) {
                return done;
            }
            if w.leading {
                // Another caller is applying a batch: wait for its answers, without
                // queueing on the store.
                w = self.ready.wait(w).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            // Lead: apply everything waiting, this command included.
            w.leading = true;
            let batch = std::mem::take(&mut w.queue);
            drop(w);
            let lead = Leading {
                hub: self,
                tickets: batch.iter().map(|(t, ..)| *t).collect(),
            };
            let answers = self.apply_batch(&batch);
            lock(&self.waiting).answers.extend(answers);
            drop(lead);
            w = lock(&self.waiting);
        }
    }

    /// Applies `batch` in one transaction, each command in its own savepoint; the answers
    /// by ticket. If the commit fails, every command gets the error and none was applied.
    fn apply_batch(
        &self,
        batch: &[(u64, Actor, Envelope, Timestamp)],
    ) -> Vec<(u64, Result<Applied, HubError>)> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        self.batches.fetch_add(1, Ordering::Relaxed);
        let result = store.immediate(|c| {
            let mut out = Vec::with_capacity(batch.len());
            for (t, a, env, at) in batch {
                c.execute_batch("SAVEPOINT batch_item")?;
                let r = apply(c, a, env, *at);
                c.execute_batch(if r.is_ok() {
                    "RELEASE batch_item"
                } else {
                    "ROLLBACK TO batch_item; RELEASE batch_item"
                })?;
                out.push((*t, r));
            }
            Ok::<_, HubError>(out)
        });
        if let Ok(h) = store.read(feed_head) {
            self.head.store(h, Ordering::Release);
        }
        match result {
            Ok(out) => out,
            Err(e) => {
                let why = e.to_string();
                batch
                    .iter()
                    .map(|(t, ..)| (*t, Err(HubError::NotSaved(why.clone()))))
                    .collect()
            }
        }
    }

    /// How many transactions have applied commands since the hub opened.
    pub fn command_transactions(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, HubError>) -> Result<T, HubError> {
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let out = store.immediate(f);
        self.head.store(store.read(feed_head)?, Ordering::Release);
        out
    }

    /// Reads without a write transaction (the mutex keeps writers out meanwhile).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, HubError>) -> Result<T, HubError> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.read(f)
    }

    /// Creates a group that already has a past (a generated [`linli_core::demo::Dataset`]:
    /// its members, products, closed deals, orders, pickup codes, ledger, movements,
    /// notices, tips, help requests, complaints and suggestions), in one transaction, and
    /// returns its invites as [`HubStorage::create_group`] does; the organiser invite joins
    /// as the dataset's organiser.
    ///
    /// The rules already ran when the history was made, so records are written as they are
    /// (as `Store::import` does), and every record the change feed carries is published to
    /// it, so a device joining later receives the history through its ordinary first sync.
    /// Refuses a dataset without exactly one organiser or whose group exists already.
    pub fn import_group(
        &self,
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
        self.with(|c| {
            let g = data.group.id;
            if rows::group(c, g)?.is_some() {
                return Err(HubError::BadInput("that group exists already".into()));
            }
            rows::put_group(c, &data.group)?;
            emit(c, g, &Change::Group(data.group.clone()))?;
            for m in &data.members {
                rows::put_member(c, m)?;
                emit(c, g, &Change::Member(m.clone()))?;
            }
            for p in &data.products {
                rows::put_product(c, p)?;
                emit(c, g, &Change::Product(p.clone()))?;
            }
            let mut deals = HashMap::with_capacity(data.deals.len());
            for d in &data.deals {
                rows::put_deal(c, d)?;
                deals.insert(d.id, d);
            }
            for o in &data.orders {
                let d = deals
                    .get(&o.deal_id)
                    .ok_or_else(|| HubError::BadInput(format!("order {} names no deal", o.id)))?;
                rows::put_order(c, o, d)?;
                emit(c, g, &order_change(o.clone(), d))?;
            }
            for d in &data.deals {
                emit(c, g, &deal_change(c, d.clone())?)?;
            }
            for p in &data.pickup_codes {
                rows::put_pickup_code(c, p)?;
                emit(c, g, &Change::PickupCode(p.clone()))?;
            }
            for e in &data.ledger {
                rows::put_ledger_entry(c, e)?;
                emit(c, g, &Change::Ledger(e.clone()))?;
            }
            for m in &data.movements {
                rows::put_movement(c, m)?;
                emit(c, g, &Change::Movement(m.clone()))?;
            }
            for n in &data.notices {
                rows::put_notice(c, n)?;
                emit(c, g, &Change::Notice(n.clone()))?;
            }
            for t in &data.tips {
                rows::put_tip(c, t)?;
                emit(c, g, &Change::Tip(t.clone()))?;
            }
            for h in &data.help_requests {
                rows::put_help_request(c, h)?;
                emit(c, g, &Change::HelpRequest(h.clone()))?;
            }
            for x in &data.complaints {
                rows::put_complaint(c, x)?;
                emit(c, g, &Change::Complaint(x.clone()))?;
            }
            for s in &data.suggestions {
                rows::put_suggestion(c, s)?;
                emit(c, g, &Change::Suggestion(s.clone()))?;
            }
            Ok(Invites {
                group_id: g,
                organiser_invite: new_invite(c, g, Role::Organiser, Some(boss.id), now)?,
                member_invite: new_invite(c, g, Role::Member, None, now)?,
                volunteer_invite: new_invite(c, g, Role::Volunteer, None, now)?,
            })
        })
    }
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

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Fail {
        Fail::Fault(e.into())
    }
}

impl From<linli_core::rules::ledger::MoneyError> for Fail {
    fn from(e: linli_core::rules::ledger::MoneyError) -> Fail {
        StoreError::from(e).into()
    }
}

fn feed_head(c: &Connection) -> Result<i64, HubError> {
    Ok(
        c.query_row("SELECT COALESCE(MAX(seq), 0) FROM hub_changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// Appends `change` to the feed, superseding the entity's older change.
fn emit(c: &Connection, group: GroupId, change: &Change) -> rusqlite::Result<()> {
    let entity = change.entity();
    let (audience, member) = match change.audience() {
        Audience::All => ("all", None),
        Audience::Member(m) => ("member", Some(m)),
        Audience::Helpers(m) => ("helpers", Some(m)),
        Audience::Coordinators(m) => ("coordinators", Some(m)),
        Audience::Organiser => ("organiser", None),
    };
    c.prepare_cached("DELETE FROM hub_changes WHERE entity = ?1")?
        .execute([&entity])?;
    let json = serde_json::to_string(change).expect("changes serialize");
    c.prepare_cached(
        "INSERT INTO hub_changes (group_id, entity, audience, member_id, change)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![group, entity, audience, member, json])?;
    Ok(())
}

/// A deal with the units now sold on it (kept per deal by the store, [`rows::sold`]).
fn deal_change(c: &Connection, deal: Deal) -> rusqlite::Result<Change> {
    let sold = rows::sold(c, deal.id)?;
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
fn own_deal(c: &Connection, a: &Actor, id: DealId) -> Result<Deal, Fail> {
    rows::deal(c, id)?
        .filter(|d| d.group_id == a.group_id)
        .ok_or(Fail::No(Reason::NotFound))
}

/// An order of the actor themself.
fn own_order(c: &Connection, a: &Actor, id: OrderId) -> Result<Order, Fail> {
    let o = rows::order(c, id)?.ok_or(Fail::No(Reason::NotFound))?;
    if o.member_id != a.member_id {
        return Err(Fail::No(Reason::NotAllowed));
    }
    Ok(o)
}

/// A complaint by a member of group `g`, or "not found".
fn own_complaint(c: &Connection, g: GroupId, id: ComplaintId) -> Result<Complaint, Fail> {
    let x = rows::complaint(c, id)?.ok_or(Fail::No(Reason::NotFound))?;
    rows::member(c, x.member_id)?
        .filter(|m| m.group_id == g)
        .ok_or(Fail::No(Reason::NotFound))?;
    Ok(x)
}

/// Runs one command's rule and writes its result; returns the changes to publish.
fn run(c: &Connection, a: &Actor, cmd: &Command, now: Timestamp) -> Result<Vec<Change>, Fail> {
    let g = a.group_id;
    Ok(match cmd {
        Command::PlaceOrder {
            order_id,
            deal_id,
            qty,
        } => {
            own_deal(c, a, *deal_id)?;
            if rows::order(c, *order_id)?.is_some() {
                return Err(Fail::No(Reason::NotAllowed));
            }
            let (o, d) = orders::place(c, a.member_id, *deal_id, *order_id, *qty, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::ChangeOrder { order_id, qty } => {
            own_order(c, a, *order_id)?;
            let (o, d) = orders::change(c, *order_id, *qty, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::CancelOrder { order_id } => {
            own_order(c, a, *order_id)?;
            let (o, d) = orders::cancel(c, *order_id, now)?;
            vec![order_change(o, &d), deal_change(c, d)?]
        }
        Command::AskHelp {
            request_id,
            note,
            kind,
        } => {
            let note = text::clean(Field::Note, note).map_err(StoreError::from)?;
            if rows::help_request(c, *request_id)?.is_some() {
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
            rows::put_help_request(c, &h)?;
            vec![Change::HelpRequest(h)]
        }
        Command::FileComplaint {
            complaint_id,
            order_id,
            kind,
            note,
        } => {
            if rows::complaint(c, *complaint_id)?.is_some() {
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
            let was = rows::member(c, *member_id)?.is_some_and(|m| m.coordinator);
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
            if let Some(old) = rows::product(c, product.id)?
                && old.group_id != g
            {
                return Err(Fail::No(Reason::NotAllowed));
            }
            rows::put_product(c, product)?;
            vec![Change::Product(product.clone())]
        }
        Command::PublishDeal { deal } => {
            if deal.group_id != g {
                return Err(Fail::No(Reason::NotAllowed));
            }
            rows::product(c, deal.product_id)?
                .filter(|p| p.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            if rows::deal(c, deal.id)?.is_some_and(|old| old.group_id != g) {
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
                let d = rows::deal(c, o.deal_id)?.ok_or(Fail::No(Reason::NotFound))?;
                out.push(order_change(o, &d));
            }
            out.extend(moves.into_iter().map(Change::Movement));
            out
        }
        Command::RecordLoss { movement } => {
            rows::product(c, movement.product_id)?
                .filter(|p| p.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            let so_far = rows::movements_of_product(c, movement.product_id)?;
            if !linli_core::rules::inventory::loss_fits(&so_far, movement) {
                return Err(Fail::No(Reason::InvalidQuantity));
            }
            rows::put_movement(c, movement)?;
            vec![Change::Movement(movement.clone())]
        }
        Command::RecordPayment {
            member_id,
            amount,
            method,
        } => {
            rows::member(c, *member_id)?
                .filter(|m| m.group_id == g)
                .ok_or(Fail::No(Reason::NotFound))?;
            let e = ledger::payment(*member_id, *amount, *method, now)?;
            rows::put_ledger_entry(c, &e)?;
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
            rows::put_notice(c, &n)?;
            vec![Change::Notice(n)]
        }
    })
}

/// The help requests not yet done and the suggestions not adopted, to publish again.
fn following_up(c: &Connection, g: GroupId) -> rusqlite::Result<Vec<Change>> {
    let mut out: Vec<Change> = rows::help_requests(c, g, "open")?
        .into_iter()
        .chain(rows::help_requests(c, g, "claimed")?)
        .map(Change::HelpRequest)
        .collect();
    out.extend(
        rows::suggestions(c, g, u32::MAX)?
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
    c: &Connection,
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
fn apply(c: &Connection, a: &Actor, env: &Envelope, now: Timestamp) -> Result<Applied, HubError> {
    let seen: Option<(MemberId, String)> = c
        .prepare_cached("SELECT member_id, outcome FROM hub_commands WHERE command_id = ?1")?
        .query_row([env.id.as_bytes()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
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
        c.execute_batch("SAVEPOINT command")?;
        match run(c, a, &env.command, now) {
            Ok(changes) => {
                c.execute_batch("RELEASE command")?;
                for ch in &changes {
                    emit(c, a.group_id, ch)?;
                }
                Verdict::Applied
            }
            Err(fail) => {
                c.execute_batch("ROLLBACK TO command; RELEASE command")?;
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
    c.prepare_cached(
        "INSERT INTO hub_commands (command_id, member_id, outcome, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        env.id.as_bytes(),
        a.member_id,
        json,
        now.timestamp_millis()
    ])?;
    Ok(Applied {
        outcome,
        duplicate: false,
    })
}

/// After a refused command the sender's device may show something the hub does not have
/// (it wrote first): publish the hub's copy again so the next pull corrects it. That is the
/// member's order after a refused change or cancellation, the deal or product after a
/// refused edit by the organiser, and the complaint after a refused answer.
fn resend_hub_copy(c: &Connection, a: &Actor, cmd: &Command) -> Result<(), HubError> {
    let g = a.group_id;
    match cmd {
        Command::ChangeOrder { order_id, .. } | Command::CancelOrder { order_id } => {
            if let Some(o) = rows::order(c, *order_id)?.filter(|o| o.member_id == a.member_id)
                && let Some(d) = rows::deal(c, o.deal_id)?
            {
                emit(c, g, &order_change(o, &d))?;
            }
        }
        Command::PublishDeal { deal } => {
            if let Some(d) = rows::deal(c, deal.id)?.filter(|d| d.group_id == g) {
                emit(c, g, &deal_change(c, d)?)?;
            }
        }
        Command::PutProduct { product } => {
            if let Some(p) = rows::product(c, product.id)?.filter(|p| p.group_id == g) {
                emit(c, g, &Change::Product(p))?;
            }
        }
        Command::AnswerComplaint { complaint_id, .. } => {
            if let Ok(x) = own_complaint(c, g, *complaint_id) {
                emit(c, g, &Change::Complaint(x))?;
            }
        }
        // A volunteer who lost a race to claim shows it as hers until corrected.
        Command::ClaimHelp { request_id } | Command::FinishHelp { request_id } => {
            if let Some(h) = rows::help_request(c, *request_id)?.filter(|h| h.group_id == g) {
                emit(c, g, &Change::HelpRequest(h))?;
            }
        }
        // The organiser's strengths, tips and answers are written on her device at once.
        Command::SetStrengths { member_id, .. } => {
            if let Some(m) = rows::member(c, *member_id)?.filter(|m| m.group_id == g) {
                emit(c, g, &Change::Member(m))?;
            }
        }
        Command::ReviewTip { tip_id, .. } => {
            if let Some(t) = rows::tip(c, *tip_id)?.filter(|t| t.group_id == g) {
                emit(c, g, &Change::Tip(t))?;
            }
        }
        Command::AnswerSuggestion { suggestion_id, .. } => {
            if let Some(s) = rows::suggestion(c, *suggestion_id)?.filter(|s| s.group_id == g) {
                emit(c, g, &Change::Suggestion(s))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn new_invite(
    c: &Connection,
    group: GroupId,
    role: Role,
    member: Option<MemberId>,
    now: Timestamp,
) -> rusqlite::Result<String> {
    let code = secrets::new_invite();
    let role_name = serde_json::to_value(role).expect("roles serialize");
    c.prepare_cached(
        "INSERT INTO hub_invites (code_hash, group_id, role, member_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        secrets::hash(&secrets::normalize_invite(&code)),
        group,
        role_name.as_str(),
        member,
        now.timestamp_millis()
    ])?;
    Ok(code)
}

/// A display name as kept ([`text::clean`]), or why not in words.
fn valid_name(name: &str) -> Result<String, HubError> {
    text::clean(Field::Name, name).map_err(|_| {
        HubError::BadInput(format!(
            "a display name needs 1 to {MAX_NAME} characters and no control characters"
        ))
    })
}

impl HubStorage for SqliteHub {
    fn create_group(
        &self,
        name: &str,
        organiser: &str,
        now: Timestamp,
    ) -> Result<Invites, HubError> {
        let name = valid_name(name)?;
        let organiser = valid_name(organiser)?;
        self.with(|c| {
            let group = Group {
                id: GroupId::new(),
                name,
                created_at: now,
            };
            let boss = Member::new(MemberId::new(), group.id, organiser, Role::Organiser, now);
            rows::put_group(c, &group)?;
            rows::put_member(c, &boss)?;
            emit(c, group.id, &Change::Group(group.clone()))?;
            emit(c, group.id, &Change::Member(boss.clone()))?;
            Ok(Invites {
                group_id: group.id,
                organiser_invite: new_invite(c, group.id, Role::Organiser, Some(boss.id), now)?,
                member_invite: new_invite(c, group.id, Role::Member, None, now)?,
                volunteer_invite: new_invite(c, group.id, Role::Volunteer, None, now)?,
            })
        })
    }

    fn join(&self, invite: &str, display_name: &str, now: Timestamp) -> Result<Joined, HubError> {
        let name = valid_name(display_name)?;
        let code_hash = secrets::hash(&secrets::normalize_invite(invite));
        self.with(|c| {
            let found: Option<(GroupId, String, Option<MemberId>)> = c
                .prepare_cached(
                    "SELECT group_id, role, member_id FROM hub_invites WHERE code_hash = ?1",
                )?
                .query_row([&code_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let (group, role, bound) = found.ok_or(HubError::BadInvite)?;
            let role: Role = serde_json::from_value(role.into())
                .map_err(|e| HubError::BadInput(e.to_string()))?;
            let member = match bound {
                Some(id) => rows::member(c, id)?.ok_or(HubError::BadInvite)?,
                None => {
                    let m = Member::new(MemberId::new(), group, name, role, now);
                    rows::put_member(c, &m)?;
                    emit(c, group, &Change::Member(m.clone()))?;
                    m
                }
            };
            let token = secrets::new_token();
            c.prepare_cached(
                "INSERT INTO hub_devices (token_hash, member_id, created_at, device_id, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?3)",
            )?
            .execute(params![
                secrets::hash(&token),
                member.id,
                now.timestamp_millis(),
                Uuid::new_v4().as_bytes(),
            ])?;
            Ok(Joined {
                member_id: member.id,
                group_id: group,
                role: member.role,
                token,
            })
        })
    }

    fn actor(&self, token: &str, now: Timestamp) -> Result<Option<Actor>, HubError> {
        let h = secrets::hash(token);
        let generation = self.revocations.load(Ordering::Acquire);
        let cached = self
            .actors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&h)
            .copied();
        let known = match cached {
            Some(k) => k,
            None => {
                let found = self.read(|c| {
                    Ok(c.prepare_cached(
                        "SELECT m.id, m.group_id, m.role, d.device_id, d.last_seen_at
                         FROM hub_devices d JOIN members m ON m.id = d.member_id
                         WHERE d.token_hash = ?1",
                    )?
                    .query_row([&h], |r| {
                        let role: String = r.get(2)?;
                        let id: Vec<u8> = r.get(3)?;
                        let seen: Option<i64> = r.get(4)?;
                        Ok(Known {
                            actor: Actor {
                                member_id: r.get(0)?,
                                group_id: r.get(1)?,
                                role: serde_json::from_value(role.into()).unwrap_or(Role::Member),
                            },
                            device_id: Uuid::from_slice(&id).unwrap_or_default(),
                            seen: seen.and_then(Timestamp::from_timestamp_millis),
                        })
                    })
                    .optional()?)
                })?;
                match found {
                    Some(k) => k,
                    None => return Ok(None),
                }
            }
        };
        let known = if known.seen.is_none_or(|t| now - t >= SEEN_EVERY) {
            let written = self.with(|c| {
                Ok(c.prepare_cached(
                    "UPDATE hub_devices SET last_seen_at = ?2 WHERE token_hash = ?1",
                )?
                .execute(params![&h, now.timestamp_millis()])?)
            })?;
            if written == 0 {
                return Ok(None); // revoked meanwhile
            }
            Known {
                seen: Some(now),
                ..known
            }
        } else {
            known
        };
        let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
        if self.revocations.load(Ordering::Acquire) != generation {
            // A device was revoked meanwhile: perhaps this one; ask the file next time.
            actors.remove(&h);
        } else {
            actors.insert(h, known);
        }
        Ok(Some(known.actor))
    }

    fn devices(&self, a: &Actor, actor_token: &str) -> Result<Vec<DeviceInfo>, HubError> {
        let mine = secrets::hash(actor_token);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT d.device_id, m.id, m.display_name, m.role, d.created_at, d.last_seen_at,
                        d.token_hash
                 FROM members m JOIN hub_devices d ON d.member_id = m.id
                 WHERE m.group_id = ?1 ORDER BY m.display_name, m.id, d.created_at",
            )?;
            let rows = st.query_map([a.group_id], |r| {
                let id: Vec<u8> = r.get(0)?;
                let role: String = r.get(3)?;
                let joined: i64 = r.get(4)?;
                let seen: Option<i64> = r.get(5)?;
                let hash: Vec<u8> = r.get(6)?;
                Ok(DeviceInfo {
                    device_id: Uuid::from_slice(&id).unwrap_or_default(),
                    member_id: r.get(1)?,
                    display_name: r.get(2)?,
                    role: serde_json::from_value(role.into()).unwrap_or(Role::Member),
                    joined_at: Timestamp::from_timestamp_millis(joined).unwrap_or_default(),
                    last_seen_at: seen.and_then(Timestamp::from_timestamp_millis),
                    this_device: hash == mine,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn revoke_device(&self, a: &Actor, actor_token: &str, device_id: Uuid) -> Result<(), HubError> {
        let mine = secrets::hash(actor_token);
        self.with(|c| {
            let found: Option<Vec<u8>> = c
                .prepare_cached(
                    "SELECT d.token_hash FROM hub_devices d JOIN members m ON m.id = d.member_id
                     WHERE d.device_id = ?1 AND m.group_id = ?2",
                )?
                .query_row(params![device_id.as_bytes(), a.group_id], |r| r.get(0))
                .optional()?;
            let hash = found.ok_or(HubError::NoSuchDevice)?;
            if hash == mine {
                return Err(HubError::OwnDevice);
            }
            c.prepare_cached("DELETE FROM hub_devices WHERE device_id = ?1")?
                .execute([device_id.as_bytes()])?;
            Ok(())
        })?;
        let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
        self.revocations.fetch_add(1, Ordering::AcqRel);
        actors.retain(|_, k| k.device_id != device_id);
        Ok(())
    }

    fn leave(&self, a: &Actor, now: Timestamp) -> Result<(), HubError> {
        if a.role == Role::Organiser {
            return Err(HubError::OrganiserStays);
        }
        self.with(|c| {
            let left = community::leave(c, a.member_id, now)?;
            c.prepare_cached("DELETE FROM hub_devices WHERE member_id = ?1")?
                .execute([a.member_id])?;
            let g = a.group_id;
            emit(c, g, &Change::Member(left.member))?;
            for x in left.complaints {
                emit(c, g, &Change::Complaint(x))?;
            }
            for h in left.help_requests {
                emit(c, g, &Change::HelpRequest(h))?;
            }
            for s in left.suggestions {
                emit(c, g, &Change::Suggestion(s))?;
            }
            for t in left.tips {
                emit(c, g, &Change::Tip(t))?;
            }
            Ok(())
        })?;
        {
            let mut actors = self.actors.lock().unwrap_or_else(|p| p.into_inner());
            self.revocations.fetch_add(1, Ordering::AcqRel);
            actors.retain(|_, k| k.actor.member_id != a.member_id);
        }
        // The write-ahead log still holds the pages as they were: fold it into the file
        // (whose freed space secure_delete zeroed) and empty it.
        self.read(|c| {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }

    fn apply(
        &self,
        actor: &Actor,
        command: &Envelope,
        now: Timestamp,
    ) -> Result<Applied, HubError> {
        self.apply_grouped(actor, command, now)
    }

    fn pull(&self, a: &Actor, since: i64, limit: u32) -> Result<PullPage, HubError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, change FROM hub_changes INDEXED BY hub_changes_feed
                 WHERE group_id = ?1 AND seq > ?2
                   AND (audience = 'all' OR ?3 OR member_id = ?4 OR (audience = 'helpers' AND ?5)
                        OR (audience = 'coordinators' AND ?6))
                 ORDER BY seq LIMIT ?7",
            )?;
            // A coordinator (老年协调员) follows up help requests and suggestions.
            let coordinator = rows::member(c, a.member_id)?.is_some_and(|m| m.coordinator);
            let rows: Vec<(i64, String)> = st
                .query_map(
                    params![
                        a.group_id,
                        since,
                        a.role == Role::Organiser,
                        a.member_id,
                        a.role == Role::Volunteer || coordinator,
                        coordinator,
                        limit + 1
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let more = rows.len() > limit as usize;
            let mut changes = Vec::with_capacity(rows.len());
            let mut next = since;
            for (seq, json) in rows.into_iter().take(limit as usize) {
                changes.push(
                    serde_json::from_str(&json).map_err(|e| HubError::BadInput(e.to_string()))?,
                );
                next = seq;
            }
            if !more {
                // Nothing else visible to this device up to the group's newest change.
                let head: Option<i64> = c
                    .prepare_cached("SELECT MAX(seq) FROM hub_changes WHERE group_id = ?1")?
                    .query_row([a.group_id], |r| r.get(0))?;
                next = next.max(head.unwrap_or(0));
            }
            Ok(PullPage {
                changes,
                next,
                more,
            })
        })
    }

    fn close_due(&self, now: Timestamp) -> Result<usize, HubError> {
        self.with(|c| {
            let groups: Vec<GroupId> = c
                .prepare_cached(
                    "SELECT DISTINCT group_id FROM deals WHERE state = 'open' AND cutoff <= ?1",
                )?
                .query_map([now.timestamp_millis()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut closed = 0;
            let mut rng = rand::rng();
            for g in groups {
                for cl in day::close_due(c, g, now)? {
                    closed += 1;
                    for ch in closing_changes(c, g, cl, &mut rng)? {
                        emit(c, g, &ch)?;
                    }
                }
            }
            Ok(closed)
        })
    }

    fn head(&self) -> Result<i64, HubError> {
        Ok(self.head.load(Ordering::Acquire))
    }
}
