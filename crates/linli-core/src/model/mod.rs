//! Domain types: plain data, serde-ready, no I/O. The rules in [`crate::rules`] act on them.

mod community;
mod deal;
mod ids;
mod ledger;
mod stock;

pub use community::*;
pub use deal::*;
pub use ids::*;
pub use ledger::*;
pub use stock::*;

use crate::money::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An instant, always UTC; screens convert to local time.
pub type Timestamp = DateTime<Utc>;

/// A neighbourhood group (one organiser, tens to hundreds of members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// What a member may do in the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Orders, reads notices, asks for help.
    Member,
    /// Runs the group: deals, arrivals, pickups, money.
    Organiser,
    /// Answers help requests.
    Volunteer,
}

/// A person in the group. Only a display name: no phone, address or health data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Member {
    pub id: MemberId,
    pub group_id: GroupId,
    pub display_name: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    /// Named by the organiser as experienced (达人): she may write tips for the group.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expert: bool,
    /// Chosen by the organiser as an elderly coordinator (老年协调员): she sees the open
    /// help requests and the suggestions, to follow up with neighbours she knows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub coordinator: bool,
    /// When she left the group; her name is then a neutral label
    /// ([`crate::rules::privacy::left_label`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
}

impl Member {
    /// A member as she joins: no strengths named yet, not left.
    pub fn new(
        id: MemberId,
        group_id: GroupId,
        display_name: impl Into<String>,
        role: Role,
        joined_at: Timestamp,
    ) -> Member {
        Member {
            id,
            group_id,
            display_name: display_name.into(),
            role,
            joined_at,
            expert: false,
            coordinator: false,
            left_at: None,
        }
    }

    /// Whether she sees help requests and suggestions that are not her own.
    pub fn follows_up(&self) -> bool {
        self.left_at.is_none()
            && (self.coordinator || matches!(self.role, Role::Organiser | Role::Volunteer))
    }
}

/// Something the group buys again and again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Product {
    pub id: ProductId,
    pub group_id: GroupId,
    #[schema(schema_with = crate::text::schema::product_name)]
    pub name: String,
    /// A picture in one character (🍅) shown beside the name in large cards.
    pub emoji: String,
    /// The unit it is sold in: 斤, 个, 盒, kg, bag.
    #[schema(schema_with = crate::text::schema::product_name)]
    pub unit: String,
    /// What one unit usually costs at the market (the organiser's own word), for the
    /// member's "saved" figure; `None` when she has not said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_price: Option<Fen>,
}

pub use crate::text::MAX_TEXT;

/// Highest shop price the hub accepts for one unit: ¥100,000.
pub const MAX_SHOP_PRICE: Fen = Fen(10_000_000);
