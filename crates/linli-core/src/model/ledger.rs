//! A member's money: payments in, charges out, refunds back. The balance is the sum.

use super::{ComplaintId, LedgerEntryId, MemberId, OrderId};
use crate::money::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why money was returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The deal did not form.
    DealFailed,
    /// The organiser called the deal off after it had been charged.
    CalledOff,
    /// Fewer goods arrived than were ordered.
    Shortage,
    /// An after-sales complaint was resolved with a refund.
    Complaint,
}

/// What a ledger line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum LedgerKind {
    /// Cash or transfer handed to the organiser (recorded by the organiser). Positive.
    Payment,
    /// The cost of an order when its deal forms. Negative.
    Charge,
    /// Money given back. Positive.
    Refund(RefundReason),
}

/// How a member paid the organiser.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash in hand (the default: what most neighbours do).
    #[default]
    Cash,
    /// A bank or phone transfer.
    Transfer,
}

/// One line of a member's ledger. `amount` is signed: positive is money to the member's
/// credit, negative money they owe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    pub member_id: MemberId,
    pub kind: LedgerKind,
    pub amount: Fen,
    pub order_id: Option<OrderId>,
    pub complaint_id: Option<ComplaintId>,
    pub at: DateTime<Utc>,
    /// How a payment was made; `None` on charges and refunds (and on payments recorded
    /// before the way was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PaymentMethod>,
}
