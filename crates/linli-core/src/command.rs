//! Commands a device sends to the hub. Each is stored in the local outbox with its own
//! UUID until the hub has answered it, so a retry is never applied twice.

use crate::model::{DealId, HelpRequestId, OrderId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One thing a member asked for while possibly offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    PlaceOrder {
        order_id: OrderId,
        deal_id: DealId,
        qty: u32,
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
        note: String,
    },
}

/// A command with the id that makes it idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: Uuid,
    #[serde(flatten)]
    pub command: Command,
}
