//! Orders taken for neighbours without a computer (代下单), through a real hub on loopback
//! and real device files: the organiser adds a neighbour by name and orders for him; a
//! volunteer orders only for the member whose help request she has claimed, until she
//! finishes it; every such order says who entered it, on the member's own device too; the
//! stock and limit rules are hers; a one-time link code later joins the neighbour's own
//! device as him, with his orders and balance. Runs on both stores.

mod common;

use chrono::{Duration, Utc};
use common::*;
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::sync::client::SyncError;
use linli_core::sync::protocol::{Reason, Verdict};

async fn sync(d: &Device) -> Vec<Verdict> {
    d.syncer()
        .sync_once()
        .await
        .unwrap()
        .answered
        .into_iter()
        .map(|a| a.verdict)
        .collect()
}

fn order_for(d: &Device, member: MemberId, deal: DealId, qty: u32) -> Order {
    d.store
        .lock()
        .unwrap()
        .place_order(member, deal, OrderId::new(), qty, Utc::now())
        .unwrap()
}

fn orders_of(d: &Device, member: MemberId) -> Vec<Order> {
    d.store
        .lock()
        .unwrap()
        .orders_of_member(member, 100)
        .unwrap()
}

fn ask_help(d: &Device, kind: HelpKind) -> HelpRequest {
    let h = HelpRequest {
        id: HelpRequestId::new(),
        group_id: d.id.group_id,
        member_id: d.me(),
        kind,
        note: "帮我订点鸡蛋".into(),
        state: HelpState::Open,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    d.store.lock().unwrap().ask_help(&h).unwrap();
    h
}

#[tokio::test]
async fn the_organiser_orders_for_a_neighbour_without_a_computer_who_later_joins_with_his_link_code()
 {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 10, 3, Duration::hours(2)).await;

    // 王大爷 has no computer: she adds him by name only.
    let wang = boss
        .store
        .lock()
        .unwrap()
        .add_neighbour(boss.id.group_id, "  王大爷 ", Utc::now())
        .unwrap();
    assert_eq!(wang.display_name, "王大爷", "the name is kept tidied");
    assert_eq!(wang.role, Role::Member);
    // He phones; she takes his order on her computer.
    let o = order_for(&boss, wang.id, deal.id, 2);
    assert_eq!(
        o.entered_by,
        Some(boss.me()),
        "her device records who entered it"
    );
    assert_eq!(sync(&boss).await, [Verdict::Applied, Verdict::Applied]);
    // The hub's copy says the same after a pull.
    let hub_copy = orders_of(&boss, wang.id);
    assert_eq!(hub_copy.len(), 1);
    assert_eq!(hub_copy[0].entered_by, Some(boss.me()));
    assert_eq!(hub_copy[0].qty, 2);
    // His limit is his own: 3 a head, so 2 more are refused for him at the hub.
    boss.enqueue(Command::PlaceOrder {
        order_id: OrderId::new(),
        deal_id: deal.id,
        qty: 2,
        member_id: Some(wang.id),
    });
    assert_eq!(sync(&boss).await, [Verdict::rejected(Reason::OverLimit)]);
    // A name with a control character is refused with the text reason; nothing is added.
    boss.enqueue(Command::AddNeighbour {
        member_id: MemberId::new(),
        name: "王\u{7}".into(),
    });
    assert_eq!(sync(&boss).await, [Verdict::rejected(Reason::BadText)]);

    // The deal closes: he is charged and has a pickup code like anyone.
    boss.enqueue(Command::CloseDeal { deal_id: deal.id });
    assert_eq!(sync(&boss).await, [Verdict::Applied]);
    let balance = boss.store.lock().unwrap().balance(wang.id).unwrap();
    assert_eq!(balance, Fen(-760));
    let code = boss
        .store
        .lock()
        .unwrap()
        .pickup_code(boss.id.group_id, wang.id, deal.pickup_day, &mut rand::rng())
        .unwrap();

    // Later his daughter sets up a computer for him with the printed link code.
    let link = boss.client().link_code(wang.id).await.unwrap();
    let old = boss.client().link_code(wang.id).await.unwrap();
    assert_ne!(link, old);
    // Only the newest code works, and only once.
    let stale = linli_core::sync::client::HubClient::new(&hub.url)
        .unwrap()
        .join(&link, "王大爷")
        .await;
    assert!(
        matches!(&stale, Err(SyncError::Hub { status: 401, .. })),
        "an older link code is void: {stale:?}"
    );
    let his = Device::join(&hub.url, &old, "随便写的名字").await;
    assert_eq!(his.me(), wang.id, "he joins as himself");
    assert_eq!(his.id.role, Role::Member);
    sync(&his).await;
    let mine = his.orders();
    assert_eq!(mine.len(), 1, "his phone order is on his own computer");
    assert_eq!(mine[0].state, OrderState::Confirmed);
    assert_eq!(mine[0].entered_by, Some(boss.me()));
    assert_eq!(
        his.store.lock().unwrap().balance(wang.id).unwrap(),
        Fen(-760)
    );
    let his_code = his
        .store
        .lock()
        .unwrap()
        .pickup_code(his.id.group_id, wang.id, deal.pickup_day, &mut rand::rng())
        .unwrap();
    assert_eq!(his_code, code, "the same pickup code on his computer");
    let again = linli_core::sync::client::HubClient::new(&hub.url)
        .unwrap()
        .join(&old, "王大爷")
        .await;
    assert!(
        matches!(&again, Err(SyncError::Hub { status: 401, .. })),
        "a link code works once: {again:?}"
    );
}

#[tokio::test]
async fn link_codes_are_the_organisers_and_only_for_her_group() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let refused = li.client().link_code(li.me()).await;
    assert!(
        matches!(&refused, Err(SyncError::Hub { status: 403, .. })),
        "{refused:?}"
    );
    let unknown = boss.client().link_code(MemberId::new()).await;
    assert!(
        matches!(&unknown, Err(SyncError::Hub { status: 404, .. })),
        "{unknown:?}"
    );
    let own = boss.client().link_code(boss.me()).await;
    assert!(
        matches!(&own, Err(SyncError::Hub { status: 409, code, .. }) if code == "organisers_invite"),
        "{own:?}"
    );
    // A member with a computer may get one too (a new computer): it joins as her.
    let code = boss.client().link_code(li.me()).await.unwrap();
    let second = Device::join(&hub.url, &code, "李奶奶").await;
    assert_eq!(second.me(), li.me());
}

#[tokio::test]
async fn a_volunteer_orders_only_for_the_member_whose_request_she_claimed_until_she_finishes() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let li = Device::join(&hub.url, &hub.invites.member_invite, "李奶奶").await;
    let zhao = Device::join(&hub.url, &hub.invites.member_invite, "赵大爷").await;
    let xiao = Device::join(&hub.url, &hub.invites.volunteer_invite, "小张").await;
    let chen = Device::join(&hub.url, &hub.invites.volunteer_invite, "小陈").await;
    let (_, deal) = publish(&boss, 4, 3, Duration::hours(2)).await;
    sync(&li).await;
    let h = ask_help(&li, HelpKind::Ordering);
    sync(&li).await;
    sync(&xiao).await;
    sync(&chen).await;

    // No claim yet: refused at the hub, and her device marks the order refused.
    let early = order_for(&xiao, li.me(), deal.id, 1);
    assert_eq!(sync(&xiao).await, [Verdict::rejected(Reason::NotAllowed)]);
    let state = |d: &Device, id| {
        d.store
            .lock()
            .unwrap()
            .orders_of_member(li.me(), 100)
            .unwrap()
            .into_iter()
            .find(|o: &Order| o.id == id)
            .unwrap()
            .state
    };
    assert!(matches!(state(&xiao, early.id), OrderState::Rejected(_)));

    // 小张 claims it and orders 2 for her.
    xiao.store
        .lock()
        .unwrap()
        .step_help(xiao.me(), h.id, false, Utc::now())
        .unwrap();
    let placed = order_for(&xiao, li.me(), deal.id, 2);
    assert_eq!(sync(&xiao).await, [Verdict::Applied, Verdict::Applied]);
    // Another volunteer, and a plain member, may not.
    chen.enqueue(Command::PlaceOrder {
        order_id: OrderId::new(),
        deal_id: deal.id,
        qty: 1,
        member_id: Some(li.me()),
    });
    chen.enqueue(Command::CancelOrder {
        order_id: placed.id,
    });
    assert_eq!(
        sync(&chen).await,
        [
            Verdict::rejected(Reason::NotAllowed),
            Verdict::rejected(Reason::NotAllowed)
        ]
    );
    zhao.enqueue(Command::PlaceOrder {
        order_id: OrderId::new(),
        deal_id: deal.id,
        qty: 1,
        member_id: Some(li.me()),
    });
    assert_eq!(sync(&zhao).await, [Verdict::rejected(Reason::NotAllowed)]);
    // The stock rule is the same as hers: 4 in all, 2 taken, 3 more is sold out.
    xiao.enqueue(Command::ChangeOrder {
        order_id: placed.id,
        qty: 3,
    });
    zhao.order(deal.id, 2).unwrap();
    assert_eq!(sync(&zhao).await, [Verdict::Applied]);
    assert_eq!(sync(&xiao).await, [Verdict::rejected(Reason::SoldOut)]);

    // Her own device shows who ordered it for her, and she may cancel it before cutoff.
    sync(&li).await;
    let hers = li.orders();
    assert_eq!(hers.len(), 1);
    assert_eq!((hers[0].qty, hers[0].entered_by), (2, Some(xiao.me())));
    let who = li.store.lock().unwrap().member(xiao.me()).unwrap().unwrap();
    assert_eq!(
        who.display_name, "小张",
        "her device can name who entered it"
    );

    // Finished: from now on 小张 may not touch her orders.
    xiao.store
        .lock()
        .unwrap()
        .step_help(xiao.me(), h.id, true, Utc::now())
        .unwrap();
    assert_eq!(sync(&xiao).await, [Verdict::Applied]);
    xiao.enqueue(Command::ChangeOrder {
        order_id: placed.id,
        qty: 1,
    });
    assert_eq!(sync(&xiao).await, [Verdict::rejected(Reason::NotAllowed)]);
    li.store
        .lock()
        .unwrap()
        .cancel_order(placed.id, Utc::now())
        .unwrap();
    assert_eq!(sync(&li).await, [Verdict::Applied]);
    sync(&li).await;
    let hers = li.orders();
    assert_eq!(hers[0].state, OrderState::Cancelled(CancelReason::ByMember));
    assert_eq!(hers[0].entered_by, None, "she cancelled it herself");
}
