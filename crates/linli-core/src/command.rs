//! Commands a device sends to the hub. Each is stored in the local outbox with its own
//! UUID until the hub has answered it, so a retry is never applied twice. Who may send
//! which command is [`Command::allowed`].

use crate::model::{
    ComplaintId, ComplaintKind, Deal, DealId, HelpKind, HelpRequestId, MemberId, Notice, OrderId,
    PaymentMethod, Product, ProductId, Role, StockMovement, SuggestionId, SuggestionState,
    SuggestionTopic, TipId,
};
use crate::money::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use uuid::Uuid;

/// One thing a member, volunteer or organiser asked for while possibly offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    // Anyone in the group (for someone else: see `member_id`).
    PlaceOrder {
        order_id: OrderId,
        deal_id: DealId,
        qty: u32,
        /// Ordering for a neighbour (代下单): the organiser for anyone, a volunteer for the
        /// member whose help request she has claimed and not yet finished
        /// ([`crate::rules::orders::may_enter_for`]). Absent: for the sender herself.
        /// A change or cancellation names no member: the order says whose it is.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member_id: Option<MemberId>,
    },
    ChangeOrder {
        order_id: OrderId,
        qty: u32,
    },
    CancelOrder {
        order_id: OrderId,
    },
    AskHelp {
        request_id: HelpRequestId,
        #[schema(schema_with = crate::text::schema::note)]
        note: String,
        /// What she needs help with (other when absent).
        #[serde(default)]
        kind: HelpKind,
    },
    /// An idea for the suggestion box (意见采纳).
    Suggest {
        suggestion_id: SuggestionId,
        topic: SuggestionTopic,
        #[schema(schema_with = crate::text::schema::words)]
        body: String,
    },
    /// A tip (经验分享), by an expert for herself or by the organiser for an expert named
    /// in `author_id` ([`crate::rules::neighbours::write_tip`]); the hub keeps the id.
    WriteTip {
        tip_id: TipId,
        #[serde(default)]
        author_id: Option<MemberId>,
        #[serde(default)]
        product_id: Option<ProductId>,
        #[serde(default)]
        #[schema(schema_with = crate::text::schema::heading)]
        title: String,
        #[schema(schema_with = crate::text::schema::words)]
        body: String,
    },
    /// A complaint about one's own charged order (售后); `note` may be empty.
    FileComplaint {
        complaint_id: ComplaintId,
        order_id: OrderId,
        kind: ComplaintKind,
        #[schema(schema_with = crate::text::schema::note)]
        note: String,
    },
    // Volunteers and the organiser.
    ClaimHelp {
        request_id: HelpRequestId,
    },
    FinishHelp {
        request_id: HelpRequestId,
    },
    // The organiser only.
    /// Adds a neighbour who has no computer (by name only); she orders through the
    /// organiser or a volunteer and may later join with a link code of her own.
    AddNeighbour {
        member_id: MemberId,
        #[schema(schema_with = crate::text::schema::display_name)]
        name: String,
    },
    PutProduct {
        product: Product,
    },
    PublishDeal {
        deal: Deal,
    },
    /// Closes an open deal now, before its cutoff, by the cutoff rule: it forms (orders
    /// confirmed and charged, pickup codes issued) or fails (orders cancelled).
    CloseDeal {
        deal_id: DealId,
    },
    /// Calls off an open or formed deal: every active order cancelled, every charge
    /// refunded in full. `reason` is the organiser's words (posted to members as a notice
    /// by her app; the hub checks it is 1 to 2000 characters).
    CallOffDeal {
        deal_id: DealId,
        #[schema(schema_with = crate::text::schema::words)]
        reason: String,
    },
    RecordArrival {
        deal_id: DealId,
        arrived: u32,
    },
    /// Verifies a pickup code at the desk and hands over what waits for its owner.
    HandOver {
        pickup_day: NaiveDate,
        code: String,
    },
    RecordLoss {
        movement: StockMovement,
    },
    /// Money a member handed the organiser; `method` (cash when absent) is kept on the
    /// ledger line.
    RecordPayment {
        member_id: MemberId,
        amount: Fen,
        #[serde(default)]
        method: PaymentMethod,
    },
    PostNotice {
        notice: Notice,
    },
    /// Names a member an expert (达人, may write tips) and/or an elderly coordinator
    /// (老年协调员, sees help requests and suggestions), or takes that back.
    SetStrengths {
        member_id: MemberId,
        expert: bool,
        coordinator: bool,
    },
    /// Shows a tip to everyone (`approved`), or takes it back to her and the author.
    ReviewTip {
        tip_id: TipId,
        approved: bool,
    },
    /// Answers a suggestion: adopted, will consider, or not now, with her words; an
    /// adopted one may name the deal it changed.
    AnswerSuggestion {
        suggestion_id: SuggestionId,
        state: SuggestionState,
        #[schema(schema_with = crate::text::schema::words)]
        response: String,
        #[serde(default)]
        deal_id: Option<DealId>,
    },
    /// Answers an open complaint, once: a refund (bounded by what is left of the order's
    /// charge) or, without one, her words ([`crate::rules::ledger::answer_complaint`]).
    AnswerComplaint {
        complaint_id: ComplaintId,
        #[serde(default)]
        refund: Option<Fen>,
        #[schema(schema_with = crate::text::schema::note)]
        note: String,
    },
}

impl Command {
    /// Whether someone with `role` may send this command at all. (Whether the order is
    /// theirs, the deal still open, etc. is checked when it is applied.)
    pub fn allowed(&self, role: Role) -> bool {
        use Command::*;
        match self {
            PlaceOrder {
                member_id: Some(_), ..
            } => matches!(role, Role::Volunteer | Role::Organiser),
            PlaceOrder { .. }
            | ChangeOrder { .. }
            | CancelOrder { .. }
            | AskHelp { .. }
            | Suggest { .. }
            | WriteTip { .. }
            | FileComplaint { .. } => true,
            ClaimHelp { .. } | FinishHelp { .. } => {
                matches!(role, Role::Volunteer | Role::Organiser)
            }
            AddNeighbour { .. }
            | PutProduct { .. }
            | PublishDeal { .. }
            | CloseDeal { .. }
            | CallOffDeal { .. }
            | RecordArrival { .. }
            | HandOver { .. }
            | RecordLoss { .. }
            | RecordPayment { .. }
            | PostNotice { .. }
            | SetStrengths { .. }
            | ReviewTip { .. }
            | AnswerSuggestion { .. }
            | AnswerComplaint { .. } => role == Role::Organiser,
        }
    }
}

/// A command with the id that makes it idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: Uuid,
    #[serde(flatten)]
    pub command: Command,
}

/// On the wire an envelope is one flat object, `{"id", "type", …fields}`, and nothing else
/// (the hub refuses unknown fields): so its schema is each command's object with `id` added
/// and no other property allowed. It is named `Command` in the hub's document.
impl utoipa::PartialSchema for Envelope {
    fn schema() -> RefOr<Schema> {
        let mut schema = <Command as utoipa::PartialSchema>::schema();
        let RefOr::T(Schema::OneOf(one_of)) = &mut schema else {
            unreachable!("a tagged enum's schema is a oneOf")
        };
        one_of.description = Some("One command with its idempotency key `id`; `type` says which, and decides the other fields.".into());
        for variant in &mut one_of.items {
            let RefOr::T(Schema::Object(o)) = variant else {
                unreachable!("every command has named fields")
            };
            o.properties.insert(
                "id".into(),
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .description(Some(
                        "idempotency key: a retry with the same id gets the same outcome",
                    ))
                    .into(),
            );
            o.required.insert(0, "id".into());
            o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        }
        schema
    }
}

impl utoipa::ToSchema for Envelope {
    fn name() -> std::borrow::Cow<'static, str> {
        "Command".into()
    }

    fn schemas(out: &mut Vec<(String, RefOr<Schema>)>) {
        <Command as utoipa::ToSchema>::schemas(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_may_only_order_and_ask_for_help() {
        let order = Command::CancelOrder {
            order_id: OrderId::new(),
        };
        let pay = Command::RecordPayment {
            member_id: MemberId::new(),
            amount: Fen(100),
            method: PaymentMethod::Transfer,
        };
        let claim = Command::ClaimHelp {
            request_id: HelpRequestId::new(),
        };
        assert!(order.allowed(Role::Member));
        assert!(!pay.allowed(Role::Member) && !pay.allowed(Role::Volunteer));
        assert!(pay.allowed(Role::Organiser));
        assert!(!claim.allowed(Role::Member) && claim.allowed(Role::Volunteer));
        let file = Command::FileComplaint {
            complaint_id: ComplaintId::new(),
            order_id: OrderId::new(),
            kind: ComplaintKind::Broken,
            note: String::new(),
        };
        let answer = Command::AnswerComplaint {
            complaint_id: ComplaintId::new(),
            refund: Some(Fen(100)),
            note: String::new(),
        };
        assert!(file.allowed(Role::Member) && file.allowed(Role::Volunteer));
        assert!(answer.allowed(Role::Organiser));
        assert!(!answer.allowed(Role::Member) && !answer.allowed(Role::Volunteer));
        let deal_id = DealId::new();
        for c in [
            Command::CloseDeal { deal_id },
            Command::CallOffDeal {
                deal_id,
                reason: "菜场停业".into(),
            },
        ] {
            assert!(c.allowed(Role::Organiser));
            assert!(!c.allowed(Role::Member) && !c.allowed(Role::Volunteer));
        }
    }

    #[test]
    fn unknown_commands_and_fields_are_refused() {
        let ok = r#"{"id":"6f0c1b7e-9a51-4a8e-9a0f-1f7a3a1c2b3d","type":"cancel_order","order_id":"6f0c1b7e-9a51-4a8e-9a0f-1f7a3a1c2b3e"}"#;
        assert!(serde_json::from_str::<Envelope>(ok).is_ok());
        let unknown = ok.replace("cancel_order", "steal_stock");
        assert!(serde_json::from_str::<Envelope>(&unknown).is_err());
        let wrong_type = r#"{"id":"6f0c1b7e-9a51-4a8e-9a0f-1f7a3a1c2b3d","type":"change_order","order_id":"6f0c1b7e-9a51-4a8e-9a0f-1f7a3a1c2b3e","qty":"two"}"#;
        assert!(serde_json::from_str::<Envelope>(wrong_type).is_err());
    }
}
