//! The organiser's commands against a real hub on loopback: closing a deal early, calling
//! one off, the deal edit rule, and members refused all of them.

mod common;

use chrono::{Duration, Utc};
use common::{Device, TestHub, publish};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::store::rows;
use linli_core::sync::protocol::{Reason, Verdict};
use uuid::Uuid;

/// Pushes one command straight to the hub (no local check) and returns its verdict.
async fn push_one(d: &Device, command: Command) -> Verdict {
    let out = d
        .client()
        .push(vec![Envelope {
            id: Uuid::new_v4(),
            command,
        }])
        .await
        .unwrap();
    out.into_iter().next().unwrap().verdict
}

async fn sync(devices: &[&Device]) {
    for d in devices {
        d.syncer().sync_once().await.unwrap();
    }
}

fn pickup_code_of(d: &Device, day: chrono::NaiveDate) -> Option<String> {
    let s = d.store.lock().unwrap();
    s.read(|c| rows::pickup_codes(c, d.id.group_id, day))
        .unwrap()
        .into_iter()
        .find(|p| p.member_id == d.me())
        .map(|p| p.code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_early_forms_the_deal_and_members_get_their_codes() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let bob = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    sync(&[&alice, &bob]).await;
    alice.order(deal.id, 2).unwrap();
    bob.order(deal.id, 1).unwrap();
    sync(&[&alice, &bob, &boss]).await;

    boss.store
        .lock()
        .unwrap()
        .send(&Command::CloseDeal { deal_id: deal.id }, Utc::now())
        .unwrap();
    let report = boss.syncer().sync_once().await.unwrap();
    assert_eq!(report.answered.len(), 1);
    assert_eq!(report.answered[0].verdict, Verdict::Applied);
    let closed = boss.store.lock().unwrap().deal(deal.id).unwrap();
    assert_eq!(closed.state, DealState::Formed);
    assert!(closed.cutoff <= Utc::now(), "the cutoff is when it closed");

    sync(&[&alice, &bob]).await;
    for (d, qty) in [(&alice, 2), (&bob, 1)] {
        let o = d.orders();
        assert_eq!(
            (o.len(), o[0].state, o[0].allocated),
            (1, OrderState::Confirmed, Some(qty))
        );
        let code = pickup_code_of(d, deal.pickup_day).expect("a pickup code");
        assert_eq!(code.len(), 6);
        let balance = d.store.lock().unwrap().balance(d.me()).unwrap();
        assert_eq!(balance, Fen(-380 * i64::from(qty)));
        assert_eq!(
            d.store.lock().unwrap().deal(deal.id).unwrap().state,
            DealState::Formed
        );
    }
    assert_ne!(
        pickup_code_of(&alice, deal.pickup_day),
        pickup_code_of(&bob, deal.pickup_day)
    );
    // Closing twice: the deal has ended.
    assert_eq!(
        push_one(&boss, Command::CloseDeal { deal_id: deal.id }).await,
        Verdict::rejected(Reason::DealClosed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calling_off_a_formed_deal_refunds_every_charge_exactly() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let bob = Device::join(&hub.url, &hub.invites.member_invite, "张大爷").await;
    sync(&[&alice, &bob]).await;
    alice.order(deal.id, 2).unwrap();
    bob.order(deal.id, 3).unwrap();
    sync(&[&alice, &bob]).await;
    assert_eq!(
        push_one(&boss, Command::CloseDeal { deal_id: deal.id }).await,
        Verdict::Applied
    );
    boss.enqueue(Command::RecordPayment {
        member_id: alice.me(),
        amount: Fen(5000),
        method: PaymentMethod::Cash,
    });
    sync(&[&boss]).await;

    // The reason must be said, and not at book length: blank words are refused with a
    // reason; none, or a book, is outside the document and refused whole (400).
    assert_eq!(
        push_one(
            &boss,
            Command::CallOffDeal {
                deal_id: deal.id,
                reason: "  ".into()
            }
        )
        .await,
        Verdict::rejected(Reason::BadText)
    );
    for reason in [String::new(), "很".repeat(2001)] {
        let refused = boss
            .client()
            .push(vec![Envelope {
                id: Uuid::new_v4(),
                command: Command::CallOffDeal {
                    deal_id: deal.id,
                    reason,
                },
            }])
            .await;
        assert!(
            matches!(&refused, Err(linli_core::sync::client::SyncError::Hub { status: 400, message, .. })
                if message.starts_with("/commands/0/reason")),
            "{refused:?}"
        );
    }
    boss.store
        .lock()
        .unwrap()
        .send(
            &Command::CallOffDeal {
                deal_id: deal.id,
                reason: "菜场今天停业，下次再团".into(),
            },
            Utc::now(),
        )
        .unwrap();
    let report = boss.syncer().sync_once().await.unwrap();
    assert_eq!(report.answered[0].verdict, Verdict::Applied);
    assert_eq!(
        boss.store.lock().unwrap().deal(deal.id).unwrap().state,
        DealState::CalledOff
    );

    sync(&[&alice, &bob]).await;
    for (d, qty, paid) in [(&alice, 2i64, 5000), (&bob, 3, 0)] {
        let o = d.orders();
        assert_eq!(o[0].state, OrderState::Cancelled(CancelReason::CalledOff));
        let ledger = d.store.lock().unwrap().ledger(d.me()).unwrap();
        let sum = |k: fn(&LedgerKind) -> bool| -> Fen {
            ledger.iter().filter(|e| k(&e.kind)).map(|e| e.amount).sum()
        };
        assert_eq!(sum(|k| *k == LedgerKind::Charge), Fen(-380 * qty));
        assert_eq!(
            sum(|k| *k == LedgerKind::Refund(RefundReason::CalledOff)),
            Fen(380 * qty),
            "the whole charge back, no more"
        );
        assert_eq!(d.store.lock().unwrap().balance(d.me()).unwrap(), Fen(paid));
        assert_eq!(
            d.store.lock().unwrap().deal(deal.id).unwrap().state,
            DealState::CalledOff,
            "members' apps can tell the deal was called off"
        );
    }
    // Once called off it can't be again, nor closed, edited or received.
    for c in [
        Command::CallOffDeal {
            deal_id: deal.id,
            reason: "再来一次".into(),
        },
        Command::CloseDeal { deal_id: deal.id },
        Command::PublishDeal { deal: deal.clone() },
    ] {
        assert_eq!(
            push_one(&boss, c).await,
            Verdict::rejected(Reason::DealClosed)
        );
    }
    assert_eq!(
        push_one(
            &boss,
            Command::RecordArrival {
                deal_id: deal.id,
                arrived: 5
            }
        )
        .await,
        Verdict::rejected(Reason::Invalid)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_deal_called_off_cancels_its_orders_and_charges_nothing() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    sync(&[&alice]).await;
    alice.order(deal.id, 2).unwrap();
    sync(&[&alice]).await;
    assert_eq!(
        push_one(
            &boss,
            Command::CallOffDeal {
                deal_id: deal.id,
                reason: "价格写错了".into()
            }
        )
        .await,
        Verdict::Applied
    );
    sync(&[&alice]).await;
    assert_eq!(
        alice.orders()[0].state,
        OrderState::Cancelled(CancelReason::CalledOff)
    );
    assert!(
        alice
            .store
            .lock()
            .unwrap()
            .ledger(alice.me())
            .unwrap()
            .is_empty()
    );
    // Ordering on it now is refused.
    assert!(alice.order(deal.id, 1).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_may_neither_close_nor_call_off_a_deal() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let helper = Device::join(&hub.url, &hub.invites.volunteer_invite, "小陈").await;
    for d in [&alice, &helper] {
        for c in [
            Command::CloseDeal { deal_id: deal.id },
            Command::CallOffDeal {
                deal_id: deal.id,
                reason: "我不想要了".into(),
            },
        ] {
            assert_eq!(push_one(d, c).await, Verdict::rejected(Reason::NotAllowed));
        }
    }
    sync(&[&boss]).await;
    assert_eq!(
        boss.store.lock().unwrap().deal(deal.id).unwrap().state,
        DealState::Open
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_first_order_the_terms_are_fixed_but_stock_may_grow() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    // Before any order the price may change.
    let cheaper = Deal {
        price: Fen(350),
        ..deal.clone()
    };
    assert_eq!(
        push_one(
            &boss,
            Command::PublishDeal {
                deal: cheaper.clone()
            }
        )
        .await,
        Verdict::Applied
    );
    let alice = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    sync(&[&alice]).await;
    let o = alice.order(deal.id, 4).unwrap();
    assert_eq!(o.unit_price, Fen(350));
    sync(&[&alice]).await;

    let dearer = Deal {
        price: Fen(400),
        ..cheaper.clone()
    };
    let v = push_one(&boss, Command::PublishDeal { deal: dearer }).await;
    assert_eq!(v, Verdict::rejected(Reason::TermsFixed));
    let Verdict::Rejected { message_id, .. } = v else {
        unreachable!()
    };
    assert_eq!(message_id, "reject-terms-fixed");
    let elsewhere = Deal {
        pickup_place: "南门".into(),
        ..cheaper.clone()
    };
    assert_eq!(
        push_one(&boss, Command::PublishDeal { deal: elsewhere }).await,
        Verdict::rejected(Reason::TermsFixed)
    );
    let too_few = Deal {
        stock: 3,
        ..cheaper.clone()
    };
    assert_eq!(
        push_one(&boss, Command::PublishDeal { deal: too_few }).await,
        Verdict::rejected(Reason::InvalidQuantity)
    );
    // The organiser's own device had not heard of the order yet: her edit is written
    // locally, refused by the hub, and the hub's copy comes back with the next pull.
    boss.store
        .lock()
        .unwrap()
        .send(
            &Command::PublishDeal {
                deal: Deal {
                    price: Fen(420),
                    ..cheaper.clone()
                },
            },
            Utc::now(),
        )
        .unwrap();
    assert_eq!(
        boss.store.lock().unwrap().deal(deal.id).unwrap().price,
        Fen(420)
    );
    let report = boss.syncer().sync_once().await.unwrap();
    assert_eq!(
        report.answered[0].verdict,
        Verdict::rejected(Reason::TermsFixed)
    );
    assert_eq!(
        boss.store.lock().unwrap().deal(deal.id).unwrap().price,
        Fen(350)
    );
    // Now she knows of the order, her device refuses the same edit itself.
    assert!(
        boss.store
            .lock()
            .unwrap()
            .send(
                &Command::PublishDeal {
                    deal: Deal {
                        price: Fen(420),
                        ..cheaper.clone()
                    },
                },
                Utc::now(),
            )
            .is_err()
    );
    let more = Deal {
        stock: 50,
        ..cheaper.clone()
    };
    assert_eq!(
        push_one(&boss, Command::PublishDeal { deal: more }).await,
        Verdict::Applied
    );
    sync(&[&alice]).await;
    let seen = alice.store.lock().unwrap().deal(deal.id).unwrap();
    assert_eq!((seen.price, seen.stock), (Fen(350), 50));
}

/// The OpenAPI document lists the new command types and every rejection reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_the_organiser_commands_and_every_reason() {
    let doc = linli_hub::openapi::document();
    let schemas = &doc["components"]["schemas"];
    let types: Vec<&str> = schemas["Command"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["properties"]["type"]["enum"][0].as_str().unwrap())
        .collect();
    for c in [
        Command::CloseDeal {
            deal_id: DealId::new(),
        },
        Command::CallOffDeal {
            deal_id: DealId::new(),
            reason: "x".into(),
        },
    ] {
        let v = serde_json::to_value(&c).unwrap();
        assert!(types.contains(&v["type"].as_str().unwrap()), "{v}");
    }
    let reasons = schemas["Reason"]["enum"].as_array().unwrap();
    for r in Reason::ALL {
        assert!(reasons.contains(&serde_json::to_value(r).unwrap()), "{r:?}");
    }
    assert_eq!(reasons.len(), Reason::ALL.len());
}
