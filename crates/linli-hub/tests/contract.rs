//! The OpenAPI document is the hub's contract: every command's fields are documented
//! exactly (a missing required field or an unknown one is refused by the document and by
//! the live hub alike), and the pull's limits are the ones the hub enforces.

mod common;

use chrono::{Duration, NaiveDate, Utc};
use common::{Device, TestHub};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::sync::protocol::{MAX_COMMANDS_PER_PUSH, MAX_PULL};
use linli_hub::check::Contract;
use linli_hub::openapi::document;
use std::sync::LazyLock;

/// The contract the hub enforces, compiled from the document it serves.
fn body_check() -> &'static Contract {
    static C: LazyLock<Contract> = LazyLock::new(|| Contract::new(&document()));
    &C
}
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

/// One of every command, as the apps send them.
fn every_command() -> Vec<Command> {
    let group_id = GroupId::new();
    let product = Product {
        id: ProductId::new(),
        group_id,
        name: "西红柿".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: Some(Fen(500)),
    };
    let deal = Deal {
        id: DealId::new(),
        group_id,
        product_id: product.id,
        price: Fen(350),
        unit: "斤".into(),
        stock: 50,
        min_total: 10,
        per_member_limit: 5,
        cutoff: Utc::now() + Duration::hours(10),
        pickup_day: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        created_at: Utc::now(),
        arrived_qty: None,
    };
    vec![
        Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal.id,
            qty: 2,
            member_id: Some(MemberId::new()),
        },
        Command::AddNeighbour {
            member_id: MemberId::new(),
            name: "王大爷".into(),
        },
        Command::ChangeOrder {
            order_id: OrderId::new(),
            qty: 3,
        },
        Command::CancelOrder {
            order_id: OrderId::new(),
        },
        Command::AskHelp {
            request_id: HelpRequestId::new(),
            note: "不会下单".into(),
            kind: HelpKind::Ordering,
        },
        Command::Suggest {
            suggestion_id: SuggestionId::new(),
            topic: SuggestionTopic::PickupTime,
            body: "下午取货好".into(),
        },
        Command::WriteTip {
            tip_id: TipId::new(),
            author_id: Some(MemberId::new()),
            product_id: Some(product.id),
            title: "挑西红柿".into(),
            body: "要红的".into(),
        },
        Command::FileComplaint {
            complaint_id: ComplaintId::new(),
            order_id: OrderId::new(),
            kind: ComplaintKind::Broken,
            note: "破了两个".into(),
        },
        Command::ClaimHelp {
            request_id: HelpRequestId::new(),
        },
        Command::FinishHelp {
            request_id: HelpRequestId::new(),
        },
        Command::PutProduct {
            product: product.clone(),
        },
        Command::PublishDeal { deal: deal.clone() },
        Command::CloseDeal { deal_id: deal.id },
        Command::CallOffDeal {
            deal_id: deal.id,
            reason: "供货商不送了".into(),
        },
        Command::RecordArrival {
            deal_id: deal.id,
            arrived: 48,
        },
        Command::HandOver {
            pickup_day: deal.pickup_day,
            code: "4821".into(),
        },
        Command::RecordLoss {
            movement: StockMovement {
                id: MovementId::new(),
                product_id: product.id,
                deal_id: Some(deal.id),
                kind: MovementKind::Lost(LossReason::Spoiled),
                qty: 2,
                note: "烂了".into(),
                at: Utc::now(),
            },
        },
        Command::RecordPayment {
            member_id: MemberId::new(),
            amount: Fen(2000),
            method: PaymentMethod::Cash,
        },
        Command::PostNotice {
            notice: Notice {
                id: NoticeId::new(),
                group_id,
                author_id: MemberId::new(),
                title: "明天取货".into(),
                body: "上午九点".into(),
                created_at: Utc::now(),
            },
        },
        Command::SetStrengths {
            member_id: MemberId::new(),
            expert: true,
            coordinator: false,
        },
        Command::ReviewTip {
            tip_id: TipId::new(),
            approved: true,
        },
        Command::AnswerSuggestion {
            suggestion_id: SuggestionId::new(),
            state: SuggestionState::Adopted,
            response: "好主意".into(),
            deal_id: Some(deal.id),
        },
        Command::AnswerComplaint {
            complaint_id: ComplaintId::new(),
            refund: Some(Fen(350)),
            note: "退您一斤的钱".into(),
        },
    ]
}

fn wire(c: &Command) -> Value {
    serde_json::to_value(Envelope {
        id: Uuid::new_v4(),
        command: c.clone(),
    })
    .unwrap()
}

fn push_body(command: Value) -> Value {
    json!({ "commands": [command] })
}

/// The documented object of a command type.
fn documented(doc: &Value, ty: &str) -> Value {
    doc["components"]["schemas"]["Command"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["properties"]["type"]["enum"][0] == ty)
        .unwrap_or_else(|| panic!("{ty} is not in the document"))
        .clone()
}

#[test]
fn every_command_is_documented_with_exactly_its_fields() {
    let doc = document();
    let commands = every_command();
    assert_eq!(
        doc["components"]["schemas"]["Command"]["oneOf"]
            .as_array()
            .unwrap()
            .len(),
        commands.len(),
        "one sample here per documented command"
    );
    for c in &commands {
        let v = wire(c);
        let ty = v["type"].as_str().unwrap().to_string();
        let d = documented(&doc, &ty);
        let props = d["properties"].as_object().unwrap();
        for key in v.as_object().unwrap().keys() {
            assert!(
                props.contains_key(key),
                "{ty}.{key} is sent but not documented"
            );
        }
        for key in d["required"].as_array().unwrap() {
            assert!(v.get(key.as_str().unwrap()).is_some(), "{ty}.{key}");
        }
        assert_eq!(d["additionalProperties"], false, "{ty}");
        body_check()
            .push(&push_body(v))
            .unwrap_or_else(|e| panic!("{ty}: {e}"));
    }
}

/// For each command: without one of its required fields, or with a field it doesn't have,
/// both the document and the live hub refuse it, and nothing is applied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_refuses_exactly_what_the_document_refuses() {
    linli_core::sync::tls::install_provider();
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let http = reqwest::Client::new();
    let doc = document();
    let mut tried = 0;
    for c in every_command() {
        let v = wire(&c);
        let ty = v["type"].as_str().unwrap().to_string();
        let required = documented(&doc, &ty)["required"]
            .as_array()
            .unwrap()
            .clone();
        let mut broken: Vec<(String, Value)> = required
            .iter()
            .map(|k| k.as_str().unwrap())
            .filter(|k| *k != "type")
            .map(|k| {
                let mut b = v.clone();
                b.as_object_mut().unwrap().remove(k);
                (format!("{ty} without {k}"), b)
            })
            .collect();
        let mut extra = v.clone();
        extra["colour"] = json!("red");
        broken.push((format!("{ty} with an unknown field"), extra));
        for (what, body) in broken {
            let body = push_body(body);
            assert!(
                body_check().push(&body).is_err(),
                "the document accepts {what}"
            );
            let r = http
                .post(format!("{}/v1/push", hub.url))
                .bearer_auth(&boss.id.token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
            tried += 1;
        }
    }
    assert!(tried > 40, "{tried}");
    let health: Value = http
        .get(format!("{}/v1/health", hub.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        health["commands"],
        json!({"applied": 0, "rejected": 0, "duplicates": 0}),
        "nothing refused was applied"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pull_refuses_values_outside_its_documented_limits() {
    linli_core::sync::tls::install_provider();
    let hub = TestHub::start().await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let doc = document();
    let params = doc["paths"]["/v1/pull"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let limit = |name: &str, bound: &str| {
        params.iter().find(|p| p["name"] == name).unwrap()["schema"][bound]
            .as_i64()
            .unwrap()
    };
    assert_eq!(limit("limit", "maximum"), i64::from(MAX_PULL));
    assert_eq!(
        limit("wait", "maximum"),
        linli_hub::api::MAX_WAIT_SECS as i64
    );
    assert_eq!(limit("since", "minimum"), 0);
    let max = MAX_PULL;
    let status = |q: String| {
        let url = format!("{}/v1/pull?{q}", hub.url);
        let token = gran.id.token.clone();
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for (q, want) in [
        (format!("limit={max}"), StatusCode::OK),
        ("limit=1&since=0&wait=0".to_string(), StatusCode::OK),
        (format!("limit={}", max + 1), StatusCode::BAD_REQUEST),
        ("limit=0".into(), StatusCode::BAD_REQUEST),
        ("limit=-3".into(), StatusCode::BAD_REQUEST),
        ("since=-1".into(), StatusCode::BAD_REQUEST),
        ("since=9007199254740992".into(), StatusCode::BAD_REQUEST),
        ("wait=21".into(), StatusCode::BAD_REQUEST),
        ("wait=586".into(), StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(status(q.clone()).await, want, "{q}");
    }
    // And a push of more commands than documented is refused whole.
    assert_eq!(
        doc["components"]["schemas"]["PushRequest"]["properties"]["commands"]["maxItems"],
        MAX_COMMANDS_PER_PUSH
    );
}

/// A command queued before today's limits (a note of a book's length) is refused whole by
/// the hub; her computer finds it, answers it as refused, and the rest of her outbox — an
/// order behind it — still goes, and news still comes: nothing sticks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_outside_the_document_never_blocks_her_outbox() {
    linli_core::sync::tls::install_provider();
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = common::publish(&boss, 30, 5, Duration::hours(10)).await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    gran.syncer().sync_once().await.unwrap();
    let long = Command::AskHelp {
        request_id: HelpRequestId::new(),
        note: "很".repeat(2001),
        kind: HelpKind::Other,
    };
    gran.store
        .lock()
        .unwrap()
        .enqueue(&long, Utc::now())
        .unwrap();
    let order = gran.order(deal.id, 2).unwrap();

    let report = gran
        .syncer()
        .sync_once()
        .await
        .expect("the round goes through");
    let verdicts: Vec<_> = report
        .answered
        .iter()
        .map(|a| (a.command.clone(), a.verdict.clone()))
        .collect();
    assert_eq!(
        verdicts[0],
        (
            long,
            linli_core::sync::protocol::Verdict::rejected(
                linli_core::sync::protocol::Reason::BadText
            )
        )
    );
    assert_eq!(
        verdicts[1].1,
        linli_core::sync::protocol::Verdict::Applied,
        "her order behind it was sent"
    );
    assert_eq!(gran.store.lock().unwrap().outbox_len().unwrap(), 0);
    boss.syncer().sync_once().await.unwrap();
    let at_hub = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!(at_hub.len(), 1);
    assert_eq!(at_hub[0].id, order.id);
}
