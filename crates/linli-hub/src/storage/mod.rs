//! Where the hub keeps the group. The HTTP layer speaks only to [`HubStorage`]; the
//! default implementation is one SQLite file ([`sqlite::SqliteHub`]); past one machine,
//! several hub processes share one PostgreSQL database ([`postgres::PostgresHub`]);
//! [`crate::open_store`] picks one by its address. What the hub decides is written once, in
//! [`commands`], for both.

pub mod commands;
pub mod feed;
pub mod group_commit;
pub mod postgres;
pub mod sqlite;

use linli_core::command::Envelope;
use linli_core::model::{GroupId, MemberId, Role, Timestamp};
use linli_core::store::StoreError;
use linli_core::sync::protocol::{Audience, Change};
use linli_core::sync::protocol::{DeviceInfo, Joined, Outcome, PullPage};
use serde::Serialize;
use std::net::IpAddr;
use thiserror::Error;

/// Who is calling, as their device token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub member_id: MemberId,
    pub group_id: GroupId,
    pub role: Role,
}

/// A new group's invite codes, printed by `linli-hub group create`.
#[derive(Debug, Clone, Serialize)]
pub struct Invites {
    pub group_id: GroupId,
    /// Joins as the organiser named at creation.
    pub organiser_invite: String,
    /// Each join makes a new member.
    pub member_invite: String,
    /// Each join makes a new volunteer.
    pub volunteer_invite: String,
}

/// The answer to one command, and whether it was a retry of one already answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub outcome: Outcome,
    pub duplicate: bool,
}

#[derive(Debug, Error)]
pub enum HubError {
    #[error("that invite code is not valid")]
    BadInvite,
    #[error("{0}")]
    BadInput(String),
    #[error("no device with that id in this group")]
    NoSuchDevice,
    #[error("no member with that id in this group")]
    NoSuchMember,
    #[error("this is the device you are using; revoke it from another device")]
    OwnDevice,
    #[error("the organiser can't leave the group she runs")]
    OrganiserStays,
    #[error("the organiser joins with her own invite, not a link code")]
    OrganisersInvite,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The transaction a command shared with others could not be committed: nothing of it
    /// was applied (the cause, in the storage's words).
    #[error("the command could not be saved: {0}")]
    NotSaved(String),
    /// The hub can't reach its database just now (the network to it is down, it is
    /// restarting): nothing was done; the device tries again shortly.
    #[error("the hub can't reach its database just now: {0}")]
    Unavailable(String),
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        HubError::Store(e.into())
    }
}

/// Everything the hub stores and decides. Each method is one transaction; the hub's clock
/// (`now`) is the only clock that counts.
pub trait HubStorage: Send + Sync + 'static {
    /// Creates a group with its organiser and returns the invite codes.
    fn create_group(
        &self,
        name: &str,
        organiser: &str,
        now: Timestamp,
    ) -> Result<Invites, HubError>;
    /// Creates a group that already has a past (a generated [`linli_core::demo::Dataset`])
    /// in one transaction, published to its feed ([`commands::import_group`]).
    fn import_group(
        &self,
        data: &linli_core::demo::Dataset,
        now: Timestamp,
    ) -> Result<Invites, HubError>;
    /// Joins with an invite code: a member (or the organiser) and a new device token.
    fn join(&self, invite: &str, display_name: &str, now: Timestamp) -> Result<Joined, HubError>;
    /// Who a device token speaks for; `None` for an unknown (or revoked) token. Notes that
    /// the device was seen at `now`, writing it at most once an hour per device.
    fn actor(&self, token: &str, now: Timestamp) -> Result<Option<Actor>, HubError>;
    /// The devices joined to `actor`'s group, by member name, then when they joined; the
    /// one holding `actor_token` is marked [`DeviceInfo::this_device`].
    fn devices(&self, actor: &Actor, actor_token: &str) -> Result<Vec<DeviceInfo>, HubError>;
    /// Revokes a device of `actor`'s group: its token stops working at once.
    /// [`HubError::NoSuchDevice`] for an id not in the group, [`HubError::OwnDevice`] for
    /// the device holding `actor_token` (she must not lock herself out).
    fn revoke_device(
        &self,
        actor: &Actor,
        actor_token: &str,
        device_id: uuid::Uuid,
    ) -> Result<(), HubError>;
    /// Checks and applies one command in one transaction, or returns its first outcome
    /// if its id was seen before.
    /// `actor` leaves the group and her words are erased
    /// ([`linli_core::store::community::leave`]): her name becomes a neutral label, her
    /// notes, help requests' notes, suggestions' and tips' words are emptied everywhere
    /// (the feed's copies are replaced), and every device of hers stops working at once.
    /// Her orders, pickup codes and ledger lines stay for the books.
    /// [`HubError::OrganiserStays`] for the organiser.
    fn leave(&self, actor: &Actor, now: Timestamp) -> Result<(), HubError>;
    /// A new one-time link code for `member` of the organiser `actor`'s group
    /// ([`commands::link_code`]).
    fn link_code(
        &self,
        actor: &Actor,
        member: MemberId,
        now: Timestamp,
    ) -> Result<String, HubError>;
    fn apply(&self, actor: &Actor, command: &Envelope, now: Timestamp)
    -> Result<Applied, HubError>;
    /// The changes `actor` may see after `since`, oldest first.
    fn pull(&self, actor: &Actor, since: i64, limit: u32) -> Result<PullPage, HubError>;
    /// Closes every deal whose cutoff has passed (forms or fails it, issues pickup codes).
    /// Returns how many closed.
    fn close_due(&self, now: Timestamp) -> Result<usize, HubError>;
    /// The newest change number of all groups (to wake waiting pulls).
    fn head(&self) -> Result<i64, HubError>;
    /// How many transactions have applied commands since this hub opened (fewer than the
    /// commands when they arrived together: group commit).
    fn command_transactions(&self) -> u64;
    /// Statements this hub has sent to its database server since it opened (each one round
    /// trip), for a store that has a server; `None` for SQLite.
    fn round_trips(&self) -> Option<u64> {
        None
    }
    /// Whether `ip` may try another invite code now: too many wrong codes from one address
    /// ([`crate::limits`]) lock it out for a while, across every hub process.
    fn may_try_join(&self, ip: IpAddr, now: Timestamp) -> Result<bool, HubError>;
    /// Records a wrong invite code from `ip`.
    fn failed_join(&self, ip: IpAddr, now: Timestamp) -> Result<(), HubError>;
    /// News written by other hub processes: the feed's head as it moves. `None` when this
    /// process is the only writer (then [`HubStorage::head`] after its own writes suffices).
    fn news(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        None
    }
}

/// Once a device was seen, its `last_seen_at` is written again only after this long.
pub(crate) const SEEN_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// How a change's audience is kept in the feed: its name and the member it names.
pub(crate) fn audience(change: &Change) -> (&'static str, Option<MemberId>) {
    match change.audience() {
        Audience::All => ("all", None),
        Audience::Member(m) => ("member", Some(m)),
        Audience::Helpers(m) => ("helpers", Some(m)),
        Audience::Coordinators(m) => ("coordinators", Some(m)),
        Audience::Organiser => ("organiser", None),
    }
}

/// A role's name as kept with invites.
pub(crate) fn role_name(role: Role) -> String {
    serde_json::to_value(role)
        .expect("roles serialize")
        .as_str()
        .expect("roles are names")
        .to_string()
}

/// A role from its kept name; an unknown name is a plain member.
pub(crate) fn role_of(name: String) -> Role {
    serde_json::from_value(name.into()).unwrap_or(Role::Member)
}
