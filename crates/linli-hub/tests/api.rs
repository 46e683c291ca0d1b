//! The HTTP surface on a real port: who may do what, what bad input gets back, and that the
//! OpenAPI document names exactly the routes served.

mod common;

use chrono::{Duration, Utc};
use common::{Device, TestHub, publish};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::sync::client::SyncError;
use linli_core::sync::protocol::{Change, Reason, Verdict};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

async fn post(
    url: &str,
    token: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_refused_organiser_commands_and_never_sees_others_data() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (product, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let bob = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    let helper = Device::join(&hub.url, &hub.invites.volunteer_invite, "小陈").await;
    assert_eq!(helper.id.role, Role::Volunteer);

    // Bob orders, is paid up and asks for help.
    bob.syncer().sync_once().await.unwrap();
    let bobs = bob.order(deal.id, 2).unwrap();
    let help = HelpRequestId::new();
    bob.enqueue(Command::AskHelp {
        request_id: help,
        note: "不会用".into(),
        kind: HelpKind::Unfamiliar,
    });
    bob.syncer().sync_once().await.unwrap();
    boss.enqueue(Command::RecordPayment {
        member_id: bob.me(),
        amount: Fen(2000),
        method: PaymentMethod::Transfer,
    });
    boss.syncer().sync_once().await.unwrap();

    // Alice tries what only the organiser may do, and to touch Bob's order.
    let mut other = deal.clone();
    other.id = DealId::new();
    let attempts = vec![
        Command::PublishDeal { deal: other },
        Command::PutProduct {
            product: product.clone(),
        },
        Command::RecordArrival {
            deal_id: deal.id,
            arrived: 30,
        },
        Command::RecordPayment {
            member_id: alice.me(),
            amount: Fen(100_000),
            method: PaymentMethod::Cash,
        },
        Command::HandOver {
            pickup_day: deal.pickup_day,
            code: "123456".into(),
        },
        Command::RecordLoss {
            movement: StockMovement {
                id: MovementId::new(),
                product_id: product.id,
                deal_id: None,
                kind: MovementKind::Lost(LossReason::Spoiled),
                qty: 3,
                note: String::new(),
                at: Utc::now(),
            },
        },
        Command::ClaimHelp { request_id: help },
        Command::CancelOrder { order_id: bobs.id },
        Command::ChangeOrder {
            order_id: bobs.id,
            qty: 5,
        },
    ];
    let n = attempts.len();
    let envs: Vec<Envelope> = attempts
        .into_iter()
        .map(|command| Envelope {
            id: Uuid::new_v4(),
            command,
        })
        .collect();
    let out = alice.client().push(envs).await.unwrap();
    assert_eq!(out.len(), n);
    for o in &out {
        assert_eq!(o.verdict, Verdict::rejected(Reason::NotAllowed));
    }

    // Alice's view of the group: public things only.
    let page = alice.client().pull(0, 1000, 0).await.unwrap();
    for c in &page.changes {
        match c {
            Change::Order { order, .. } => assert_eq!(order.member_id, alice.me()),
            Change::Ledger(e) => assert_eq!(e.member_id, alice.me()),
            Change::PickupCode(p) => assert_eq!(p.member_id, alice.me()),
            Change::HelpRequest(h) => assert_eq!(h.member_id, alice.me()),
            Change::Movement(_) => panic!("a member saw the organiser's stock book"),
            _ => {}
        }
    }
    assert!(
        page.changes
            .iter()
            .any(|c| matches!(c, Change::Deal { .. }))
    );
    // Bob's order still stands as he placed it.
    boss.syncer().sync_once().await.unwrap();
    let o = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!((o.len(), o[0].qty, o[0].state), (1, 2, OrderState::Placed));

    // The volunteer sees Bob's help request and claims it; the organiser sees everything.
    let vpage = helper.client().pull(0, 1000, 0).await.unwrap();
    assert!(
        vpage
            .changes
            .iter()
            .any(|c| matches!(c, Change::HelpRequest(h) if h.id == help))
    );
    assert!(
        !vpage
            .changes
            .iter()
            .any(|c| matches!(c, Change::Order { .. } | Change::Ledger(_)))
    );
    helper.enqueue(Command::ClaimHelp { request_id: help });
    let r = helper.syncer().sync_once().await.unwrap();
    assert_eq!(r.answered[0].verdict, Verdict::Applied);
    bob.syncer().sync_once().await.unwrap();
    let open = bob
        .store
        .lock()
        .unwrap()
        .open_help_requests(bob.id.group_id)
        .unwrap();
    assert!(
        open.is_empty(),
        "Bob's device shows his request was taken up"
    );
    let bpage = boss.client().pull(0, 1000, 0).await.unwrap();
    assert!(
        bpage
            .changes
            .iter()
            .any(|c| matches!(c, Change::Ledger(e) if e.member_id == bob.me()))
    );

    // No token, or a made-up one: 401 with a JSON reason.
    let (s, v) = post(&format!("{}/v1/push", hub.url), None, r#"{"commands":[]}"#).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (s, _) = post(
        &format!("{}/v1/push", hub.url),
        Some("f00d"),
        r#"{"commands":[]}"#,
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_json_error_and_change_nothing() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let t = Some(gran.id.token.as_str());
    let push = format!("{}/v1/push", hub.url);
    let good = json!({"id": Uuid::new_v4(), "type": "place_order",
                      "order_id": Uuid::new_v4(), "deal_id": deal.id, "qty": 1});

    let cases: Vec<(String, StatusCode, &str, &str)> = vec![
        ("{\"commands\": [".into(), StatusCode::BAD_REQUEST, "malformed", "EOF"),
        (json!({"commands": [good, {"id": Uuid::new_v4(), "type": "steal_stock"}]}).to_string(),
            StatusCode::BAD_REQUEST, "malformed", "unknown variant `steal_stock`"),
        (json!({"commands": [good, {"id": Uuid::new_v4(), "type": "change_order",
                "order_id": Uuid::new_v4(), "qty": "two"}]}).to_string(),
            StatusCode::BAD_REQUEST, "malformed", "invalid type"),
        (json!({"commands": [good], "extra": 1}).to_string(),
            StatusCode::BAD_REQUEST, "malformed", "unknown field `extra`"),
        (json!({"commands": [{"id": "not-a-uuid", "type": "cancel_order", "order_id": Uuid::new_v4()}]}).to_string(),
            StatusCode::BAD_REQUEST, "malformed", "UUID"),
        (json!({"commands": vec![good.clone(); 201]}).to_string(),
            StatusCode::PAYLOAD_TOO_LARGE, "too_many_commands", "at most 200"),
        (format!("{{\"commands\": [], \"pad\": \"{}\"}}", "x".repeat(300 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE, "too_large", "larger than"),
    ];
    for (body, status, code, words) in cases {
        let (s, v) = post(&push, t, body.clone()).await;
        assert_eq!(s, status, "{v}");
        assert_eq!(v["error"], code, "{v}");
        assert!(
            v["message"].as_str().unwrap().contains(words),
            "{v} should say {words}"
        );
    }
    let (s, v) = post(&format!("{}/v1/nowhere", hub.url), t, "{}").await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let r = reqwest::Client::new()
        .get(format!("{}/v1/pull?since=yesterday", hub.url))
        .bearer_auth(&gran.id.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "bad_query");

    // None of the refused pushes applied the good command riding along.
    assert_eq!(
        hub.counters().await,
        (2, 0, 0),
        "only the organiser's two commands"
    );
    boss.syncer().sync_once().await.unwrap();
    assert!(
        boss.store
            .lock()
            .unwrap()
            .orders_of_deal(deal.id)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_invite_codes_are_refused_then_slowed_down() {
    let hub = TestHub::start().await;
    let join = format!("{}/v1/join", hub.url);
    let bad = |name: &str| {
        json!({"invite_code": "AAAAA-BBBBB-CCCCC-DDDDD", "display_name": name}).to_string()
    };
    for i in 0..linli_hub::limits::MAX_FAILED_JOINS {
        let (s, v) = post(&join, None, bad(&format!("guess{i}"))).await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("bad_invite"))
        );
    }
    let (s, v) = post(&join, None, bad("again")).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
    );
    // Even the right code waits out the window from this address.
    let good =
        json!({"invite_code": hub.invites.member_invite, "display_name": "李奶奶"}).to_string();
    assert_eq!(
        post(&join, None, good).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    // A bad display name is a 400, not a counted guess.
    let hub2 = TestHub::start().await;
    let name =
        json!({"invite_code": hub2.invites.member_invite, "display_name": "   "}).to_string();
    let (s, v) = post(&format!("{}/v1/join", hub2.url), None, name).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_input"))
    );
    // Codes survive lower case and spaces, as typed by a helper from a paper note.
    let sloppy = hub2.invites.member_invite.to_lowercase().replace('-', " ");
    let err = linli_core::sync::client::HubClient::new(&hub2.url)
        .unwrap()
        .join(&sloppy, "李奶奶")
        .await;
    assert!(err.is_ok(), "{err:?}");
    let err = linli_core::sync::client::HubClient::new(&hub2.url)
        .unwrap()
        .join("nope", "x")
        .await;
    assert!(matches!(err, Err(SyncError::Hub { status: 401, .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_names_exactly_the_routes_served() {
    let hub = TestHub::start().await;
    let doc: Value = reqwest::get(format!("{}/v1/openapi.json", hub.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(|m| (m.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    documented.sort();
    let mut served: Vec<(String, String)> = linli_hub::api::routes()
        .into_iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // And each really answers (no 404/405) on the live hub.
    let http = reqwest::Client::new();
    for (method, path) in served {
        let r = http
            .request(method.parse().unwrap(), format!("{}{path}", hub.url))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&r.status()),
            "{method} {path}: {}",
            r.status()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_whose_body_never_finishes_gets_408_after_the_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let storage = std::sync::Arc::new(
        linli_hub::storage::sqlite::SqliteHub::open(dir.path().join("hub.db")).unwrap(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = linli_hub::api::Limits {
        request_timeout: std::time::Duration::from_millis(500),
    };
    tokio::spawn(linli_hub::serve_with(
        listener,
        storage,
        std::future::pending(),
        limits,
    ));

    // A join whose body stops half way, as on a connection that dropped.
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = "POST /v1/join HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"invite_code\":";
    tcp.write_all(head.as_bytes()).await.unwrap();
    let t0 = std::time::Instant::now();
    let mut buf = vec![0; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("the hub answered within its timeout")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(t0.elapsed() >= std::time::Duration::from_millis(400));
}

/// Pushes one command straight to the hub (bypassing the device's own checks) and returns
/// its verdict.
async fn push_one(d: &Device, command: Command) -> Verdict {
    let out = d
        .client()
        .push(vec![Envelope {
            id: Uuid::new_v4(),
            command,
        }])
        .await
        .unwrap();
    out[0].verdict.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_answered_with_a_refund_reaches_the_members_device() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let bob = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    for d in [&alice, &bob] {
        d.syncer().sync_once().await.unwrap();
    }
    let hers = alice.order(deal.id, 2).unwrap();
    let his = bob.order(deal.id, 1).unwrap();
    for d in [&alice, &bob] {
        d.syncer().sync_once().await.unwrap();
    }
    let file = |order_id| Command::FileComplaint {
        complaint_id: ComplaintId::new(),
        order_id,
        kind: ComplaintKind::Broken,
        note: String::new(),
    };
    // Nothing charged yet: refused on her device and at the hub.
    assert!(
        alice
            .store
            .lock()
            .unwrap()
            .file_complaint(alice.me(), hers.id, ComplaintKind::Broken, "", Utc::now())
            .is_err()
    );
    assert_eq!(
        push_one(&alice, file(hers.id)).await,
        Verdict::rejected(Reason::NotAllowed)
    );

    // The deal forms: both charged.
    boss.enqueue(Command::CloseDeal { deal_id: deal.id });
    boss.syncer().sync_once().await.unwrap();
    alice.syncer().sync_once().await.unwrap();
    let balance = |d: &Device| d.store.lock().unwrap().balance(d.me()).unwrap();
    assert_eq!(balance(&alice), Fen(-760));

    // Bob can't complain about Alice's order; Alice can about hers.
    assert_eq!(
        push_one(&bob, file(hers.id)).await,
        Verdict::rejected(Reason::NotAllowed)
    );
    let x = alice
        .store
        .lock()
        .unwrap()
        .file_complaint(
            alice.me(),
            hers.id,
            ComplaintKind::Broken,
            "有两个坏了",
            Utc::now(),
        )
        .unwrap();
    let r = alice.syncer().sync_once().await.unwrap();
    assert_eq!(r.answered[0].verdict, Verdict::Applied);

    // The organiser sees it open, with what may be refunded.
    boss.syncer().sync_once().await.unwrap();
    let open = boss
        .store
        .lock()
        .unwrap()
        .open_complaints(boss.id.group_id)
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].complaint.id,
            open[0].member_name.as_str(),
            open[0].charged,
            open[0].refundable
        ),
        (x.id, "李奶奶", Fen(760), Fen(760))
    );
    assert_eq!(open[0].complaint.kind, ComplaintKind::Broken);

    // Too much: refused with its own reason, nothing changes.
    let answer = |refund: Option<i64>| Command::AnswerComplaint {
        complaint_id: x.id,
        refund: refund.map(Fen),
        note: "退钱".into(),
    };
    let v = push_one(&boss, answer(Some(761))).await;
    assert_eq!(v, Verdict::rejected(Reason::RefundTooLarge));
    assert!(
        matches!(&v, Verdict::Rejected { message_id, .. } if message_id == "reject-refund-too-large")
    );
    assert_eq!(
        push_one(&alice, answer(Some(100))).await,
        Verdict::rejected(Reason::NotAllowed),
        "a member may not answer"
    );
    boss.syncer().sync_once().await.unwrap();
    alice.syncer().sync_once().await.unwrap();
    assert_eq!(balance(&alice), Fen(-760));
    assert_eq!(
        boss.store
            .lock()
            .unwrap()
            .open_complaints(boss.id.group_id)
            .unwrap()
            .len(),
        1
    );

    // She refunds ¥3.00 from her device; it shows there at once.
    let done = boss
        .store
        .lock()
        .unwrap()
        .answer_complaint(x.id, Some(Fen(300)), "退三块", Utc::now())
        .unwrap();
    assert!(matches!(done.resolution, Some(Resolution::Refunded { .. })));
    let r = boss.syncer().sync_once().await.unwrap();
    assert_eq!(r.answered[0].verdict, Verdict::Applied);
    assert_eq!(
        push_one(&boss, answer(None)).await,
        Verdict::rejected(Reason::NotAllowed),
        "a second answer"
    );
    boss.syncer().sync_once().await.unwrap();
    assert_eq!(
        boss.store.lock().unwrap().balance(alice.me()).unwrap(),
        Fen(-460)
    );

    // Alice's device: the complaint answered and the refund in her balance.
    alice.syncer().sync_once().await.unwrap();
    let mine = alice
        .store
        .lock()
        .unwrap()
        .complaints_of_member(alice.me())
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].complaint.resolution,
        Some(Resolution::Refunded {
            amount: Fen(300),
            note: "退三块".into()
        })
    );
    assert_eq!(mine[0].refundable, Fen(460));
    assert_eq!(balance(&alice), Fen(-460));
    let refund = alice.store.lock().unwrap().ledger(alice.me()).unwrap();
    assert!(
        refund
            .iter()
            .any(|e| e.kind == LedgerKind::Refund(RefundReason::Complaint)
                && e.complaint_id == Some(x.id))
    );

    // After the answer she may complain again: the order's history, oldest first.
    alice
        .store
        .lock()
        .unwrap()
        .file_complaint(alice.me(), hers.id, ComplaintKind::Missing, "", Utc::now())
        .unwrap();
    alice.syncer().sync_once().await.unwrap();
    boss.syncer().sync_once().await.unwrap();
    let history = boss
        .store
        .lock()
        .unwrap()
        .complaints_of_order(hers.id)
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].complaint.id, x.id);
    assert_eq!(history[1].complaint.kind, ComplaintKind::Missing);

    // Bob never sees Alice's complaints.
    let page = bob.client().pull(0, 1000, 0).await.unwrap();
    assert!(
        !page
            .changes
            .iter()
            .any(|c| matches!(c, Change::Complaint(_)))
    );
    assert!(
        bob.store
            .lock()
            .unwrap()
            .complaints_of_order(his.id)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_complaint_leaves_the_device() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    alice.syncer().sync_once().await.unwrap();
    let hers = alice.order(deal.id, 1).unwrap();
    alice.syncer().sync_once().await.unwrap();
    boss.enqueue(Command::CloseDeal { deal_id: deal.id });
    boss.syncer().sync_once().await.unwrap();
    alice.syncer().sync_once().await.unwrap();
    // The organiser calls the deal off (everything refunded) while Alice is offline and
    // complains; the hub no longer counts her order as charged.
    boss.enqueue(Command::CallOffDeal {
        deal_id: deal.id,
        reason: "坏了一车".into(),
    });
    boss.syncer().sync_once().await.unwrap();
    alice
        .store
        .lock()
        .unwrap()
        .file_complaint(alice.me(), hers.id, ComplaintKind::NotFresh, "", Utc::now())
        .unwrap();
    let r = alice.syncer().sync_once().await.unwrap();
    assert_eq!(r.answered[0].verdict, Verdict::rejected(Reason::NotAllowed));
    assert!(
        alice
            .store
            .lock()
            .unwrap()
            .complaints_of_member(alice.me())
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shop_prices_travel_to_members_and_absurd_ones_are_refused() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (mut product, _) = publish(&boss, 30, 5, Duration::hours(10)).await;
    product.shop_price = Some(Fen(500));
    boss.store
        .lock()
        .unwrap()
        .send(
            &Command::PutProduct {
                product: product.clone(),
            },
            Utc::now(),
        )
        .unwrap();
    boss.syncer().sync_once().await.unwrap();
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    alice.syncer().sync_once().await.unwrap();
    let seen = alice
        .store
        .lock()
        .unwrap()
        .products(alice.id.group_id)
        .unwrap();
    assert_eq!(seen[0].shop_price, Some(Fen(500)));

    for bad in [-1, 10_000_001] {
        let mut p = product.clone();
        p.shop_price = Some(Fen(bad));
        let put = Command::PutProduct { product: p };
        // Her own device refuses it at once; the hub too, if it is sent anyway.
        assert!(matches!(
            boss.store.lock().unwrap().send(&put, Utc::now()),
            Err(linli_core::store::StoreError::Publish(
                linli_core::rules::publish::PublishError::ShopPrice
            ))
        ));
        boss.enqueue(put);
        let r = boss.syncer().sync_once().await.unwrap();
        assert_eq!(
            r.answered[0].verdict,
            Verdict::rejected(Reason::Invalid),
            "{bad}"
        );
        let mine = boss
            .store
            .lock()
            .unwrap()
            .products(boss.id.group_id)
            .unwrap();
        assert_eq!(mine[0].shop_price, Some(Fen(500)));
    }
    product.shop_price = None;
    boss.enqueue(Command::PutProduct { product });
    boss.syncer().sync_once().await.unwrap();
    alice.syncer().sync_once().await.unwrap();
    let seen = alice
        .store
        .lock()
        .unwrap()
        .products(alice.id.group_id)
        .unwrap();
    assert_eq!(seen[0].shop_price, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organiser_lists_devices_and_a_revoked_one_is_shut_out_at_once() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let bob = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    alice.syncer().sync_once().await.unwrap();

    let list = boss.client().devices().await.unwrap();
    assert_eq!(list.len(), 3);
    let names: Vec<&str> = list.iter().map(|d| d.display_name.as_str()).collect();
    assert!(names.contains(&"李奶奶") && names.contains(&"王阿姨") && names.contains(&"张大爷"));
    assert!(list.iter().all(|d| d.last_seen_at.is_some()));
    let of = |m: MemberId| list.iter().find(|d| d.member_id == m).unwrap().device_id;
    let (boss_dev, alice_dev) = (of(boss.me()), of(alice.me()));
    // Hers is marked as the one asking, the others not.
    let this: Vec<Uuid> = list
        .iter()
        .filter(|d| d.this_device)
        .map(|d| d.device_id)
        .collect();
    assert_eq!(this, vec![boss_dev]);
    assert_eq!(
        list.iter().find(|d| d.member_id == boss.me()).unwrap().role,
        Role::Organiser
    );
    // The list never carries a token.
    let raw = serde_json::to_value(&list).unwrap();
    assert!(raw[0].get("token").is_none());

    // A member may neither list nor revoke.
    for r in [
        bob.client().devices().await.map(|_| ()),
        bob.client().revoke_device(alice_dev).await,
    ] {
        assert!(
            matches!(r, Err(SyncError::Hub { status: 403, .. })),
            "{r:?}"
        );
    }
    // Unknown id, a malformed one, her own device.
    let r = boss.client().revoke_device(Uuid::new_v4()).await;
    assert!(
        matches!(r, Err(SyncError::Hub { status: 404, .. })),
        "{r:?}"
    );
    let (s, v) = post(
        &format!("{}/v1/devices/not-a-device/revoke", hub.url),
        Some(&boss.id.token),
        "",
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let r = boss.client().revoke_device(boss_dev).await;
    match r {
        Err(SyncError::Hub {
            status: 409,
            code,
            message,
        }) => {
            assert_eq!(code, "own_device");
            assert!(message.contains("another device"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    // Alice's device is revoked: the very next pull and push get 401.
    boss.client().revoke_device(alice_dev).await.unwrap();
    let pulled = alice.client().pull(0, 10, 0).await;
    assert!(
        matches!(pulled, Err(SyncError::Hub { status: 401, .. })),
        "{pulled:?}"
    );
    alice.order(deal.id, 1).unwrap();
    let pushed = alice.syncer().sync_once().await;
    assert!(
        matches!(pushed, Err(SyncError::Hub { status: 401, .. })),
        "{pushed:?}"
    );
    assert_eq!(alice.pending(), 1, "her order waits, unsent");
    let list = boss.client().devices().await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|d| d.device_id != alice_dev));
    // Revoking it again: no such device.
    let r = boss.client().revoke_device(alice_dev).await;
    assert!(
        matches!(r, Err(SyncError::Hub { status: 404, .. })),
        "{r:?}"
    );
    // Everyone else carries on.
    bob.syncer().sync_once().await.unwrap();
    boss.syncer().sync_once().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_groups_device_is_not_found() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    // A second group on the same hub store (as `linli-hub group create` does while it runs).
    let other = common::open_hub(&hub.db).create("别的楼", "赵阿姨");
    let stranger = Device::join(&hub.url, &other.member_invite, "陌生人").await;
    let theirs = Device::join(&hub.url, &other.organiser_invite, "赵阿姨").await;
    let list = theirs.client().devices().await.unwrap();
    let stranger_dev = list
        .iter()
        .find(|d| d.member_id == stranger.me())
        .unwrap()
        .device_id;
    assert!(
        boss.client()
            .devices()
            .await
            .unwrap()
            .iter()
            .all(|d| d.device_id != stranger_dev)
    );
    let r = boss.client().revoke_device(stranger_dev).await;
    assert!(
        matches!(r, Err(SyncError::Hub { status: 404, .. })),
        "{r:?}"
    );
    stranger.syncer().sync_once().await.unwrap();
}

/// A payment's way travels to the member's ledger; a push from an app that does not send
/// one yet is cash.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_keeps_cash_or_transfer_and_cash_when_not_said() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    boss.enqueue(Command::RecordPayment {
        member_id: alice.me(),
        amount: Fen(2000),
        method: PaymentMethod::Transfer,
    });
    boss.syncer().sync_once().await.unwrap();
    let (status, v) = post(
        &format!("{}/v1/push", hub.url),
        Some(&boss.id.token),
        json!({ "commands": [{ "id": Uuid::new_v4(), "type": "record_payment",
            "member_id": alice.me(), "amount": 500 }] })
        .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["outcomes"][0]["outcome"], "applied");
    alice.syncer().sync_once().await.unwrap();
    let lines = alice.store.lock().unwrap().ledger(alice.me()).unwrap();
    let ways: Vec<(Fen, Option<PaymentMethod>)> =
        lines.iter().map(|e| (e.amount, e.method)).collect();
    assert_eq!(
        ways,
        vec![
            (Fen(2000), Some(PaymentMethod::Transfer)),
            (Fen(500), Some(PaymentMethod::Cash))
        ]
    );
}

/// Free text is checked once (linli_core::text): trimmed, within its length, without control
/// characters. The device refuses at once; the hub refuses what is sent anyway with
/// `bad_text`, and keeps what it accepts trimmed.
#[tokio::test]
async fn free_text_is_trimmed_and_control_characters_are_refused_on_device_and_hub() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "  李奶奶  ").await;
    li.syncer().sync_once().await.unwrap();
    let me = li.store.lock().unwrap().member(li.me()).unwrap().unwrap();
    assert_eq!(me.display_name, "李奶奶", "her name is kept trimmed");

    // A help note with a NUL: her device refuses it and queues nothing; the hub too.
    let help = |note: &str| HelpRequest {
        id: HelpRequestId::new(),
        group_id: li.id.group_id,
        member_id: li.me(),
        kind: HelpKind::Other,
        note: note.into(),
        state: HelpState::Open,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    assert!(matches!(
        li.store.lock().unwrap().ask_help(&help("不会用\0")),
        Err(linli_core::store::StoreError::Text(
            linli_core::text::TextError::Control
        ))
    ));
    assert_eq!(li.pending(), 0);
    for bad in ["不会用\0", "\u{1b}[2J"] {
        let v = push_one(
            &li,
            Command::AskHelp {
                request_id: HelpRequestId::new(),
                note: bad.to_string(),
                kind: HelpKind::Other,
            },
        )
        .await;
        assert_eq!(v, Verdict::rejected(Reason::BadText), "{bad:?}");
    }
    // Longer than the document allows: the whole push is refused, naming the field.
    let long = li
        .client()
        .push(vec![Envelope {
            id: Uuid::new_v4(),
            command: Command::AskHelp {
                request_id: HelpRequestId::new(),
                note: "很".repeat(2001),
                kind: HelpKind::Other,
            },
        }])
        .await;
    match long {
        Err(SyncError::Hub {
            status: 400,
            code,
            message,
        }) => {
            assert_eq!(code, "bad_input");
            assert!(
                message.contains("/commands/0/note") && message.contains("2000"),
                "{message}"
            );
            assert!(
                !message.contains("很很"),
                "the hub's answer holds no words sent"
            );
        }
        other => panic!("{other:?}"),
    }
    let v = push_one(
        &li,
        Command::Suggest {
            suggestion_id: SuggestionId::new(),
            topic: SuggestionTopic::Other,
            body: "多团鱼\u{7}".into(),
        },
    )
    .await;
    assert_eq!(v, Verdict::rejected(Reason::BadText));

    // Kept trimmed by the hub, with line breaks where lines are allowed.
    li.store
        .lock()
        .unwrap()
        .ask_help(&help("  不会用\r\n第二行  "))
        .unwrap();
    li.syncer().sync_once().await.unwrap();
    boss.syncer().sync_once().await.unwrap();
    let seen = boss
        .store
        .lock()
        .unwrap()
        .help_lines(boss.id.group_id)
        .unwrap();
    assert_eq!(seen[0].request.note, "不会用\n第二行");

    // The organiser's product and notice: a bell in a name, a NUL in a title.
    let mut p = Product {
        id: ProductId::new(),
        group_id: boss.id.group_id,
        name: "西红柿\u{7}".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: None,
    };
    assert_eq!(
        push_one(&boss, Command::PutProduct { product: p.clone() }).await,
        Verdict::rejected(Reason::BadText)
    );
    p.name = "  西红柿 ".into();
    assert_eq!(
        push_one(&boss, Command::PutProduct { product: p.clone() }).await,
        Verdict::Applied
    );
    boss.syncer().sync_once().await.unwrap();
    let kept = boss
        .store
        .lock()
        .unwrap()
        .products(boss.id.group_id)
        .unwrap();
    assert_eq!(kept[0].name, "西红柿");
    let notice = Notice {
        id: NoticeId::new(),
        group_id: boss.id.group_id,
        author_id: boss.me(),
        title: "货到了\0".into(),
        body: String::new(),
        created_at: Utc::now(),
    };
    assert!(
        boss.store
            .lock()
            .unwrap()
            .send(
                &Command::PostNotice {
                    notice: notice.clone()
                },
                Utc::now()
            )
            .is_err(),
        "her device refuses it at once"
    );
    assert_eq!(
        push_one(&boss, Command::PostNotice { notice }).await,
        Verdict::rejected(Reason::BadText)
    );
}
