//! The device's side of syncing, on a real file: a pulled page lands whole or not at all
//! (data and cursor together), and the hub's answers update the outbox and the orders.

mod common;

use common::{at, setup};
use linli_core::model::*;
use linli_core::store::{Durability, Store};
use linli_core::sync::protocol::{Change, Outcome, PullPage, Reason, Verdict};

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("linli.db"), Durability::Normal).unwrap()
}

#[test]
fn a_page_that_fails_half_way_leaves_data_and_cursor_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    let f = setup(&mut s, 10, 0, 5);
    let notice = Notice {
        id: NoticeId::new(),
        group_id: f.group.id,
        author_id: f.organiser.id,
        title: "到货了".into(),
        body: String::new(),
        created_at: at(9),
    };
    s.apply_pull(&PullPage {
        changes: vec![Change::Notice(notice.clone())],
        next: 5,
        more: false,
    })
    .unwrap();
    assert_eq!(s.cursor().unwrap(), 5);

    // A page whose second change breaks a rule of the file (a zero-quantity order).
    let mut deal = f.deal.clone();
    deal.stock = 99;
    let bad = Order {
        id: OrderId::new(),
        deal_id: f.deal.id,
        member_id: f.members[0].id,
        qty: 0,
        allocated: None,
        unit_price: f.deal.price,
        state: OrderState::Placed,
        queued_at: at(10),
        placed_at: at(10),
        updated_at: at(10),
        entered_by: None,
    };
    let page = PullPage {
        changes: vec![
            Change::Deal { deal, sold: 3 },
            Change::Order {
                order: bad,
                product_id: f.product.id,
                pickup_day: f.deal.pickup_day,
            },
        ],
        next: 9,
        more: false,
    };
    assert!(s.apply_pull(&page).is_err());
    drop(s);
    let s = open(&dir);
    assert_eq!(
        s.cursor().unwrap(),
        5,
        "the cursor did not move past the page"
    );
    assert_eq!(
        s.deal(f.deal.id).unwrap().stock,
        10,
        "nothing of the page was kept"
    );
    assert_eq!(s.deal_sold(f.deal.id).unwrap(), None);
    assert_eq!(
        s.notices(f.group.id, 5).unwrap(),
        vec![notice],
        "the earlier page stays"
    );
}

#[test]
fn an_order_may_arrive_before_its_deal_in_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    let f = setup(&mut s, 10, 0, 5);
    let mut deal = f.deal.clone();
    deal.id = DealId::new();
    let order = Order {
        id: OrderId::new(),
        deal_id: deal.id,
        member_id: f.members[0].id,
        qty: 2,
        allocated: None,
        unit_price: deal.price,
        state: OrderState::Placed,
        queued_at: at(10),
        placed_at: at(10),
        updated_at: at(10),
        entered_by: None,
    };
    s.apply_pull(&PullPage {
        changes: vec![
            Change::Order {
                order: order.clone(),
                product_id: deal.product_id,
                pickup_day: deal.pickup_day,
            },
            Change::Deal {
                deal: deal.clone(),
                sold: 2,
            },
        ],
        next: 2,
        more: false,
    })
    .unwrap();
    assert_eq!(s.orders_of_deal(deal.id).unwrap(), vec![order]);
    assert_eq!(s.deal_sold(deal.id).unwrap(), Some(2));
}

#[test]
fn the_hubs_answers_empty_the_outbox_and_mark_refused_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    let f = setup(&mut s, 10, 0, 5);
    let me = f.members[0].id;
    let kept = s
        .place_order(me, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    let refused = s
        .place_order(me, f.deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    let queued = s.outbox(10).unwrap();
    assert_eq!(queued.len(), 2);
    let answers = vec![
        Outcome {
            id: queued[0].envelope.id,
            verdict: Verdict::Applied,
        },
        Outcome {
            id: queued[1].envelope.id,
            verdict: Verdict::rejected(Reason::SoldOut),
        },
        // An answer to something already answered is ignored.
        Outcome {
            id: uuid::Uuid::new_v4(),
            verdict: Verdict::Applied,
        },
    ];
    let answered = s.apply_outcomes(&answers, at(11)).unwrap();
    assert_eq!(answered.len(), 2);
    assert_eq!(s.outbox_len().unwrap(), 0);
    let orders = s.orders_of_member(me, 10).unwrap();
    let state = |id| orders.iter().find(|o| o.id == id).unwrap().state;
    assert_eq!(state(kept.id), OrderState::Placed);
    assert_eq!(
        state(refused.id),
        OrderState::Rejected(RejectReason::SoldOut)
    );
}
