//! [`Rows`]: the reads and writes the rules' connection-level functions ([`super::orders`],
//! [`super::day`], [`super::community`], [`super::complaints`]) and the hub need, one
//! method per named query. SQLite's [`Connection`] (and anything holding one, [`OnSqlite`])
//! implements it with [`super::rows`]; the hub's PostgreSQL store implements it with the
//! same meaning, so the order in which rules run and rows are written lives in one place for
//! both.

use super::{Result, rows};
use crate::model::*;
use crate::rules::orders::Tally;
use chrono::NaiveDate;
use rusqlite::Connection;

/// Something that reads and writes through an SQLite connection it holds (a connection
/// holds itself): it has [`Rows`].
pub trait OnSqlite {
    fn sqlite(&self) -> &Connection;
}

impl OnSqlite for Connection {
    fn sqlite(&self) -> &Connection {
        self
    }
}

/// Declares [`Rows`] and implements it for every [`OnSqlite`] by calling the [`rows`]
/// function of the same name.
macro_rules! rows_trait {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty; )*) => {
        /// Named reads and writes of the domain's records (see the module's doc). Writes
        /// are upserts: a record with a known id replaces the stored one.
        pub trait Rows {
            $( $(#[$doc])* fn $name(&self $(, $arg: $ty)*) -> Result<$ret>; )*
        }

        impl<T: OnSqlite + ?Sized> Rows for T {
            $( fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                Ok(rows::$name(self.sqlite() $(, $arg)*)?)
            } )*
        }
    };
}

rows_trait! {
    fn group(&self, id: GroupId) -> Option<Group>;
    fn put_group(&self, g: &Group) -> ();
    fn member(&self, id: MemberId) -> Option<Member>;
    fn put_member(&self, m: &Member) -> ();
    fn product(&self, id: ProductId) -> Option<Product>;
    fn put_product(&self, p: &Product) -> ();
    /// A deal. In a hub's write transaction on a store with concurrent writers the deal
    /// stays locked until commit: what is sold on it is decided by one writer at a time.
    fn deal(&self, id: DealId) -> Option<Deal>;
    fn put_deal(&self, d: &Deal) -> ();
    /// Open deals of a group whose cutoff has passed.
    fn deals_due(&self, g: GroupId, now: Timestamp) -> Vec<Deal>;
    fn order(&self, id: OrderId) -> Option<Order>;
    /// Writes an order; `d` is its deal (for the product and pickup day kept with it).
    fn put_order(&self, o: &Order, d: &Deal) -> ();
    /// Every order of a deal in line order (first placed first).
    fn orders_of_deal(&self, d: DealId) -> Vec<Order>;
    /// A member's orders ready to collect on a pickup day, oldest first.
    fn ready_orders(&self, m: MemberId, pickup_day: NaiveDate) -> Vec<Order>;
    /// Active units on a deal, in total and of one member, leaving out order `except`.
    fn tally(&self, d: DealId, m: MemberId, except: Option<OrderId>) -> Tally;
    /// Units sold on a deal as the hub publishes them (allocated once arrived, else ordered).
    fn sold(&self, d: DealId) -> u32;
    /// Every pickup code of a group for one day.
    fn pickup_codes(&self, g: GroupId, d: NaiveDate) -> Vec<PickupCode>;
    fn put_pickup_code(&self, p: &PickupCode) -> ();
    fn put_ledger_entry(&self, e: &LedgerEntry) -> ();
    fn ledger_of_order(&self, o: OrderId) -> Vec<LedgerEntry>;
    fn put_movement(&self, m: &StockMovement) -> ();
    fn movements_of_product(&self, p: ProductId) -> Vec<StockMovement>;
    fn complaint(&self, id: ComplaintId) -> Option<Complaint>;
    /// A member's complaints, oldest first.
    fn complaints_by(&self, m: MemberId) -> Vec<Complaint>;
    fn put_complaint(&self, x: &Complaint) -> ();
    fn put_notice(&self, n: &Notice) -> ();
    fn tip(&self, id: TipId) -> Option<Tip>;
    fn tips_by(&self, author: MemberId) -> Vec<Tip>;
    fn put_tip(&self, t: &Tip) -> ();
    fn suggestion(&self, id: SuggestionId) -> Option<Suggestion>;
    /// A group's suggestions, newest first, at most `limit`.
    fn suggestions(&self, g: GroupId, limit: u32) -> Vec<Suggestion>;
    fn suggestions_by(&self, author: MemberId) -> Vec<Suggestion>;
    fn put_suggestion(&self, s: &Suggestion) -> ();
    fn help_request(&self, id: HelpRequestId) -> Option<HelpRequest>;
    /// Help requests of a group in one state (`open`, `claimed`, `done`), oldest first.
    fn help_requests(&self, g: GroupId, state: &str) -> Vec<HelpRequest>;
    /// A member's help requests, newest first.
    fn help_requests_of(&self, m: MemberId) -> Vec<HelpRequest>;
    fn put_help_request(&self, h: &HelpRequest) -> ();
}
