//! Devices and a real hub on loopback: joining, publishing, ordering, racing for the last
//! units, catching up after being offline, closing at cutoff, and news arriving quickly.

mod common;

use chrono::{Duration, Utc};
use common::{Device, TestHub, publish};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::sync::protocol::{Reason, Verdict};
use std::time::Instant;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_joins_sees_the_deal_orders_and_the_organiser_sees_the_order() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    assert_eq!(boss.id.role, Role::Organiser);
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    assert_eq!(gran.id.role, Role::Member);

    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    gran.syncer().sync_once().await.unwrap();
    let open = gran
        .store
        .lock()
        .unwrap()
        .open_deals(gran.id.group_id)
        .unwrap();
    assert_eq!(open.len(), 1, "the member's device shows the new deal");
    assert_eq!(open[0].pickup_place, "3号楼门口");

    let order = gran.order(deal.id, 2).unwrap();
    assert_eq!(gran.pending(), 1, "the order waits in the outbox");
    let report = gran.syncer().sync_once().await.unwrap();
    assert_eq!(report.answered[0].verdict, Verdict::Applied);
    assert_eq!(gran.pending(), 0);
    let sold = gran.store.lock().unwrap().deal_sold(deal.id).unwrap();
    assert_eq!(sold, Some(2), "the hub told the member how many are sold");

    boss.syncer().sync_once().await.unwrap();
    let seen = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].id, seen[0].qty, seen[0].member_id),
        (order.id, 2, gran.me())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_members_ordering_ten_units_at_once_buy_exactly_ten() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 10, 1, Duration::hours(10)).await;
    let mut members = Vec::new();
    for i in 0..50 {
        let d = Device::join(&hub.url, &hub.invites.member_invite, &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        // Each device only knows its own orders, so each accepts the order locally.
        d.order(deal.id, 1).unwrap();
        members.push(d);
    }
    let mut set = tokio::task::JoinSet::new();
    for d in &members {
        let s = d.syncer();
        set.spawn(async move { s.sync_once().await.unwrap() });
    }
    let (mut applied, mut sold_out) = (0, 0);
    while let Some(r) = set.join_next().await {
        match &r.unwrap().answered[0].verdict {
            Verdict::Applied => applied += 1,
            Verdict::Rejected { reason, message_id } => {
                assert_eq!(*reason, Reason::SoldOut);
                assert_eq!(message_id, "reject-sold-out");
                sold_out += 1;
            }
        }
    }
    assert_eq!((applied, sold_out), (10, 40));

    boss.syncer().sync_once().await.unwrap();
    let orders = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    let units: u32 = orders
        .iter()
        .filter(|o| o.state.is_active())
        .map(|o| o.qty)
        .sum();
    assert_eq!(units, 10, "the hub sold exactly its stock");
    let rejected_on_devices = members
        .iter()
        .filter(|d| d.orders()[0].state == OrderState::Rejected(RejectReason::SoldOut))
        .count();
    assert_eq!(
        rejected_on_devices, 40,
        "each refused member sees 'sold out'"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_command_gets_its_first_answer_and_is_applied_once() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 5, 10, Duration::hours(10)).await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let env = Envelope {
        id: Uuid::new_v4(),
        command: Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal.id,
            qty: 3,
            member_id: None,
        },
    };
    let first = gran.client().push(vec![env.clone()]).await.unwrap();
    let again = gran
        .client()
        .push(vec![env.clone(), env.clone()])
        .await
        .unwrap();
    assert_eq!(first[0].verdict, Verdict::Applied);
    assert_eq!(again, vec![first[0].clone(), first[0].clone()]);
    assert_eq!(hub.counters().await, (3, 0, 2));
    boss.syncer().sync_once().await.unwrap();
    let orders = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!(orders.len(), 1, "applied once");
    // A second order of 3 no longer fits in the stock of 5.
    let more = Envelope {
        id: Uuid::new_v4(),
        command: Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal.id,
            qty: 3,
            member_id: None,
        },
    };
    let r = gran.client().push(vec![more]).await.unwrap();
    assert_eq!(r[0].verdict, Verdict::rejected(Reason::SoldOut));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_offline_catches_up_when_the_hub_is_back() {
    let mut hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 50, 10, Duration::days(1)).await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    gran.syncer().sync_once().await.unwrap();

    hub.stop().await;
    // A day without the hub: she keeps ordering and changing her mind on her own computer.
    let a = gran.order(deal.id, 2).unwrap();
    let b = gran.order(deal.id, 1).unwrap();
    gran.store
        .lock()
        .unwrap()
        .change_order(a.id, 3, Utc::now())
        .unwrap();
    gran.store
        .lock()
        .unwrap()
        .cancel_order(b.id, Utc::now())
        .unwrap();
    let syncer = gran.syncer();
    let status = syncer.status();
    assert!(syncer.sync_once().await.is_err());
    let s = status.borrow().clone();
    assert_eq!(s.pending, 4, "four commands wait");
    assert!(s.last_error.unwrap().contains("can't reach the hub"));
    assert_eq!(gran.orders().len(), 2, "nothing was lost locally");

    hub.restart().await;
    boss.enqueue(Command::PostNotice {
        notice: Notice {
            id: NoticeId::new(),
            group_id: boss.id.group_id,
            author_id: boss.me(),
            title: "明天到货".into(),
            body: "下午三点在3号楼门口取货".into(),
            created_at: Utc::now(),
        },
    });
    boss.syncer().sync_once().await.unwrap();
    let report = syncer.sync_once().await.unwrap();
    assert_eq!(report.answered.len(), 4);
    assert!(
        report
            .answered
            .iter()
            .all(|x| x.verdict == Verdict::Applied)
    );
    let s = status.borrow().clone();
    assert_eq!((s.pending, s.last_error), (0, None));
    assert!(s.last_sync.is_some());
    let notices = gran
        .store
        .lock()
        .unwrap()
        .notices(gran.id.group_id, 10)
        .unwrap();
    assert_eq!(
        notices[0].title, "明天到货",
        "news from while she was away arrived"
    );

    boss.syncer().sync_once().await.unwrap();
    let hub_view = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    let mut mine = gran.orders();
    mine.sort_by_key(|o| o.id);
    let mut theirs = hub_view;
    theirs.sort_by_key(|o| o.id);
    let summary = |v: &[Order]| v.iter().map(|o| (o.id, o.qty, o.state)).collect::<Vec<_>>();
    assert_eq!(summary(&mine), summary(&theirs));
    assert_eq!(
        summary(&theirs)[0].2.is_active() as u8 + summary(&theirs)[1].2.is_active() as u8,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cutoff_confirms_orders_and_goods_arrived_reaches_a_waiting_member_within_seconds() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 20, 5, Duration::seconds(2)).await;
    let gran = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    gran.syncer().sync_once().await.unwrap();
    let order = gran.order(deal.id, 2).unwrap();
    gran.syncer().sync_once().await.unwrap();

    // Too late after cutoff, by the hub's clock.
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let late = Envelope {
        id: Uuid::new_v4(),
        command: Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal.id,
            qty: 1,
            member_id: None,
        },
    };
    let r = gran.client().push(vec![late]).await.unwrap();
    assert!(matches!(
        r[0].verdict,
        Verdict::Rejected {
            reason: Reason::TooLate | Reason::DealClosed,
            ..
        }
    ));

    gran.syncer().sync_once().await.unwrap();
    let mine = gran.orders();
    assert_eq!(mine[0].state, OrderState::Confirmed);
    let ledger = gran.store.lock().unwrap().ledger(gran.me()).unwrap();
    assert_eq!(ledger.len(), 1, "she was charged once");
    assert_eq!(ledger[0].amount.0, -760);

    // She waits with the app open; the organiser records the goods.
    let mut s = gran.syncer();
    let mut answers = s.answers();
    let status = s.status();
    let store = gran.store.clone();
    let runner = tokio::spawn(async move {
        s.run(std::future::pending()).await;
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let t0 = Instant::now();
    boss.enqueue(Command::RecordArrival {
        deal_id: deal.id,
        arrived: 20,
    });
    boss.syncer().sync_once().await.unwrap();
    loop {
        let st = store
            .lock()
            .unwrap()
            .orders_of_member(order.member_id, 10)
            .unwrap()[0]
            .state;
        if st == OrderState::Ready {
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 5,
            "goods arrived did not reach her in 5 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    eprintln!("goods arrived reached the member in {:?}", t0.elapsed());
    assert!(status.borrow().last_error.is_none());
    assert!(answers.try_recv().is_err(), "she sent nothing");
    runner.abort();

    // At the desk the organiser types her code; her goods are handed over.
    let code = gran
        .store
        .lock()
        .unwrap()
        .pickup_code(
            gran.id.group_id,
            gran.me(),
            deal.pickup_day,
            &mut rand::rng(),
        )
        .unwrap();
    boss.enqueue(Command::HandOver {
        pickup_day: deal.pickup_day,
        code: "999999".into(),
    });
    boss.enqueue(Command::HandOver {
        pickup_day: deal.pickup_day,
        code,
    });
    let r = boss.syncer().sync_once().await.unwrap();
    assert_eq!(r.answered[0].verdict, Verdict::rejected(Reason::WrongCode));
    assert_eq!(r.answered[1].verdict, Verdict::Applied);
    gran.syncer().sync_once().await.unwrap();
    assert_eq!(gran.orders()[0].state, OrderState::PickedUp);
}
