//! Around the daily loop: after-sales, notices, tips, suggestions, help.

use super::{
    ComplaintId, GroupId, HelpRequestId, MemberId, NoticeId, OrderId, SuggestionId, Timestamp,
    TipId,
};
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// How a complaint ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
}

/// A message from the organiser to the whole group ("goods have arrived").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: NoticeId,
    pub group_id: GroupId,
    pub author_id: MemberId,
    pub title: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// Experience written by a member for others (经验分享), read aloud in basic mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tip {
    pub id: TipId,
    pub group_id: GroupId,
    pub author_id: MemberId,
    pub title: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// Where an idea from the suggestion box stands (意见采纳).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionState {
    New,
    Adopted,
    Declined,
}

/// An idea from a member; adopted ones are shown to everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: SuggestionId,
    pub group_id: GroupId,
    pub author_id: MemberId,
    pub body: String,
    pub state: SuggestionState,
    /// The organiser's answer, if any.
    pub response: Option<String>,
    pub created_at: Timestamp,
}

/// Where a help request stands (青银协作).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", content = "volunteer", rename_all = "snake_case")]
pub enum HelpState {
    Open,
    /// A volunteer said they will help.
    Claimed(MemberId),
    /// Helped.
    Done(MemberId),
}

/// A member asking a volunteer for help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRequest {
    pub id: HelpRequestId,
    pub group_id: GroupId,
    pub member_id: MemberId,
    /// Optional words from the member; may be empty.
    pub note: String,
    pub state: HelpState,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
