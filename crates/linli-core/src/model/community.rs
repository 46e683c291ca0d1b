//! Around the daily loop: after-sales, notices, tips, suggestions, help.

use super::{
    ComplaintId, DealId, GroupId, HelpRequestId, MemberId, NoticeId, OrderId, ProductId,
    SuggestionId, TipId,
};
use crate::money::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a complaint ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Resolution {
    /// Money returned to the member's ledger.
    Refunded { amount: Fen, note: String },
    /// Goods replaced at the next pickup.
    Replaced { note: String },
    /// Looked into; nothing owed, with the explanation given.
    Explained { note: String },
}

/// What was wrong with the goods, as the member chose it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintKind {
    /// 坏了
    Broken,
    /// 少了
    Missing,
    /// 不新鲜
    NotFresh,
    /// 其他
    #[default]
    Other,
}

impl ComplaintKind {
    pub const ALL: [ComplaintKind; 4] = [
        ComplaintKind::Broken,
        ComplaintKind::Missing,
        ComplaintKind::NotFresh,
        ComplaintKind::Other,
    ];
}

/// An after-sales complaint (售后) about an order. A member may file another about the
/// same order after an answer; an order's complaints, oldest first, are its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Complaint {
    pub id: ComplaintId,
    pub member_id: MemberId,
    pub order_id: OrderId,
    /// `Other` in complaints written before kinds existed.
    #[serde(default)]
    pub kind: ComplaintKind,
    /// The member's own words; may be empty.
    pub text: String,
    /// The organiser's answer, set once; `None` while open.
    pub resolution: Option<Resolution>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A message from the organiser to the whole group ("goods have arrived").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Notice {
    pub id: NoticeId,
    pub group_id: GroupId,
    pub author_id: MemberId,
    #[schema(schema_with = crate::text::schema::title)]
    pub title: String,
    #[schema(schema_with = crate::text::schema::note)]
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Experience written by a member for others (经验分享), read aloud in basic mode with
/// her name. Written by an expert (达人) or by the organiser for one; shown to the group
/// once the organiser approves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Tip {
    pub id: TipId,
    pub group_id: GroupId,
    /// Whose experience it is (credited everywhere it is shown).
    pub author_id: MemberId,
    /// The product it is about, if any: offered on that product's order screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<ProductId>,
    /// A short heading; may be empty.
    pub title: String,
    pub body: String,
    /// Approved by the organiser: shown to everyone. Until then only the author and the
    /// organiser see it.
    #[serde(default)]
    pub approved: bool,
    /// Once shown to everyone and then taken back (by the organiser, or erased when its
    /// author left): everyone's devices must hear it, to stop showing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    pub created_at: DateTime<Utc>,
}

/// What a suggestion is about, as the member chose it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionTopic {
    /// 取货时间
    PickupTime,
    /// 商品
    Products,
    /// 减少浪费
    LessWaste,
    /// 其他
    #[default]
    Other,
}

impl SuggestionTopic {
    pub const ALL: [SuggestionTopic; 4] = [
        SuggestionTopic::PickupTime,
        SuggestionTopic::Products,
        SuggestionTopic::LessWaste,
        SuggestionTopic::Other,
    ];
}

/// Where an idea from the suggestion box stands (意见采纳).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionState {
    /// Not answered yet.
    New,
    /// Adopted: shown and read to everyone with the author's name.
    Adopted,
    /// 会考虑: she will think about it.
    Considering,
    /// 暂时不做: not now.
    Declined,
}

/// An idea from a member; adopted ones are shown to everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub id: SuggestionId,
    pub group_id: GroupId,
    pub author_id: MemberId,
    #[serde(default)]
    pub topic: SuggestionTopic,
    pub body: String,
    pub state: SuggestionState,
    /// The organiser's answer, if any.
    pub response: Option<String>,
    /// The deal an adopted suggestion changed (its pickup time, a smaller quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<DealId>,
    pub created_at: DateTime<Utc>,
    /// When the organiser answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<Utc>>,
}

/// Where a help request stands (青银协作).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "state", content = "volunteer", rename_all = "snake_case")]
pub enum HelpState {
    Open,
    /// A volunteer said they will help.
    Claimed(MemberId),
    /// Helped.
    Done(MemberId),
}

/// What a member needs help with, as she chose it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// 不会用: the app itself.
    Unfamiliar,
    /// 下单: placing an order.
    Ordering,
    /// 取货: picking up.
    Pickup,
    /// 其他
    #[default]
    Other,
}

impl HelpKind {
    pub const ALL: [HelpKind; 4] = [
        HelpKind::Unfamiliar,
        HelpKind::Ordering,
        HelpKind::Pickup,
        HelpKind::Other,
    ];
}

/// A member asking a volunteer for help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HelpRequest {
    pub id: HelpRequestId,
    pub group_id: GroupId,
    pub member_id: MemberId,
    #[serde(default)]
    pub kind: HelpKind,
    /// Optional words from the member; may be empty.
    pub note: String,
    pub state: HelpState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
