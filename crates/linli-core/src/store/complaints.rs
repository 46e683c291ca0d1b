//! After-sales (售后) on the store: a member files a complaint about her own charged order;
//! the organiser answers it once, with a refund bounded by what is left of the charge or
//! with her words ([`ledger::file_complaint`], [`ledger::answer_complaint`]).
//!
//! [`file`] and [`answer`] run a rule and write its result on a connection (the hub calls
//! them inside its transaction). On a device, [`Store::file_complaint`] and
//! [`Store::answer_complaint`] write locally and queue the command in one transaction.
//! The lists are named queries (public for plan checks) read through indexes.

use super::codec::parse_day;
use super::{Result, Rows, Store, StoreError, outbox, rows};
use crate::command::Command;
use crate::model::*;
use crate::money::Fen;
use crate::rules::ledger;
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

/// The complaint's columns (read by `rows::complaint_row`), then the member's name, the
/// product's name and emoji, the deal's unit, the units she got and the pickup day.
macro_rules! complaint_line {
    ($tail:literal) => {
        concat!(
            "SELECT x.id, x.member_id, x.order_id, x.kind, x.text, x.resolution, x.created_at,
    x.resolved_at, m.display_name, p.name, p.emoji, d.unit, COALESCE(o.allocated, o.qty), o.pickup_day
FROM complaints x JOIN members m ON m.id = x.member_id JOIN orders o ON o.id = x.order_id
JOIN deals d ON d.id = o.deal_id JOIN products p ON p.id = o.product_id
",
            $tail
        )
    };
}

/// [`Store::open_complaints`]: `?1` group. Complaints not yet answered, oldest first.
pub const OPEN_COMPLAINTS: &str =
    complaint_line!("WHERE x.resolution IS NULL AND m.group_id = ?1 ORDER BY x.created_at, x.id");

/// [`Store::complaints_of_member`]: `?1` member. Hers, newest first.
pub const COMPLAINTS_OF_MEMBER: &str =
    complaint_line!("WHERE x.member_id = ?1 ORDER BY x.created_at DESC, x.id DESC");

/// [`Store::complaints_of_order`]: `?1` order. The order's history, oldest first.
pub const COMPLAINTS_OF_ORDER: &str =
    complaint_line!("WHERE x.order_id = ?1 ORDER BY x.created_at, x.id");

/// Every statement of this module with its name, for plan checks.
pub const ALL: [(&str, &str); 3] = [
    ("open_complaints", OPEN_COMPLAINTS),
    ("complaints_of_member", COMPLAINTS_OF_MEMBER),
    ("complaints_of_order", COMPLAINTS_OF_ORDER),
];

/// A complaint with what the screens say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintLine {
    pub complaint: Complaint,
    pub member_name: String,
    pub product_name: String,
    pub emoji: String,
    /// The deal's unit ("斤", "盒").
    pub unit: String,
    /// Units she got: allocated, or all ordered before the arrival was recorded.
    pub units: u32,
    pub pickup_day: NaiveDate,
    /// What the order was charged ([`ledger::charged`]).
    pub charged: Fen,
    /// The most a refund may still be: the charge less every refund of the order so far
    /// ([`ledger::net_charged`]).
    pub refundable: Fen,
}

/// Files a member's complaint about `order` (the rule: [`ledger::file_complaint`]) and
/// writes it. `note` may be empty.
pub fn file(
    c: &dyn Rows,
    member: MemberId,
    id: ComplaintId,
    order: OrderId,
    kind: ComplaintKind,
    note: &str,
    now: Timestamp,
) -> Result<Complaint> {
    let o = c.order(order)?.ok_or(StoreError::NotFound("order"))?;
    let x = ledger::file_complaint(id, member, &o, kind, note, now)?;
    c.put_complaint(&x)?;
    Ok(x)
}

/// The organiser's answer to complaint `id` as the rule gives it
/// ([`ledger::answer_complaint`]), with the refund's ledger line; nothing written.
pub fn decide_answer(
    c: &dyn Rows,
    id: ComplaintId,
    refund: Option<Fen>,
    note: &str,
    now: Timestamp,
) -> Result<(Complaint, Option<LedgerEntry>)> {
    let x = c.complaint(id)?.ok_or(StoreError::NotFound("complaint"))?;
    let o = c.order(x.order_id)?.ok_or(StoreError::NotFound("order"))?;
    let entries = c.ledger_of_order(o.id)?;
    Ok(ledger::answer_complaint(
        &x, &o, &entries, refund, note, now,
    )?)
}

/// Answers complaint `id` and writes the answer and its refund line (the authority's
/// write: the hub).
pub fn answer(
    c: &dyn Rows,
    id: ComplaintId,
    refund: Option<Fen>,
    note: &str,
    now: Timestamp,
) -> Result<(Complaint, Option<LedgerEntry>)> {
    let (x, e) = decide_answer(c, id, refund, note, now)?;
    c.put_complaint(&x)?;
    if let Some(e) = &e {
        c.put_ledger_entry(e)?;
    }
    Ok((x, e))
}

fn line(c: &Connection, r: &Row) -> rusqlite::Result<ComplaintLine> {
    let complaint = rows::complaint_row(r, 0)?;
    let entries = rows::ledger_of_order(c, complaint.order_id)?;
    Ok(ComplaintLine {
        charged: ledger::charged(complaint.order_id, &entries),
        refundable: ledger::net_charged(complaint.order_id, &entries).max(Fen::ZERO),
        member_name: r.get(8)?,
        product_name: r.get(9)?,
        emoji: r.get(10)?,
        unit: r.get(11)?,
        units: r.get(12)?,
        pickup_day: parse_day(r.get(13)?)?,
        complaint,
    })
}

fn lines(c: &Connection, sql: &str, key: impl rusqlite::ToSql) -> Result<Vec<ComplaintLine>> {
    let mut st = c.prepare_cached(sql)?;
    let out = st
        .query_map([key], |r| line(c, r))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

impl Store {
    /// A member complains about her own charged order: the complaint is written and
    /// [`Command::FileComplaint`] queued in one transaction. Refused here as at the hub: not
    /// her order, an order never charged, a note longer than [`MAX_TEXT`].
    pub fn file_complaint(
        &mut self,
        member: MemberId,
        order: OrderId,
        kind: ComplaintKind,
        note: &str,
        now: Timestamp,
    ) -> Result<Complaint> {
        self.immediate(|c| {
            let x = file(c, member, ComplaintId::new(), order, kind, note, now)?;
            let command = Command::FileComplaint {
                complaint_id: x.id,
                order_id: order,
                kind,
                note: x.text.clone(),
            };
            outbox::push(c, &command, now)?;
            Ok(x)
        })
    }

    /// The organiser answers a complaint (see [`ledger::answer_complaint`]): the answered
    /// complaint is written and [`Command::AnswerComplaint`] queued in one transaction. A
    /// refund's ledger line is the hub's to make (it names its own id) and arrives with the
    /// next pull; until then the answer shows the amount.
    pub fn answer_complaint(
        &mut self,
        id: ComplaintId,
        refund: Option<Fen>,
        note: &str,
        now: Timestamp,
    ) -> Result<Complaint> {
        self.immediate(|c| {
            let (x, _) = decide_answer(c, id, refund, note, now)?;
            c.put_complaint(&x)?;
            let command = Command::AnswerComplaint {
                complaint_id: id,
                refund,
                note: note.to_string(),
            };
            outbox::push(c, &command, now)?;
            Ok(x)
        })
    }

    /// The group's complaints not yet answered, oldest first, each with the member's
    /// name, the product, the units, the pickup day, the charge and what may be refunded.
    pub fn open_complaints(&self, group: GroupId) -> Result<Vec<ComplaintLine>> {
        lines(self.conn(), OPEN_COMPLAINTS, group)
    }

    /// A member's complaints, newest first.
    pub fn complaints_of_member(&self, member: MemberId) -> Result<Vec<ComplaintLine>> {
        lines(self.conn(), COMPLAINTS_OF_MEMBER, member)
    }

    /// An order's complaints, oldest first: its after-sales history.
    pub fn complaints_of_order(&self, order: OrderId) -> Result<Vec<ComplaintLine>> {
        lines(self.conn(), COMPLAINTS_OF_ORDER, order)
    }
}
