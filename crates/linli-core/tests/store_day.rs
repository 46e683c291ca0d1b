//! A group's day through the store: order, change, cancel, close, arrive, pick up, money.

mod common;

use common::{at, pickup_day, setup};
use linli_core::Fen;
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::rules::ledger::MoneyError;
use linli_core::store::{Durability, Store, StoreError, complaints};

fn rejected(r: Result<Order, StoreError>) -> RejectReason {
    match r {
        Err(StoreError::Rejected(reason)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn ordering_queues_commands_and_refusals_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 5, 0, 3);
    let (a, b) = (f.members[0].id, f.members[1].id);
    let o = s
        .place_order(a, f.deal.id, OrderId::new(), 3, at(10))
        .unwrap();
    assert_eq!(o.state, OrderState::Placed);
    assert_eq!(
        rejected(s.place_order(a, f.deal.id, OrderId::new(), 1, at(11))),
        RejectReason::OverLimit
    );
    assert_eq!(
        rejected(s.place_order(b, f.deal.id, OrderId::new(), 3, at(11))),
        RejectReason::SoldOut
    );
    assert_eq!(
        rejected(s.place_order(b, f.deal.id, OrderId::new(), 1, at(22))),
        RejectReason::TooLate
    );
    assert_eq!(
        s.orders_of_deal(f.deal.id).unwrap(),
        vec![o.clone()],
        "refusals left no order behind"
    );
    assert_eq!(
        s.outbox_len().unwrap(),
        1,
        "refusals left no command behind"
    );

    let changed = s.change_order(o.id, 1, at(12)).unwrap();
    assert_eq!(changed.qty, 1);
    s.place_order(b, f.deal.id, OrderId::new(), 3, at(13))
        .unwrap();
    s.cancel_order(o.id, at(14)).unwrap();
    assert_eq!(
        rejected(s.change_order(o.id, 2, at(15))),
        RejectReason::DealClosed
    );
    let queued: Vec<Command> = s
        .outbox(10)
        .unwrap()
        .into_iter()
        .map(|p| p.envelope.command)
        .collect();
    assert!(
        matches!(
            queued.as_slice(),
            [
                Command::PlaceOrder { qty: 3, .. },
                Command::ChangeOrder { qty: 1, .. },
                Command::PlaceOrder { qty: 3, .. },
                Command::CancelOrder { .. },
            ]
        ),
        "{queued:?}"
    );
    let ids: Vec<uuid::Uuid> = s.outbox(2).unwrap().iter().map(|p| p.envelope.id).collect();
    s.outbox_failed(&ids, "network down").unwrap();
    assert_eq!(s.outbox(1).unwrap()[0].attempts, 1);
    s.outbox_done(&ids).unwrap();
    assert_eq!(s.outbox_len().unwrap(), 2);
}

#[test]
fn two_members_buying_the_last_item_from_two_processes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let f = setup(&mut Store::open(&path, Durability::Full).unwrap(), 1, 0, 5);
    for round in 0..20 {
        let deal = Deal {
            id: DealId::new(),
            ..f.deal.clone()
        };
        Store::open(&path, Durability::Full)
            .unwrap()
            .publish_deal(&deal)
            .unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = f.members[..2]
            .iter()
            .map(|m| {
                let (path, barrier, member) = (path.clone(), barrier.clone(), m.id);
                std::thread::spawn(move || {
                    let mut s = Store::open(&path, Durability::Full).unwrap();
                    barrier.wait();
                    s.place_order(member, deal.id, OrderId::new(), 1, at(10))
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {results:?}");
        assert!(
            results
                .iter()
                .any(|r| matches!(r, Err(StoreError::Rejected(RejectReason::SoldOut))))
        );
        let s = Store::open(&path, Durability::Full).unwrap();
        assert_eq!(s.orders_of_deal(deal.id).unwrap().len(), 1);
    }
}

#[test]
fn a_day_from_cutoff_to_pickup_with_a_shortage() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 20, 4, 5);
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    for m in [a, b, c] {
        s.record_payment(m, Fen(2000), PaymentMethod::Cash, at(1))
            .unwrap();
    }
    let oa = s
        .place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    let ob = s
        .place_order(b, f.deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    let oc = s
        .place_order(c, f.deal.id, OrderId::new(), 1, at(11))
        .unwrap();
    // A second deal nobody wants fails at cutoff.
    let lonely = Deal {
        id: DealId::new(),
        min_total: 10,
        ..f.deal.clone()
    };
    s.publish_deal(&lonely).unwrap();
    let ol = s
        .place_order(c, lonely.id, OrderId::new(), 1, at(12))
        .unwrap();

    assert!(
        s.close_due_deals(f.group.id, at(21)).unwrap().is_empty(),
        "nothing closes before cutoff"
    );
    let closed = s.close_due_deals(f.group.id, at(22)).unwrap();
    assert_eq!(closed.len(), 2);
    assert_eq!(s.deal(f.deal.id).unwrap().state, DealState::Formed);
    assert_eq!(s.deal(lonely.id).unwrap().state, DealState::Failed);
    let lonely_order = s
        .orders_of_member(c, 10)
        .unwrap()
        .into_iter()
        .find(|o| o.id == ol.id)
        .unwrap();
    assert_eq!(
        lonely_order.state,
        OrderState::Cancelled(CancelReason::DealFailed)
    );
    assert_eq!(
        s.balance(a).unwrap(),
        Fen(2000 - 760),
        "charged when the deal formed"
    );
    assert_eq!(
        s.balance(c).unwrap(),
        Fen(2000 - 380),
        "the failed deal charged nothing"
    );

    // Only 3 of 5 arrive: A (first) gets 2, B gets 1 and a refund for 1, C gets nothing.
    s.record_arrival(f.deal.id, 3, at(30)).unwrap();
    let deal_id = f.deal.id;
    let got = |s: &Store, id: OrderId| {
        s.orders_of_deal(deal_id)
            .unwrap()
            .into_iter()
            .find(|o| o.id == id)
            .unwrap()
    };
    assert_eq!(
        (got(&s, oa.id).allocated, got(&s, oa.id).state),
        (Some(2), OrderState::Ready)
    );
    assert_eq!(
        (got(&s, ob.id).allocated, got(&s, ob.id).state),
        (Some(1), OrderState::Ready)
    );
    assert_eq!(
        got(&s, oc.id).state,
        OrderState::Cancelled(CancelReason::Shortage)
    );
    assert_eq!(s.balance(b).unwrap(), Fen(2000 - 380));
    assert_eq!(s.balance(c).unwrap(), Fen(2000));
    assert_eq!(s.on_hand(f.product.id).unwrap(), 3);

    // Pickup codes: one per member per day, stable when asked again, verified at the desk.
    let mut rng = rand::rng();
    let code_a = s
        .pickup_code(f.group.id, a, pickup_day(), &mut rng)
        .unwrap();
    let code_b = s
        .pickup_code(f.group.id, b, pickup_day(), &mut rng)
        .unwrap();
    assert_ne!(code_a, code_b);
    assert_eq!(
        s.pickup_code(f.group.id, a, pickup_day(), &mut rng)
            .unwrap(),
        code_a
    );
    let spaced = format!("{} {}", &code_a[..3], &code_a[3..]);
    let (who, ready) = s.verify_pickup(f.group.id, pickup_day(), &spaced).unwrap();
    assert_eq!((who, ready.len()), (a, 1));
    assert!(matches!(
        s.verify_pickup(f.group.id, pickup_day(), "12345"),
        Err(StoreError::Code(_))
    ));
    let handed = s.hand_over(a, pickup_day(), at(33)).unwrap();
    assert_eq!(handed[0].state, OrderState::PickedUp);
    assert!(
        s.verify_pickup(f.group.id, pickup_day(), &code_a)
            .unwrap()
            .1
            .is_empty(),
        "nothing left to hand over"
    );
    // B never comes.
    s.mark_unclaimed(b, pickup_day(), at(44)).unwrap();
    assert_eq!(got(&s, ob.id).state, OrderState::Unclaimed);
    assert_eq!(s.on_hand(f.product.id).unwrap(), 0);
    let losses = s
        .loss_rate_per_product(pickup_day().pred_opt().unwrap(), pickup_day())
        .unwrap();
    assert_eq!(
        (losses[0].received, losses[0].lost, losses[0].per_mille()),
        (3, 1, Some(333))
    );

    // A complains; the organiser's answer refunds ¥2.00, once (written as the hub does).
    let complaint = s
        .file_complaint(
            a,
            oa.id,
            ComplaintKind::NotFresh,
            "有一个西红柿烂了",
            at(34),
        )
        .unwrap();
    let answer = |s: &mut Store, id, amount: i64| {
        s.immediate(|c| complaints::answer(c, id, Some(Fen(amount)), "退钱", at(35)))
    };
    answer(&mut s, complaint.id, 200).unwrap();
    assert_eq!(s.balance(a).unwrap(), Fen(2000 - 760 + 200));
    assert!(matches!(
        answer(&mut s, complaint.id, 200),
        Err(StoreError::Money(MoneyError::AlreadyResolved))
    ));
    assert_eq!(
        s.balance(a).unwrap(),
        Fen(2000 - 760 + 200),
        "a second answer changed nothing"
    );
    let too_much = s
        .file_complaint(a, oa.id, ComplaintKind::Other, "", at(36))
        .unwrap();
    assert!(matches!(
        answer(&mut s, too_much.id, 10_000),
        Err(StoreError::Money(MoneyError::MoreThanCharged {
            left: Fen(560)
        }))
    ));

    // The next tomato deal: A took 2, B's 1 went unclaimed → suggest 2.
    let next = s
        .suggest_quantity(f.product.id, pickup_day().succ_opt().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((next.quantity, next.deals_used), (2, 1));
}

#[test]
fn bad_money_input_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 5, 0, 3);
    assert!(matches!(
        s.record_payment(f.members[0].id, Fen(-5), PaymentMethod::Cash, at(1)),
        Err(StoreError::Money(_))
    ));
    assert!(s.ledger(f.members[0].id).unwrap().is_empty());
    assert!(matches!(
        s.change_order(OrderId::new(), 1, at(1)),
        Err(StoreError::NotFound("order"))
    ));
}

#[test]
fn a_help_request_is_saved_and_queued_for_the_volunteers() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 5, 0, 3);
    let h = HelpRequest {
        id: HelpRequestId::new(),
        group_id: f.group.id,
        member_id: f.members[0].id,
        kind: HelpKind::Ordering,
        note: "不会改订单".into(),
        state: HelpState::Open,
        created_at: at(9),
        updated_at: at(9),
    };
    s.ask_help(&h).unwrap();
    assert_eq!(s.open_help_requests(f.group.id).unwrap(), vec![h.clone()]);
    let queued = s.outbox(5).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        queued[0].envelope.command,
        Command::AskHelp {
            request_id: h.id,
            note: h.note.clone(),
            kind: HelpKind::Ordering,
        }
    );
    let claimed = HelpRequest {
        state: HelpState::Claimed(f.organiser.id),
        updated_at: at(10),
        ..h
    };
    s.put_help_request(&claimed).unwrap();
    assert!(s.open_help_requests(f.group.id).unwrap().is_empty());
}

#[test]
fn notices_and_tips_read_back_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 5, 0, 3);
    let notice = |h: u32| Notice {
        id: NoticeId::new(),
        group_id: f.group.id,
        author_id: f.organiser.id,
        title: "今天的货到了".into(),
        body: format!("{h}点到3号楼门口取货"),
        created_at: at(h),
    };
    let (early, late) = (notice(8), notice(9));
    s.post_notice(&early).unwrap();
    s.post_notice(&late).unwrap();
    assert_eq!(
        s.notices(f.group.id, 10).unwrap(),
        vec![late.clone(), early]
    );
    assert_eq!(s.notices(f.group.id, 1).unwrap(), vec![late]);
    let tip = Tip {
        id: TipId::new(),
        group_id: f.group.id,
        author_id: f.members[0].id,
        product_id: None,
        title: "青菜怎么保鲜".into(),
        body: "用报纸包好放冰箱".into(),
        approved: true,
        withdrawn: false,
        created_at: at(7),
    };
    s.post_tip(&tip).unwrap();
    assert_eq!(s.tips(f.group.id, 10).unwrap(), vec![tip]);
}

/// 代下单 on the organiser's computer: her identity makes every order she enters for a
/// neighbour record her; a whole order read back is entered all or nothing; a second pass
/// changes, a 0 cancels, and an unchanged line sends nothing.
#[test]
fn an_order_taken_for_a_neighbour_is_all_or_nothing_and_says_who_entered_it() {
    use linli_core::store::orders::Want;
    use linli_core::store::sync::Identity;
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 5, 0, 3);
    let boss = f.organiser.id;
    s.set_identity(&Identity {
        hub: "http://127.0.0.1:1".into(),
        token: "t".into(),
        member_id: boss,
        group_id: f.group.id,
        role: Role::Organiser,
        pin: None,
    })
    .unwrap();
    let wang = s.add_neighbour(f.group.id, "王大爷", at(9)).unwrap();
    let second = Deal {
        id: DealId::new(),
        stock: 1,
        ..f.deal.clone()
    };
    s.publish_deal(&second).unwrap();
    let before = s.outbox_len().unwrap();

    // 2 tomatoes and 2 of the second deal (only 1 in stock): nothing at all is entered,
    // and the refusal names the deal it stopped at.
    let refused = s
        .enter_orders(
            wang.id,
            &[
                Want {
                    deal: f.deal.id,
                    qty: 2,
                },
                Want {
                    deal: second.id,
                    qty: 2,
                },
            ],
            at(10),
        )
        .unwrap_err();
    assert_eq!(refused.deal, Some(second.id));
    assert!(matches!(
        refused.error,
        StoreError::Rejected(RejectReason::SoldOut)
    ));
    assert!(s.orders_of_member(wang.id, 10).unwrap().is_empty());
    assert_eq!(s.outbox_len().unwrap(), before, "nothing queued");

    // As read back again with 1: both entered, each recording her.
    let entered = s
        .enter_orders(
            wang.id,
            &[
                Want {
                    deal: f.deal.id,
                    qty: 2,
                },
                Want {
                    deal: second.id,
                    qty: 1,
                },
            ],
            at(10),
        )
        .unwrap();
    assert_eq!(entered.len(), 2);
    assert!(entered.iter().all(|o| o.entered_by == Some(boss)));
    let queued: Vec<Command> = s
        .outbox(100)
        .unwrap()
        .into_iter()
        .map(|p| p.envelope.command)
        .collect();
    assert!(queued.iter().any(|c| matches!(
        c,
        Command::PlaceOrder { member_id: Some(m), qty: 2, .. } if *m == wang.id
    )));
    assert!(queued.iter().any(|c| matches!(
        c,
        Command::AddNeighbour { member_id, name } if *member_id == wang.id && name == "王大爷"
    )));

    // He phones again: 3 tomatoes, no more of the other. One change, one cancellation;
    // an unchanged line sends nothing.
    let n = s.outbox_len().unwrap();
    s.enter_orders(
        wang.id,
        &[
            Want {
                deal: f.deal.id,
                qty: 3,
            },
            Want {
                deal: second.id,
                qty: 0,
            },
        ],
        at(11),
    )
    .unwrap();
    assert_eq!(s.outbox_len().unwrap(), n + 2);
    s.enter_orders(
        wang.id,
        &[Want {
            deal: f.deal.id,
            qty: 3,
        }],
        at(12),
    )
    .unwrap();
    assert_eq!(s.outbox_len().unwrap(), n + 2, "unchanged: nothing sent");
    let his = s.orders_of_member(wang.id, 10).unwrap();
    let tomato = his.iter().find(|o| o.deal_id == f.deal.id).unwrap();
    assert_eq!((tomato.qty, tomato.entered_by), (3, Some(boss)));
    let other = his.iter().find(|o| o.deal_id == second.id).unwrap();
    assert_eq!(other.state, OrderState::Cancelled(CancelReason::ByMember));
    // His own limit holds: 4 is over it.
    assert!(matches!(
        s.enter_orders(
            wang.id,
            &[Want {
                deal: f.deal.id,
                qty: 4
            }],
            at(13)
        )
        .unwrap_err()
        .error,
        StoreError::Rejected(RejectReason::OverLimit)
    ));
}
