//! Typed identifiers. Every entity id is a UUID so any device can create one offline
//! (an order's id is generated on the member's computer and doubles as its command id).

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A neighbourhood group.
    GroupId,
    /// A person in a group.
    MemberId,
    /// Something the group buys repeatedly (tomatoes, eggs).
    ProductId,
    /// One offer of a product with a cutoff and pickup day.
    DealId,
    /// One member's order on one deal.
    OrderId,
    /// One line of a member's money ledger.
    LedgerEntryId,
    /// One stock movement.
    MovementId,
    /// An after-sales complaint.
    ComplaintId,
    /// An organiser's notice.
    NoticeId,
    /// An experience tip.
    TipId,
    /// An idea in the suggestion box.
    SuggestionId,
    /// A call for a volunteer's help.
    HelpRequestId,
);
