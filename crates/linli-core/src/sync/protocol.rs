//! The JSON the hub and devices exchange under `/v1`, and who may see which change.

use crate::command::Envelope;
use crate::model::{
    Complaint, Deal, DealId, Group, GroupId, HelpRequest, LedgerEntry, Member, MemberId, Notice,
    Order, PickupCode, Product, ProductId, RejectReason, Role, StockMovement, Suggestion,
    SuggestionState, Tip,
};
use crate::rules::ledger::MoneyError;
use crate::rules::neighbours::NeighbourError;
use crate::rules::publish::PublishError;
use crate::store::StoreError;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most commands one push may carry.
pub const MAX_COMMANDS_PER_PUSH: usize = 200;
/// Most changes one pull returns.
pub const MAX_PULL: u32 = 1000;

/// `POST /v1/join`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub invite_code: String,
    #[schema(schema_with = crate::text::schema::display_name)]
    pub display_name: String,
}

/// The answer to a join: who this device now speaks for, and its bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Joined {
    pub member_id: MemberId,
    pub group_id: GroupId,
    pub role: Role,
    pub token: String,
}

/// A one-time link code for a neighbour (`POST /v1/members/{id}/link-code`): joining with
/// it as an invite code joins as her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkCode {
    pub code: String,
}

/// `POST /v1/push`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    #[schema(schema_with = commands_schema)]
    pub commands: Vec<Envelope>,
}

/// At most [`MAX_COMMANDS_PER_PUSH`] commands.
fn commands_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(utoipa::openapi::Ref::from_schema_name(
            <Envelope as utoipa::ToSchema>::name(),
        ))
        .max_items(Some(MAX_COMMANDS_PER_PUSH))
        .build()
}

/// One outcome per pushed command, in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PushResponse {
    pub outcomes: Vec<Outcome>,
}

/// What the hub did with one command. A retry of the same id gets the same outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Outcome {
    pub id: Uuid,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Applied, or rejected with a reason the app shows and speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    Applied,
    Rejected { reason: Reason, message_id: String },
}

impl Verdict {
    /// A rejection for `reason`, with its Fluent message id.
    pub fn rejected(reason: Reason) -> Verdict {
        Verdict::Rejected {
            reason,
            message_id: reason.message_id().to_string(),
        }
    }
}

/// Why the hub refused a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    SoldOut,
    TooLate,
    OverLimit,
    DealClosed,
    InvalidQuantity,
    NotAllowed,
    NotFound,
    WrongCode,
    Invalid,
    /// Members have ordered: a deal's agreed terms (price, unit, minimum, limit, pickup)
    /// can no longer change.
    TermsFixed,
    /// A complaint's refund is more than is left of what the order was charged.
    RefundTooLarge,
    /// Only an expert named by the organiser (or she for one) writes tips.
    NotAnExpert,
    /// Words that are empty where needed, too long, or hold a control character
    /// ([`crate::text`]).
    BadText,
}

impl Reason {
    /// Every reason, for the locale check.
    pub const ALL: [Reason; 13] = [
        Reason::SoldOut,
        Reason::TooLate,
        Reason::OverLimit,
        Reason::DealClosed,
        Reason::InvalidQuantity,
        Reason::NotAllowed,
        Reason::NotFound,
        Reason::WrongCode,
        Reason::Invalid,
        Reason::TermsFixed,
        Reason::RefundTooLarge,
        Reason::NotAnExpert,
        Reason::BadText,
    ];

    /// The Fluent message (in `locales/*/outcomes.ftl`) that says this to the member.
    pub fn message_id(self) -> &'static str {
        match self {
            Reason::SoldOut => "reject-sold-out",
            Reason::TooLate => "reject-too-late",
            Reason::OverLimit => "reject-over-limit",
            Reason::DealClosed => "reject-deal-closed",
            Reason::InvalidQuantity => "reject-invalid-quantity",
            Reason::NotAllowed => "reject-not-allowed",
            Reason::NotFound => "reject-not-found",
            Reason::WrongCode => "reject-wrong-code",
            Reason::Invalid => "reject-invalid",
            Reason::TermsFixed => "reject-terms-fixed",
            Reason::RefundTooLarge => "reject-refund-too-large",
            Reason::NotAnExpert => "reject-not-an-expert",
            Reason::BadText => "reject-bad-text",
        }
    }

    /// The order-state reason a rejected order keeps on the device, if it is one.
    pub fn as_order_reason(self) -> RejectReason {
        match self {
            Reason::SoldOut => RejectReason::SoldOut,
            Reason::TooLate => RejectReason::TooLate,
            Reason::OverLimit => RejectReason::OverLimit,
            Reason::DealClosed => RejectReason::DealClosed,
            Reason::InvalidQuantity => RejectReason::InvalidQuantity,
            _ => RejectReason::NotAllowed,
        }
    }

    /// The reason for a store refusal; `None` for faults that are not the sender's
    /// (a database error), which must not be recorded as the command's outcome.
    pub fn of(e: &StoreError) -> Option<Reason> {
        Some(match e {
            StoreError::Rejected(r) => Reason::from(*r),
            StoreError::NotFound(_) => Reason::NotFound,
            StoreError::Code(_) => Reason::WrongCode,
            StoreError::Close(_) => Reason::DealClosed,
            StoreError::Money(m) => match m {
                MoneyError::MoreThanCharged { .. } => Reason::RefundTooLarge,
                MoneyError::NotTheirs | MoneyError::NotCharged | MoneyError::AlreadyResolved => {
                    Reason::NotAllowed
                }
                MoneyError::Text(_) => Reason::BadText,
                MoneyError::NotPositive | MoneyError::WrongOrder | MoneyError::NoReply => {
                    Reason::Invalid
                }
            },
            StoreError::Arrival(_) => Reason::Invalid,
            StoreError::Publish(p) => match p {
                PublishError::Closed => Reason::DealClosed,
                PublishError::Invalid | PublishError::BelowTaken => Reason::InvalidQuantity,
                PublishError::CutoffPassed => Reason::TooLate,
                PublishError::TermsFixed => Reason::TermsFixed,
                PublishError::ShopPrice => Reason::Invalid,
            },
            StoreError::CallOff(_) => Reason::DealClosed,
            StoreError::Text(_) => Reason::BadText,
            StoreError::Neighbours(n) => match n {
                NeighbourError::NotAnExpert => Reason::NotAnExpert,
                NeighbourError::BadText => Reason::BadText,
                NeighbourError::NotAllowed => Reason::NotAllowed,
            },
            _ => return None,
        })
    }
}

impl From<RejectReason> for Reason {
    fn from(r: RejectReason) -> Reason {
        match r {
            RejectReason::SoldOut => Reason::SoldOut,
            RejectReason::TooLate => Reason::TooLate,
            RejectReason::OverLimit => Reason::OverLimit,
            RejectReason::DealClosed => Reason::DealClosed,
            RejectReason::InvalidQuantity => Reason::InvalidQuantity,
            RejectReason::NotAllowed => Reason::NotAllowed,
        }
    }
}

/// `GET /v1/pull` answer: changes after the cursor, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// The cursor to send next time.
    pub next: i64,
    /// More changes wait beyond this page.
    pub more: bool,
}

/// The latest state of one thing in the group. Devices upsert it; a later change of the
/// same thing replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Change {
    Group(Group),
    Member(Member),
    Product(Product),
    /// A deal and the units sold on it so far (for "how many left").
    Deal {
        deal: Deal,
        sold: u32,
    },
    /// An order, with its deal's product and pickup day (it may arrive before its deal).
    Order {
        order: Order,
        product_id: ProductId,
        pickup_day: NaiveDate,
    },
    PickupCode(PickupCode),
    Ledger(LedgerEntry),
    Movement(StockMovement),
    Notice(Notice),
    Tip(Tip),
    HelpRequest(HelpRequest),
    /// A suggestion: the author's, the organiser's and the coordinators' while not
    /// adopted; everyone's once adopted.
    Suggestion(Suggestion),
    /// A complaint, open or answered (the answer's refund comes as its own `Ledger`).
    Complaint(Complaint),
}

/// Who may see a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone in the group.
    All,
    /// That member (and the organiser).
    Member(MemberId),
    /// That member, the volunteers, the coordinators and the organiser.
    Helpers(MemberId),
    /// That member, the coordinators and the organiser.
    Coordinators(MemberId),
    /// The organiser only.
    Organiser,
}

impl Change {
    /// Who may see this change: a member sees the group's public data and only their own
    /// orders, ledger, pickup codes and help requests.
    pub fn audience(&self) -> Audience {
        match self {
            Change::Group(_)
            | Change::Member(_)
            | Change::Product(_)
            | Change::Deal { .. }
            | Change::Notice(_) => Audience::All,
            Change::Tip(t) if t.approved || t.withdrawn => Audience::All,
            Change::Tip(t) => Audience::Member(t.author_id),
            Change::Suggestion(s) if s.state == SuggestionState::Adopted => Audience::All,
            Change::Suggestion(s) => Audience::Coordinators(s.author_id),
            Change::Order { order, .. } => Audience::Member(order.member_id),
            Change::PickupCode(p) => Audience::Member(p.member_id),
            Change::Ledger(e) => Audience::Member(e.member_id),
            Change::Complaint(x) => Audience::Member(x.member_id),
            Change::HelpRequest(h) => Audience::Helpers(h.member_id),
            Change::Movement(_) => Audience::Organiser,
        }
    }

    /// A key naming the thing changed; a newer change with the same key supersedes it.
    pub fn entity(&self) -> String {
        match self {
            Change::Group(g) => format!("group:{}", g.id),
            Change::Member(m) => format!("member:{}", m.id),
            Change::Product(p) => format!("product:{}", p.id),
            Change::Deal { deal, .. } => format!("deal:{}", deal.id),
            Change::Order { order, .. } => format!("order:{}", order.id),
            Change::PickupCode(p) => {
                format!("code:{}:{}:{}", p.group_id, p.member_id, p.pickup_day)
            }
            Change::Ledger(e) => format!("ledger:{}", e.id),
            Change::Movement(m) => format!("movement:{}", m.id),
            Change::Notice(n) => format!("notice:{}", n.id),
            Change::Tip(t) => format!("tip:{}", t.id),
            Change::HelpRequest(h) => format!("help:{}", h.id),
            Change::Suggestion(s) => format!("suggestion:{}", s.id),
            Change::Complaint(x) => format!("complaint:{}", x.id),
        }
    }
}

/// The deal whose sold count a change affects, if any.
pub fn deal_of(change: &Change) -> Option<DealId> {
    match change {
        Change::Order { order, .. } => Some(order.deal_id),
        _ => None,
    }
}

/// One device joined to the group, as `GET /v1/devices` lists it (the organiser only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeviceInfo {
    /// The device's public id (not its token), for `POST /v1/devices/{device_id}/revoke`.
    pub device_id: Uuid,
    pub member_id: MemberId,
    pub display_name: String,
    pub role: Role,
    /// When this device joined.
    pub joined_at: DateTime<Utc>,
    /// When it was last heard from (to the hour); `None` if never since this was recorded.
    pub last_seen_at: Option<DateTime<Utc>>,
    /// Whether this is the device that asked (it can't revoke itself).
    #[serde(default)]
    pub this_device: bool,
}

/// A JSON error body: a stable code and words saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason's message exists in both locales, so the app can always say it.
    #[test]
    fn every_reason_has_a_message_in_both_locales() {
        for locale in ["zh-CN", "en-US"] {
            let path = format!(
                "{}/../../locales/{locale}/outcomes.ftl",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap();
            for r in Reason::ALL {
                let id = r.message_id();
                assert!(
                    text.lines().any(|l| l.starts_with(&format!("{id} ="))),
                    "{path} lacks {id}"
                );
            }
        }
    }

    #[test]
    fn outcomes_read_as_the_api_documents() {
        let o = Outcome {
            id: Uuid::nil(),
            verdict: Verdict::rejected(Reason::SoldOut),
        };
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["outcome"], "rejected");
        assert_eq!(v["reason"], "sold_out");
        assert_eq!(v["message_id"], "reject-sold-out");
        assert_eq!(serde_json::from_value::<Outcome>(v).unwrap(), o);
    }
}
