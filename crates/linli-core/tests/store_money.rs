//! Money read by the organiser's pages and the member's "saved" figure, on real files:
//! balances agree with the ledger rule, who owes on a pickup day, savings against the
//! market, and complaints from filing to the answer.

mod common;

use common::{at, pickup_day, setup};
use linli_core::Fen;
use linli_core::command::Command;
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::*;
use linli_core::rules::ledger::{self, MoneyError};
use linli_core::store::{Durability, Store, StoreError, complaints, money};
use std::collections::HashMap;

fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("linli.db"), Durability::Normal).unwrap();
    (dir, s)
}

fn demo_store() -> (tempfile::TempDir, Store, linli_core::demo::Dataset) {
    // 24 days: the last weekly payment was on day 20, so some owe for days 21 to 23.
    let data = generate(&DemoConfig {
        members: 40,
        days: 24,
        ..DemoConfig::standard()
    });
    let (dir, mut s) = file_store();
    s.import(&data).unwrap();
    (dir, s, data)
}

const SOLD: [OrderState; 4] = [
    OrderState::Confirmed,
    OrderState::Ready,
    OrderState::PickedUp,
    OrderState::Unclaimed,
];

#[test]
fn balances_are_the_ledger_rule_for_every_member_and_read_through_indexes() {
    let (_dir, s, data) = demo_store();
    let g = data.group.id;
    let balances = s.balances(g).unwrap();
    assert_eq!(balances.len(), data.members.len());
    let names: Vec<&str> = balances
        .iter()
        .map(|b| b.member.display_name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let mut owing = 0;
    for b in &balances {
        let mine: Vec<LedgerEntry> = data
            .ledger
            .iter()
            .filter(|e| e.member_id == b.member.id)
            .cloned()
            .collect();
        assert_eq!(
            b.balance,
            ledger::balance(&mine),
            "{}",
            b.member.display_name
        );
        assert_eq!(b.balance, s.balance(b.member.id).unwrap());
        owing += usize::from(b.balance < Fen::ZERO);
    }
    assert!(owing > 0, "someone in the generated group owes");
    for (name, sql) in money::ALL.iter().chain(complaints::ALL.iter()) {
        let scans = s.full_table_scans(sql).unwrap();
        assert!(scans.is_empty(), "{name}: {scans:?}");
    }
}

#[test]
fn a_member_without_ledger_lines_has_a_zero_balance() {
    let (_dir, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let b = s.balances(f.group.id).unwrap();
    assert_eq!(b.len(), 4);
    assert!(b.iter().all(|b| b.balance == Fen::ZERO));
    assert_eq!(b[0].member.display_name, "Tom Baker");
}

#[test]
fn owing_for_day_lists_who_collects_and_owes_most_owed_first() {
    let (_dir, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    s.record_payment(a, Fen(2000), PaymentMethod::Transfer, at(9))
        .unwrap();
    s.place_order(a, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    s.place_order(c, f.deal.id, OrderId::new(), 2, at(11))
        .unwrap();
    assert!(
        s.owing_for_day(f.group.id, pickup_day())
            .unwrap()
            .is_empty(),
        "nothing charged before cutoff"
    );
    s.close_due_deals(f.group.id, at(22)).unwrap();
    let who = |s: &Store| -> Vec<(MemberId, Fen, Fen)> {
        s.owing_for_day(f.group.id, pickup_day())
            .unwrap()
            .into_iter()
            .map(|o| (o.member.id, o.balance, o.due))
            .collect()
    };
    assert_eq!(
        who(&s),
        vec![(c, Fen(-760), Fen(760)), (b, Fen(-380), Fen(380))]
    );
    // Goods arrive (ready: still to collect); B collects and drops off the list.
    s.record_arrival(f.deal.id, 4, at(30)).unwrap();
    assert_eq!(who(&s).len(), 2);
    s.hand_over(b, pickup_day(), at(33)).unwrap();
    assert_eq!(who(&s), vec![(c, Fen(-760), Fen(760))]);
    let other_day = pickup_day().succ_opt().unwrap();
    assert!(s.owing_for_day(f.group.id, other_day).unwrap().is_empty());
}

#[test]
fn owing_for_day_agrees_with_the_rule_on_a_generated_group() {
    let (_dir, mut s, data) = demo_store();
    let g = data.group.id;
    // The history is all collected: a new deal formed for tomorrow, ordered by every
    // third neighbour, some of whom pay ahead.
    let last = data.deals.iter().max_by_key(|d| d.cutoff).unwrap();
    let deal = Deal {
        id: DealId::new(),
        state: DealState::Open,
        arrived_qty: None,
        stock: 1000,
        min_total: 1,
        per_member_limit: 10,
        cutoff: last.cutoff + chrono::Duration::days(1),
        pickup_day: last.pickup_day.succ_opt().unwrap(),
        ..last.clone()
    };
    let now = deal.cutoff - chrono::Duration::hours(3);
    s.publish_deal(&deal).unwrap();
    for (i, m) in data.members.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        s.place_order(m.id, deal.id, OrderId::new(), 1 + i as u32 % 3, now)
            .unwrap();
        if i % 2 == 0 {
            s.record_payment(m.id, Fen(500), PaymentMethod::Cash, now)
                .unwrap();
        }
    }
    s.close_deal_now(deal.id, now).unwrap();

    let mut want: Vec<(Fen, MemberId, Fen)> = Vec::new();
    let mut due: HashMap<MemberId, Fen> = HashMap::new();
    for o in s.orders_of_deal(deal.id).unwrap() {
        assert_eq!(o.state, OrderState::Confirmed);
        *due.entry(o.member_id).or_default() += o.amount();
    }
    for (m, d) in due {
        let b = ledger::balance(&s.ledger(m).unwrap());
        if b < Fen::ZERO {
            want.push((b, m, d));
        }
    }
    let got: Vec<(Fen, MemberId, Fen)> = s
        .owing_for_day(g, deal.pickup_day)
        .unwrap()
        .into_iter()
        .map(|o| (o.balance, o.member.id, o.due))
        .collect();
    assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "most owed first");
    let sorted = |mut v: Vec<(Fen, MemberId, Fen)>| {
        v.sort();
        v
    };
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(sorted(got), sorted(want));
    // Every past day is collected: nobody is waiting with goods to pay for.
    assert!(s.owing_for_day(g, last.pickup_day).unwrap().is_empty());
}

#[test]
fn savings_use_the_current_shop_price_on_sold_orders_in_the_range() {
    let (_dir, mut s) = file_store();
    let mut f = setup(&mut s, 10, 1, 5);
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    f.product.shop_price = Some(Fen(500));
    s.put_product(&f.product).unwrap();
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    let ob = s
        .place_order(b, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    s.cancel_order(ob.id, at(11)).unwrap();
    s.place_order(c, f.deal.id, OrderId::new(), 3, at(12))
        .unwrap();
    let day = pickup_day();
    let saved = |s: &Store, m| s.savings_of_member(m, day, day).unwrap();
    assert_eq!(saved(&s, a), Fen::ZERO, "placed is not sold yet");
    s.close_due_deals(f.group.id, at(22)).unwrap();
    assert_eq!(saved(&s, a), Fen(2 * 120));
    assert_eq!(saved(&s, b), Fen::ZERO, "cancelled");
    // A shortage: C gets 1 of 3, and saved on that one.
    s.record_arrival(f.deal.id, 3, at(30)).unwrap();
    assert_eq!(saved(&s, c), Fen(120));
    let next = day.succ_opt().unwrap();
    assert_eq!(s.savings_of_member(a, next, next).unwrap(), Fen::ZERO);
    // She corrects the market price below the deal's: nothing saved, then none said.
    f.product.shop_price = Some(Fen(300));
    s.put_product(&f.product).unwrap();
    assert_eq!(saved(&s, a), Fen::ZERO);
    f.product.shop_price = None;
    s.put_product(&f.product).unwrap();
    assert_eq!(saved(&s, a), Fen::ZERO);
    assert_eq!(s.products(f.group.id).unwrap()[0].shop_price, None);
}

#[test]
fn savings_agree_with_the_rule_on_a_generated_group() {
    let (_dir, s, data) = demo_store();
    let shop: HashMap<ProductId, Option<Fen>> =
        data.products.iter().map(|p| (p.id, p.shop_price)).collect();
    let deal: HashMap<DealId, &Deal> = data.deals.iter().map(|d| (d.id, d)).collect();
    let from = data.deals.iter().map(|d| d.pickup_day).min().unwrap();
    let to = from + chrono::Duration::days(10);
    let mut any = false;
    for m in &data.members {
        let want: Fen = data
            .orders
            .iter()
            .filter(|o| o.member_id == m.id && SOLD.contains(&o.state))
            .filter(|o| (from..=to).contains(&deal[&o.deal_id].pickup_day))
            .map(|o| ledger::saving(o, shop[&deal[&o.deal_id].product_id]))
            .sum();
        assert_eq!(s.savings_of_member(m.id, from, to).unwrap(), want);
        any |= want > Fen::ZERO;
    }
    assert!(any, "someone saved");
}

#[test]
fn complaints_are_filed_on_charged_orders_answered_once_and_kept_as_history() {
    let (_dir, mut s) = file_store();
    let f = setup(&mut s, 10, 1, 5);
    let [a, b] = [f.members[0].id, f.members[1].id];
    let oa = s
        .place_order(a, f.deal.id, OrderId::new(), 2, at(10))
        .unwrap();
    let ob = s
        .place_order(b, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    // Not charged yet; not hers; too long.
    assert!(matches!(
        s.file_complaint(a, oa.id, ComplaintKind::Broken, "", at(11)),
        Err(StoreError::Money(MoneyError::NotCharged))
    ));
    s.close_due_deals(f.group.id, at(22)).unwrap();
    assert!(matches!(
        s.file_complaint(a, ob.id, ComplaintKind::Broken, "", at(23)),
        Err(StoreError::Money(MoneyError::NotTheirs))
    ));
    let long = "烂".repeat(MAX_TEXT + 1);
    assert!(matches!(
        s.file_complaint(a, oa.id, ComplaintKind::Other, &long, at(23)),
        Err(StoreError::Money(MoneyError::Text(
            linli_core::text::TextError::TooLong { .. }
        )))
    ));
    // A NUL in her note is refused too, and nothing is queued.
    assert!(matches!(
        s.file_complaint(a, oa.id, ComplaintKind::Other, "坏了\0", at(23)),
        Err(StoreError::Money(MoneyError::Text(
            linli_core::text::TextError::Control
        )))
    ));
    let orders_queued = 2;
    assert_eq!(
        s.outbox_len().unwrap(),
        orders_queued,
        "refusals queue nothing"
    );

    let first = s
        .file_complaint(a, oa.id, ComplaintKind::Broken, " 有一个坏了 ", at(30))
        .unwrap();
    assert_eq!(
        (first.kind, first.text.as_str()),
        (ComplaintKind::Broken, "有一个坏了")
    );
    let queued = s.outbox(10).unwrap();
    assert_eq!(
        queued[2].envelope.command,
        Command::FileComplaint {
            complaint_id: first.id,
            order_id: oa.id,
            kind: ComplaintKind::Broken,
            note: "有一个坏了".into()
        }
    );
    let open = s.open_complaints(f.group.id).unwrap();
    assert_eq!(open.len(), 1);
    let line = &open[0];
    assert_eq!(
        (
            line.member_name.as_str(),
            line.product_name.as_str(),
            line.emoji.as_str(),
            line.unit.as_str(),
            line.units,
            line.pickup_day,
            line.charged,
            line.refundable
        ),
        (
            "李桂兰",
            "西红柿",
            "🍅",
            "斤",
            2,
            pickup_day(),
            Fen(760),
            Fen(760)
        )
    );

    // Too much: refused, nothing written or queued.
    assert!(matches!(
        s.answer_complaint(first.id, Some(Fen(761)), "", at(31)),
        Err(StoreError::Money(MoneyError::MoreThanCharged {
            left: Fen(760)
        }))
    ));
    assert!(matches!(
        s.answer_complaint(first.id, None, "  ", at(31)),
        Err(StoreError::Money(MoneyError::NoReply))
    ));
    assert_eq!(s.outbox_len().unwrap(), orders_queued + 1);
    // The organiser's device: the answer at once, the refund line from the hub later.
    let done = s
        .answer_complaint(first.id, Some(Fen(380)), "退一斤的钱", at(32))
        .unwrap();
    assert_eq!(
        done.resolution,
        Some(Resolution::Refunded {
            amount: Fen(380),
            note: "退一斤的钱".into()
        })
    );
    assert!(s.open_complaints(f.group.id).unwrap().is_empty());
    assert!(matches!(
        s.answer_complaint(first.id, None, "再说一次", at(33)),
        Err(StoreError::Money(MoneyError::AlreadyResolved))
    ));
    // As the hub writes it: the refund bounded by what is left after it.
    s.immediate(|c| {
        rows_refund(c, &oa, Fen(380));
        Ok::<_, StoreError>(())
    })
    .unwrap();

    // Another complaint about the same order after the answer: its history grows.
    let second = s
        .file_complaint(a, oa.id, ComplaintKind::Missing, "", at(40))
        .unwrap();
    let open = s.open_complaints(f.group.id).unwrap();
    assert_eq!((open[0].charged, open[0].refundable), (Fen(760), Fen(380)));
    let (x, refund) = s
        .immediate(|c| complaints::answer(c, second.id, Some(Fen(380)), "", at(41)))
        .unwrap();
    assert_eq!(
        refund.unwrap().kind,
        LedgerKind::Refund(RefundReason::Complaint)
    );
    assert!(matches!(x.resolution, Some(Resolution::Refunded { .. })));
    let history = s.complaints_of_order(oa.id).unwrap();
    assert_eq!(
        history.iter().map(|l| l.complaint.id).collect::<Vec<_>>(),
        vec![first.id, second.id]
    );
    assert_eq!(history[1].refundable, Fen::ZERO);
    let third = s
        .file_complaint(a, oa.id, ComplaintKind::NotFresh, "", at(42))
        .unwrap();
    assert!(matches!(
        s.immediate(|c| complaints::answer(c, third.id, Some(Fen(1)), "", at(43))),
        Err(StoreError::Money(MoneyError::MoreThanCharged {
            left: Fen(0)
        }))
    ));
    let explained = s
        .answer_complaint(third.id, None, "已经全额退了", at(43))
        .unwrap();
    assert!(matches!(
        explained.resolution,
        Some(Resolution::Explained { .. })
    ));
    let mine = s.complaints_of_member(a).unwrap();
    assert_eq!(
        mine.iter().map(|l| l.complaint.id).collect::<Vec<_>>(),
        vec![third.id, second.id, first.id],
        "newest first"
    );
    assert!(s.complaints_of_member(b).unwrap().is_empty());
    assert_eq!(s.balance(a).unwrap(), Fen(-760 + 380 + 380));
}

/// Writes the refund line the hub would make for a complaint answered on this device.
fn rows_refund(c: &rusqlite::Connection, o: &Order, amount: Fen) {
    let entries = linli_core::store::rows::ledger_of_order(c, o.id).unwrap();
    let e = ledger::refund(o, &entries, RefundReason::Complaint, Some(amount), at(32))
        .unwrap()
        .unwrap();
    linli_core::store::rows::put_ledger_entry(c, &e).unwrap();
}

#[test]
fn open_complaints_of_a_generated_group_are_its_unanswered_ones() {
    let (_dir, s, data) = demo_store();
    let mut want: Vec<ComplaintId> = data
        .complaints
        .iter()
        .filter(|x| x.resolution.is_none())
        .map(|x| x.id)
        .collect();
    want.sort();
    let mut got: Vec<ComplaintId> = s
        .open_complaints(data.group.id)
        .unwrap()
        .into_iter()
        .map(|l| l.complaint.id)
        .collect();
    got.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
}
