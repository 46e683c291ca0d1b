//! Analytics on a small group whose answers are worked out by hand, and a check that every
//! analytics query reads through an index.

mod common;

use chrono::NaiveDate;
use common::{at, setup};
use linli_core::Fen;
use linli_core::model::*;
use linli_core::store::{Store, analytics};

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// Day 25: tomatoes ¥3.80, A 2 + B 3, all arrive, A collects, B doesn't; eggs ¥25.90,
/// C 1 of minimum 5, fails. Day 26: tomatoes ¥4.00, A 1 + B 1 + C 4, 5 arrive (C gets 3).
fn known_group() -> (Store, common::Fixture, Product) {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 50, 1, 10);
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    let eggs = Product {
        id: ProductId::new(),
        group_id: f.group.id,
        name: "鸡蛋".into(),
        emoji: "🥚".into(),
        unit: "盒".into(),
    };
    s.put_product(&eggs).unwrap();
    let egg_deal = Deal {
        id: DealId::new(),
        product_id: eggs.id,
        price: Fen(2590),
        min_total: 5,
        ..f.deal.clone()
    };
    s.publish_deal(&egg_deal).unwrap();
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 3, at(10))
        .unwrap();
    s.place_order(c, egg_deal.id, OrderId::new(), 1, at(11))
        .unwrap();
    s.close_due_deals(f.group.id, at(22)).unwrap();
    s.record_arrival(f.deal.id, 5, at(30)).unwrap();
    s.hand_over(a, d(25), at(33)).unwrap();
    s.mark_unclaimed(b, d(25), at(44)).unwrap();

    let day2 = Deal {
        id: DealId::new(),
        price: Fen(400),
        cutoff: at(46),
        pickup_day: d(26),
        ..f.deal.clone()
    };
    s.publish_deal(&day2).unwrap();
    s.place_order(a, day2.id, OrderId::new(), 1, at(40))
        .unwrap();
    s.place_order(b, day2.id, OrderId::new(), 1, at(41))
        .unwrap();
    s.place_order(c, day2.id, OrderId::new(), 4, at(42))
        .unwrap();
    s.close_due_deals(f.group.id, at(46)).unwrap();
    s.record_arrival(day2.id, 5, at(54)).unwrap();
    (s, f, eggs)
}

#[test]
fn figures_match_the_worked_example() {
    let (s, f, _eggs) = known_group();
    let (from, to) = (d(1), d(30));
    let by_day: Vec<(NaiveDate, i64, Fen)> = s
        .sales_by_day(from, to)
        .unwrap()
        .into_iter()
        .map(|x| (x.day, x.units, x.revenue))
        .collect();
    assert_eq!(by_day, vec![(d(25), 5, Fen(1900)), (d(26), 5, Fen(2000))]);
    assert_eq!(
        s.sales_by_day(d(26), d(26)).unwrap().len(),
        1,
        "the range is respected"
    );

    let products = s.sales_by_product(from, to).unwrap();
    assert_eq!(products.len(), 1, "the failed egg deal sold nothing");
    assert_eq!(
        (
            products[0].product_id,
            products[0].units,
            products[0].revenue
        ),
        (f.product.id, 10, Fen(3900))
    );
    assert_eq!(s.top_products(from, to, 1).unwrap(), products);

    let rate = s.forming_rate(from, to).unwrap();
    assert_eq!(
        (rate.formed, rate.failed, rate.per_mille()),
        (2, 1, Some(666))
    );
    assert_eq!(s.forming_rate(d(1), d(2)).unwrap().per_mille(), None);

    let weeks = s.active_members_per_week(from, to).unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(
        (weeks[0].week_start, weeks[0].members),
        (d(23), 3),
        "2026-11-23 is that week's Monday"
    );

    let unclaimed = s.unclaimed_orders(from, to).unwrap();
    assert_eq!(unclaimed.len(), 1);
    assert_eq!(
        (
            unclaimed[0].member_name.as_str(),
            unclaimed[0].units,
            unclaimed[0].pickup_day
        ),
        ("Tom Baker", 3, d(25))
    );

    let losses = s.loss_rate_per_product(from, to).unwrap();
    assert_eq!((losses[0].received, losses[0].lost), (10, 3));
    assert_eq!(s.rollup_mismatches().unwrap(), 0);
}

#[test]
fn every_query_reads_through_an_index() {
    let (s, ..) = known_group();
    for (name, sql) in analytics::ALL {
        let plan = s.query_plan(sql).unwrap();
        let scans = s.full_table_scans(sql).unwrap();
        assert!(scans.is_empty(), "{name} reads a whole table: {plan:?}");
        assert!(
            plan.iter().any(|l| l.starts_with("SEARCH")),
            "{name} searches nothing: {plan:?}"
        );
    }
}
