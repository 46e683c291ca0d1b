//! The organiser's side on a real SQLite file: local writes with the deal edit rule,
//! closing early, calling off, and the read queries of her screens with worked answers.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{at, pickup_day, setup};
use linli_core::Fen;
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::rules::publish::PublishError;
use linli_core::store::organiser::LineState;
use linli_core::store::{Durability, Store, StoreError};

fn file_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("organiser.db");
    let s = Store::open(&path, Durability::Normal).unwrap();
    (dir, path, s)
}

fn publish_refused(r: linli_core::store::Result<uuid::Uuid>) -> PublishError {
    match r {
        Err(StoreError::Publish(e)) => e,
        other => panic!("expected a publish refusal, got {other:?}"),
    }
}

#[test]
fn send_applies_organiser_writes_locally_and_keeps_the_edit_rule() {
    let (_dir, path, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let eggs = Product {
        id: ProductId::new(),
        group_id: f.group.id,
        name: "鸡蛋".into(),
        emoji: "🥚".into(),
        unit: "盒".into(),
        shop_price: None,
    };
    s.send(
        &Command::PutProduct {
            product: eggs.clone(),
        },
        at(9),
    )
    .unwrap();
    assert!(s.products(f.group.id).unwrap().contains(&eggs));

    // Before any order everything may change.
    let mut edited = f.deal.clone();
    edited.price = Fen(350);
    edited.pickup_place = "南门".into();
    s.send(
        &Command::PublishDeal {
            deal: edited.clone(),
        },
        at(10),
    )
    .unwrap();
    assert_eq!(s.deal(f.deal.id).unwrap(), edited);
    assert_eq!(s.outbox_len().unwrap(), 2);

    // After the first order the terms are fixed; stock may change but not below 2.
    s.place_order(f.members[0].id, f.deal.id, OrderId::new(), 2, at(11))
        .unwrap();
    let queued = s.outbox_len().unwrap();
    let mut dearer = edited.clone();
    dearer.price = Fen(400);
    assert_eq!(
        publish_refused(s.send(&Command::PublishDeal { deal: dearer }, at(12))),
        PublishError::TermsFixed
    );
    let mut later = edited.clone();
    later.pickup_day = pickup_day().succ_opt().unwrap();
    assert_eq!(
        publish_refused(s.send(&Command::PublishDeal { deal: later }, at(12))),
        PublishError::TermsFixed
    );
    let mut fewer = edited.clone();
    fewer.stock = 1;
    assert_eq!(
        publish_refused(s.send(&Command::PublishDeal { deal: fewer }, at(12))),
        PublishError::BelowTaken
    );
    assert_eq!(s.deal(f.deal.id).unwrap(), edited, "refusals wrote nothing");
    assert_eq!(s.outbox_len().unwrap(), queued, "and queued nothing");
    let mut more = edited.clone();
    more.stock = 2;
    more.cutoff = at(21);
    s.send(&Command::PublishDeal { deal: more.clone() }, at(12))
        .unwrap();

    // Other commands are only queued: the deal stays open until the hub answers.
    s.send(&Command::CloseDeal { deal_id: f.deal.id }, at(13))
        .unwrap();
    assert_eq!(s.deal(f.deal.id).unwrap().state, DealState::Open);
    drop(s);
    let s = Store::open(&path, Durability::Normal).unwrap();
    assert_eq!(s.deal(f.deal.id).unwrap(), more);
    let last = s.outbox(100).unwrap().pop().unwrap();
    assert_eq!(
        last.envelope.command,
        Command::CloseDeal { deal_id: f.deal.id }
    );
}

#[test]
fn closing_early_forms_and_calling_off_refunds_every_charge() {
    let (_dir, path, mut s) = file_store();
    let f = setup(&mut s, 10, 3, 5);
    let (a, b) = (f.members[0].id, f.members[1].id);
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    let closed = s.close_deal_now(f.deal.id, at(12)).unwrap();
    assert_eq!(
        (closed.deal.state, closed.deal.cutoff),
        (DealState::Formed, at(12))
    );
    assert_eq!(s.balance(a).unwrap(), Fen(-760));
    assert!(matches!(
        s.close_deal_now(f.deal.id, at(13)),
        Err(StoreError::Close(_))
    ));

    let off = s.call_off_deal(f.deal.id, at(14)).unwrap();
    assert_eq!(off.refunds.len(), 2);
    assert_eq!(
        off.refunds.iter().map(|r| r.amount).sum::<Fen>(),
        Fen(380 * 3)
    );
    assert_eq!(
        (s.balance(a).unwrap(), s.balance(b).unwrap()),
        (Fen(0), Fen(0))
    );
    assert!(matches!(
        s.call_off_deal(f.deal.id, at(15)),
        Err(StoreError::CallOff(_))
    ));
    drop(s);
    let s = Store::open(&path, Durability::Normal).unwrap();
    assert_eq!(s.deal(f.deal.id).unwrap().state, DealState::CalledOff);
    for o in s.orders_of_deal(f.deal.id).unwrap() {
        assert_eq!(o.state, OrderState::Cancelled(CancelReason::CalledOff));
    }
    assert!(
        s.ledger(a)
            .unwrap()
            .iter()
            .any(|e| e.kind == LedgerKind::Refund(RefundReason::CalledOff))
    );
    assert_eq!(s.rollup_mismatches().unwrap(), 0);
}

#[test]
fn progress_and_what_needs_doing() {
    let (_dir, _path, mut s) = file_store();
    let f = setup(&mut s, 10, 5, 5);
    let g = f.group.id;
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    let gone = s
        .place_order(c, f.deal.id, OrderId::new(), 1, at(11))
        .unwrap();
    s.cancel_order(gone.id, at(12)).unwrap();

    let p = s.deal_progress(g).unwrap();
    assert_eq!(p.len(), 1);
    let p = &p[0];
    assert_eq!(
        (
            p.product_name.as_str(),
            p.emoji.as_str(),
            p.sold,
            p.orders,
            p.left,
            p.short_of_forming
        ),
        ("西红柿", "🍅", 4, 2, 6, 1)
    );

    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let early = s.needs_doing(g, at(19), today).unwrap();
    assert!(early.closing_soon.is_empty(), "cutoff 22:00 is 3 h away");
    let soon = s.needs_doing(g, at(20), today).unwrap();
    assert_eq!(soon.closing_soon, vec![f.deal.clone()]);

    s.place_order(c, f.deal.id, OrderId::new(), 1, at(13))
        .unwrap();
    s.ask_help(&HelpRequest {
        id: HelpRequestId::new(),
        group_id: g,
        member_id: c,
        kind: HelpKind::Unfamiliar,
        note: "不会用".into(),
        state: HelpState::Open,
        created_at: at(14),
        updated_at: at(14),
    })
    .unwrap();
    s.close_due_deals(g, at(22)).unwrap();
    let order_of_a = s.orders_of_member(a, 1).unwrap().remove(0);
    s.file_complaint(a, order_of_a.id, ComplaintKind::Other, "太贵", at(23))
        .unwrap();
    let n = s.needs_doing(g, at(23), today).unwrap();
    assert!(n.closing_soon.is_empty());
    assert_eq!(n.arrivals_to_record.len(), 1, "pickup is tomorrow");
    assert_eq!(n.arrivals_to_record[0].state, DealState::Formed);
    assert_eq!(
        (n.pickups_waiting, n.help_requests, n.complaints_open),
        (0, 1, 1)
    );
    let before = today.pred_opt().unwrap();
    assert!(
        s.needs_doing(g, at(23), before)
            .unwrap()
            .arrivals_to_record
            .is_empty()
    );
    s.record_arrival(f.deal.id, 10, at(30)).unwrap();
    let n = s.needs_doing(g, at(31), pickup_day()).unwrap();
    assert!(n.arrivals_to_record.is_empty());
    assert_eq!(n.pickups_waiting, 3);
    assert!(s.deal_progress(g).unwrap().is_empty(), "no open deals left");
}

/// Two deals for one pickup day, a shortage on one, and two members both called 李桂兰.
#[test]
fn the_day_sheet_the_desk_and_an_arrival_preview() {
    let (_dir, _path, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let g = f.group.id;
    let day = pickup_day();
    let li2 = Member::new(MemberId::new(), g, "李桂兰", Role::Member, at(0));
    s.put_member(&li2).unwrap();
    let (li1, tom, zhang) = (f.members[0].id, f.members[1].id, f.members[2].id);
    let eggs = Product {
        id: ProductId::new(),
        group_id: g,
        name: "鸡蛋".into(),
        emoji: "🥚".into(),
        unit: "盒".into(),
        shop_price: None,
    };
    s.put_product(&eggs).unwrap();
    let egg_deal = Deal {
        id: DealId::new(),
        product_id: eggs.id,
        price: Fen(1200),
        unit: "盒".into(),
        ..f.deal.clone()
    };
    s.publish_deal(&egg_deal).unwrap();
    let t = f.deal.id;
    s.place_order(li1, t, OrderId::new(), 2, at(9)).unwrap();
    s.place_order(tom, t, OrderId::new(), 3, at(10)).unwrap();
    s.place_order(li2.id, t, OrderId::new(), 4, at(11)).unwrap();
    let z = s.place_order(zhang, t, OrderId::new(), 1, at(12)).unwrap();
    s.cancel_order(z.id, at(13)).unwrap();
    s.place_order(tom, egg_deal.id, OrderId::new(), 1, at(9))
        .unwrap();
    s.place_order(li2.id, egg_deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    s.close_due_deals(g, at(22)).unwrap();
    let mut code = std::collections::HashMap::new();
    for m in [li1, tom, li2.id] {
        code.insert(m, s.pickup_code(g, m, day, &mut rand::rng()).unwrap());
    }

    // Six of nine 斤 arrive: 李桂兰 (first) 2, Tom 3, the second 李桂兰 1 of her 4.
    let p = s.arrival_preview(t, 6).unwrap();
    assert_eq!((p.ordered, p.given, p.spare), (9, 6, 0));
    assert_eq!(p.short.len(), 1);
    let short = &p.short[0];
    assert_eq!(
        (
            short.member_id,
            short.name.as_str(),
            short.ordered,
            short.gets,
            short.refund
        ),
        (li2.id, "李桂兰", 4, 1, Fen(3 * 380))
    );
    assert_eq!(p.refund_total, Fen(1140));
    let plenty = s.arrival_preview(t, 12).unwrap();
    assert!(plenty.short.is_empty());
    assert_eq!((plenty.spare, plenty.refund_total), (3, Fen(0)));
    assert!(
        s.orders_of_deal(t)
            .unwrap()
            .iter()
            .all(|o| o.state != OrderState::Ready),
        "a preview writes nothing"
    );
    assert!(matches!(
        s.arrival_preview(DealId::new(), 1),
        Err(StoreError::NotFound(_))
    ));
    s.record_arrival(t, 6, at(30)).unwrap();

    let sheet = s.day_sheet(g, day).unwrap();
    let (first_li, second_li) = if li1 < li2.id {
        (li1, li2.id)
    } else {
        (li2.id, li1)
    };
    let who: Vec<(MemberId, &str, Option<&str>)> = sheet
        .baskets
        .iter()
        .map(|b| (b.member_id, b.name.as_str(), b.code.as_deref()))
        .collect();
    assert_eq!(
        who,
        vec![
            (tom, "Tom Baker", Some(code[&tom].as_str())),
            (first_li, "李桂兰", Some(code[&first_li].as_str())),
            (second_li, "李桂兰", Some(code[&second_li].as_str())),
        ],
        "by name then id; 张建国 cancelled and has no basket"
    );
    let basket = |m: MemberId| sheet.baskets.iter().find(|b| b.member_id == m).unwrap();
    let lines = |m: MemberId| -> Vec<(&str, &str, u32, u32, Fen, Fen, LineState)> {
        basket(m)
            .lines
            .iter()
            .map(|l| {
                (
                    l.product_name.as_str(),
                    l.unit.as_str(),
                    l.ordered,
                    l.allocated,
                    l.unit_price,
                    l.amount,
                    l.state,
                )
            })
            .collect()
    };
    assert_eq!(
        lines(tom),
        vec![
            ("西红柿", "斤", 3, 3, Fen(380), Fen(1140), LineState::Ready),
            (
                "鸡蛋",
                "盒",
                1,
                1,
                Fen(1200),
                Fen(1200),
                LineState::Confirmed
            ),
        ]
    );
    assert_eq!(basket(tom).total, Fen(2340));
    assert_eq!(
        lines(li2.id),
        vec![
            ("西红柿", "斤", 4, 1, Fen(380), Fen(380), LineState::Ready),
            (
                "鸡蛋",
                "盒",
                2,
                2,
                Fen(1200),
                Fen(2400),
                LineState::Confirmed
            ),
        ]
    );
    assert_eq!(basket(li2.id).total, Fen(2780));
    assert_eq!(basket(li1).total, Fen(760));

    type Pick<'a> = (&'a str, u32, Vec<(MemberId, u32)>);
    let picks: Vec<Pick> = sheet
        .products
        .iter()
        .map(|p| {
            (
                p.product_name.as_str(),
                p.total,
                p.who.iter().map(|w| (w.member_id, w.qty)).collect(),
            )
        })
        .collect();
    let li_qty = |m: MemberId| if m == li1 { 2 } else { 1 };
    assert_eq!(
        picks,
        vec![
            (
                "西红柿",
                6,
                vec![
                    (tom, 3),
                    (first_li, li_qty(first_li)),
                    (second_li, li_qty(second_li))
                ]
            ),
            ("鸡蛋", 3, vec![(tom, 1), (li2.id, 2)]),
        ]
    );

    // The desk: by name, case-insensitive for Latin; both 李桂兰 found, told apart by code.
    let found = s.desk_lookup_by_name(g, day, "tom").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].member.id, tom);
    assert_eq!(found[0].code.as_deref(), Some(code[&tom].as_str()));
    assert_eq!(found[0].ready.len(), 1, "the eggs have not arrived");
    let lis = s.desk_lookup_by_name(g, day, " 桂兰").unwrap();
    assert_eq!(
        lis.iter().map(|e| e.member.id).collect::<Vec<_>>(),
        vec![first_li, second_li]
    );
    assert_ne!(lis[0].code, lis[1].code);
    let boss = s.desk_lookup_by_name(g, day, "王").unwrap();
    assert_eq!(
        (boss.len(), boss[0].code.is_none(), boss[0].ready.is_empty()),
        (1, true, true)
    );
    assert!(s.desk_lookup_by_name(g, day, "  ").unwrap().is_empty());

    let waiting = |s: &Store| -> Vec<MemberId> {
        s.waiting_at_desk(g, day)
            .unwrap()
            .iter()
            .map(|e| e.member.id)
            .collect()
    };
    assert_eq!(waiting(&s), vec![tom, first_li, second_li]);
    s.hand_over(tom, day, at(33)).unwrap();
    assert_eq!(waiting(&s), vec![first_li, second_li]);
    let after = s.day_sheet(g, day).unwrap();
    let tom_lines: Vec<LineState> = after
        .baskets
        .iter()
        .find(|b| b.member_id == tom)
        .unwrap()
        .lines
        .iter()
        .map(|l| l.state)
        .collect();
    assert_eq!(tom_lines, vec![LineState::PickedUp, LineState::Confirmed]);
    assert_eq!(s.needs_doing(g, at(33), day).unwrap().pickups_waiting, 2);
}

#[test]
fn yesterdays_deals_are_the_last_publishing_day_before_today() {
    let (_dir, _path, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let g = f.group.id;
    let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
    let mut made = Vec::new();
    for created in [t(21, 10), t(23, 8), t(23, 20), t(24, 9)] {
        let d = Deal {
            id: DealId::new(),
            created_at: created,
            ..f.deal.clone()
        };
        s.publish_deal(&d).unwrap();
        made.push(d);
    }
    // The fixture's own deal was made 2026-11-24 08:00, today.
    let ids = |v: Vec<Deal>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.yesterdays_deals(g, t(24, 0)).unwrap()),
        vec![made[1].id, made[2].id]
    );
    assert_eq!(
        ids(s.yesterdays_deals(g, t(23, 0)).unwrap()),
        vec![made[0].id],
        "nothing on the 22nd: the 21st was the last publishing day"
    );
    assert!(
        s.yesterdays_deals(g, t(21, 0)).unwrap().is_empty(),
        "nothing before"
    );
}
