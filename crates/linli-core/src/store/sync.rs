//! The device's side of syncing, on the store: who this device is at the hub, the pull
//! cursor, applying a pulled page (data and cursor in one transaction) and the hub's
//! answers to queued commands.

use super::codec::uuid_blob;
use super::{Result, Store, outbox, rows};
use crate::command::Command;
use crate::model::{DealId, GroupId, MemberId, OrderState, Role, Timestamp};
use crate::sync::protocol::{Change, Outcome, PullPage, Verdict};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who this device speaks for at which hub (kept in `sync_state`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The hub's base address, e.g. `http://192.168.1.20:7878`.
    pub hub: String,
    pub token: String,
    pub member_id: MemberId,
    pub group_id: GroupId,
    pub role: Role,
    /// The hub's certificate she confirmed against the invite sheet (a self-signed hub);
    /// `None` when the web PKI vouches for it, or over plain http on the local network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<crate::sync::tls::Fingerprint>,
}

impl Identity {
    /// The identity a join at `hub` gave.
    pub fn of(hub: &str, joined: crate::sync::protocol::Joined) -> Identity {
        Identity {
            hub: hub.trim_end_matches('/').to_string(),
            token: joined.token,
            member_id: joined.member_id,
            group_id: joined.group_id,
            role: joined.role,
            pin: None,
        }
    }
}

/// A queued command the hub has now answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub command: Command,
    pub verdict: Verdict,
}

const IDENTITY: &str = "identity";
pub(super) const CURSOR: &str = "cursor";
const LAST_SYNC: &str = "last_sync";
/// The orders entered for her by someone else that she has been told of (a JSON list of
/// order ids, newest last), so each is news once, also across restarts.
const TOLD_ENTERED: &str = "told_entered";
/// How many such order ids are remembered (older ones have long left her screens).
const TOLD_KEPT: usize = 500;

fn get(c: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    c.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

pub(super) fn set(c: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// The identity kept in this connection's store, if it joined a group.
pub(crate) fn identity_of(c: &Connection) -> Result<Option<Identity>> {
    get(c, IDENTITY)?
        .map(|json| serde_json::from_str(&json).map_err(|e| conversion(e).into()))
        .transpose()
}

/// Upserts one pulled change.
pub(super) fn apply(c: &Connection, change: &Change) -> rusqlite::Result<()> {
    match change {
        Change::Group(g) => rows::put_group(c, g),
        Change::Member(m) => rows::put_member(c, m),
        Change::Product(p) => rows::put_product(c, p),
        Change::Deal { deal, sold } => {
            rows::put_deal(c, deal)?;
            c.prepare_cached(
                "INSERT INTO deal_sold (deal_id, units) VALUES (?1, ?2)
                 ON CONFLICT(deal_id) DO UPDATE SET units = excluded.units",
            )?
            .execute(params![deal.id, sold])?;
            Ok(())
        }
        Change::Order {
            order,
            product_id,
            pickup_day,
        } => rows::put_order_of(c, order, *product_id, *pickup_day),
        Change::PickupCode(p) => rows::put_pickup_code(c, p),
        Change::Ledger(e) => rows::put_ledger_entry(c, e),
        Change::Movement(m) => rows::put_movement(c, m),
        Change::Notice(n) => rows::put_notice(c, n),
        Change::Tip(t) => rows::put_tip(c, t),
        Change::HelpRequest(h) => rows::put_help_request(c, h),
        Change::Suggestion(s) => rows::put_suggestion(c, s),
        Change::Complaint(x) => rows::put_complaint(c, x),
    }
}

impl Store {
    /// Queues any command for the hub (organiser and volunteer actions; orders go through
    /// [`Store::place_order`] and friends, which also write the order locally).
    pub fn enqueue(&mut self, command: &Command, now: Timestamp) -> Result<Uuid> {
        Ok(outbox::push(self.conn(), command, now)?)
    }

    /// The orders entered for her by someone else (代下单) she has already been told of.
    pub fn told_entered(&self) -> Result<Vec<crate::model::OrderId>> {
        Ok(match get(self.conn(), TOLD_ENTERED)? {
            Some(json) => serde_json::from_str(&json).map_err(conversion)?,
            None => Vec::new(),
        })
    }

    /// Remembers that she has been told of these orders (the last [`TOLD_KEPT`] are kept).
    pub fn set_told_entered(&mut self, told: &[crate::model::OrderId]) -> Result<()> {
        let mut all = self.told_entered()?;
        for id in told {
            if !all.contains(id) {
                all.push(*id);
            }
        }
        let keep = all.len().saturating_sub(TOLD_KEPT);
        let json = serde_json::to_string(&all[keep..]).map_err(conversion)?;
        set(self.conn(), TOLD_ENTERED, &json)?;
        Ok(())
    }

    /// The hub identity this device joined with, if any.
    pub fn identity(&self) -> Result<Option<Identity>> {
        identity_of(self.conn())
    }

    /// Saves the identity a join gave this device.
    pub fn set_identity(&mut self, id: &Identity) -> Result<()> {
        let json = serde_json::to_string(id).expect("identity serializes");
        Ok(set(self.conn(), IDENTITY, &json)?)
    }

    /// Where the next pull starts (0: from the beginning).
    pub fn cursor(&self) -> Result<i64> {
        Ok(get(self.conn(), CURSOR)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// When the device last finished a sync with the hub.
    pub fn last_sync(&self) -> Result<Option<Timestamp>> {
        Ok(get(self.conn(), LAST_SYNC)?.and_then(|v| v.parse().ok()))
    }

    /// Records a finished sync.
    pub fn set_last_sync(&mut self, at: Timestamp) -> Result<()> {
        Ok(set(self.conn(), LAST_SYNC, &at.to_rfc3339())?)
    }

    /// Applies a pulled page: every change and the new cursor commit together, so a crash
    /// mid-way re-pulls the page rather than skipping it. Foreign keys are not checked
    /// while applying: a change may name a thing whose own (newer) change comes later in
    /// the feed.
    pub fn apply_pull(&mut self, page: &PullPage) -> Result<()> {
        let c = self.conn_mut();
        c.pragma_update(None, "foreign_keys", "OFF")?;
        let result = (|| -> Result<()> {
            let tx = c.transaction()?;
            for change in &page.changes {
                apply(&tx, change)?;
            }
            set(&tx, CURSOR, &page.next.to_string())?;
            tx.commit()?;
            Ok(())
        })();
        c.pragma_update(None, "foreign_keys", "ON")?;
        result
    }

    /// Takes the hub's answers off the outbox. A rejected order is marked rejected with
    /// the reason, so the member sees it; a refused complaint is removed (the hub never
    /// had it); a rejected change or cancellation, or a refused answer to a complaint, is
    /// corrected by the hub's copy on the next pull. Answers to unknown ids (already
    /// answered) are ignored.
    pub fn apply_outcomes(
        &mut self,
        outcomes: &[Outcome],
        now: Timestamp,
    ) -> Result<Vec<Answered>> {
        let tx = self.conn_mut().transaction()?;
        let mut answered = Vec::new();
        for o in outcomes {
            let json: Option<String> = tx
                .prepare_cached("SELECT command FROM outbox WHERE command_id = ?1")?
                .query_row([uuid_blob(&o.id)], |r| r.get(0))
                .optional()?;
            let Some(json) = json else { continue };
            let command: Command = serde_json::from_str(&json).map_err(conversion)?;
            if let (Command::PlaceOrder { order_id, .. }, Verdict::Rejected { reason, .. }) =
                (&command, &o.verdict)
                && let Some(mut order) = rows::order(&tx, *order_id)?
            {
                let deal = rows::deal(&tx, order.deal_id)?;
                order.state = OrderState::Rejected(reason.as_order_reason());
                order.updated_at = now;
                if let Some(d) = deal {
                    rows::put_order(&tx, &order, &d)?;
                }
            }
            if let (Command::FileComplaint { complaint_id, .. }, Verdict::Rejected { .. }) =
                (&command, &o.verdict)
            {
                rows::delete_open_complaint(&tx, *complaint_id)?;
            }
            if matches!(o.verdict, Verdict::Rejected { .. }) {
                Store::forget_refused(&tx, &command)?;
            }
            tx.prepare_cached("DELETE FROM outbox WHERE command_id = ?1")?
                .execute([uuid_blob(&o.id)])?;
            answered.push(Answered {
                command,
                verdict: o.verdict.clone(),
            });
        }
        tx.commit()?;
        Ok(answered)
    }

    /// Units sold on a deal as last told by the hub.
    pub fn deal_sold(&self, deal: DealId) -> Result<Option<u32>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT units FROM deal_sold WHERE deal_id = ?1")?
            .query_row([deal], |r| r.get(0))
            .optional()?)
    }
}

fn conversion(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}
