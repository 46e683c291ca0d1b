//! Deals and orders.

use super::{DealId, GroupId, MemberId, OrderId, ProductId};
use crate::money::Fen;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a deal is in its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DealState {
    /// Taking orders until cutoff.
    Open,
    /// Cutoff passed and the minimum was reached: orders are confirmed and charged.
    Formed,
    /// Cutoff passed below the minimum: orders cancelled, nothing charged.
    Failed,
    /// Goods received; orders are ready for pickup.
    Arrived,
    /// The organiser called it off (before or after forming, not once goods arrived):
    /// every order cancelled with [`CancelReason::CalledOff`], every charge refunded.
    CalledOff,
}

/// One offer of a product: price, stock, minimum to form, limit, cutoff, pickup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deal {
    pub id: DealId,
    pub group_id: GroupId,
    pub product_id: ProductId,
    /// Price of one unit.
    pub price: Fen,
    /// Unit the price is for (copied from the product at publishing time).
    #[schema(schema_with = crate::text::schema::product_name)]
    pub unit: String,
    /// Units available to order in total.
    pub stock: u32,
    /// Units that must be ordered in total by cutoff for the deal to form (成团数量).
    pub min_total: u32,
    /// Most units one member may order on this deal.
    pub per_member_limit: u32,
    /// No orders, changes or cancellations from this instant (截单).
    pub cutoff: DateTime<Utc>,
    /// Day the goods are collected.
    pub pickup_day: NaiveDate,
    /// Where they are collected (自提点), e.g. "3号楼门口".
    #[schema(schema_with = crate::text::schema::place)]
    pub pickup_place: String,
    pub state: DealState,
    /// Units that actually arrived, once recorded.
    pub arrived_qty: Option<u32>,
    pub created_at: DateTime<Utc>,
}

/// Why an order was refused. Each has a message the app shows and speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Not enough stock left for the quantity asked.
    SoldOut,
    /// The cutoff has passed.
    TooLate,
    /// The member's total on this deal would pass the per-member limit.
    OverLimit,
    /// The deal no longer takes orders (formed, failed or arrived).
    DealClosed,
    /// Quantity zero, or otherwise impossible.
    InvalidQuantity,
    /// The member's role may not do this.
    NotAllowed,
}

/// Why an order was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The member cancelled before cutoff.
    ByMember,
    /// The deal did not reach its minimum by cutoff.
    DealFailed,
    /// Nothing of this order arrived.
    Shortage,
    /// The organiser called the deal off; anything charged was refunded in full.
    CalledOff,
}

/// Where an order is. Rejections and cancellations carry their reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum OrderState {
    /// Waiting for cutoff; may still be changed or cancelled.
    Placed,
    /// The hub refused it.
    Rejected(RejectReason),
    /// Cancelled, with why.
    Cancelled(CancelReason),
    /// The deal formed; the member was charged.
    Confirmed,
    /// Goods arrived; `allocated` units wait at the pickup place.
    Ready,
    /// Collected with the pickup code.
    PickedUp,
    /// Not collected by the end of the pickup day.
    Unclaimed,
}

impl OrderState {
    /// Counts toward stock and limits (placed, or any state after the deal formed).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Self::Placed | Self::Confirmed | Self::Ready | Self::PickedUp | Self::Unclaimed
        )
    }
}

/// One member's order on one deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Order {
    /// Generated on the member's device; also the id of the command that placed it.
    pub id: OrderId,
    pub deal_id: DealId,
    pub member_id: MemberId,
    /// Units ordered.
    pub qty: u32,
    /// Units the member receives: `qty` once the deal forms, fewer after a shortage.
    pub allocated: Option<u32>,
    /// Price per unit the member agreed to.
    pub unit_price: Fen,
    pub state: OrderState,
    /// When it joined the line; first ordered, first served on a shortage.
    pub queued_at: DateTime<Utc>,
    pub placed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who last placed, changed or cancelled it for her (the organiser taking a phone
    /// order, a volunteer with her claimed help request); `None` when she did it herself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<MemberId>,
}

impl Order {
    /// What the member pays for what they receive.
    pub fn amount(&self) -> Fen {
        self.unit_price * self.allocated.unwrap_or(self.qty)
    }
}

/// A member's pickup code for one pickup day (取货码).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PickupCode {
    pub group_id: GroupId,
    pub member_id: MemberId,
    pub pickup_day: NaiveDate,
    /// Six digits, e.g. "402719".
    pub code: String,
}
