//! Goods in and out of the organiser's hands.

use super::{DealId, MovementId, ProductId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why goods were lost (损耗).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LossReason {
    Spoiled,
    Damaged,
    /// Not collected by the member.
    Unclaimed,
    Other,
}

/// What moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum MovementKind {
    /// Goods delivered by the supplier. `qty` > 0.
    Received,
    /// Handed to members at pickup. `qty` > 0.
    Sold,
    /// Lost, with why. `qty` > 0.
    Lost(LossReason),
    /// A correction after counting; `qty` may be negative.
    Adjusted,
}

/// One movement of one product's stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StockMovement {
    pub id: MovementId,
    pub product_id: ProductId,
    pub deal_id: Option<DealId>,
    pub kind: MovementKind,
    /// Units; positive except for a downward adjustment.
    pub qty: i64,
    pub note: String,
    pub at: DateTime<Utc>,
}
