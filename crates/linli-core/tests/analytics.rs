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
        shop_price: None,
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

    let unclaimed = s.unclaimed_orders(from, to, 100).unwrap();
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

/// The worked group plus three losses: 2 tomatoes spoiled on 11-27 with no deal (of the
/// tomato deals published by then, day 26's has the latest pickup: ¥4.00, so ¥8.00), 1
/// damaged on Monday 11-30 from day 25's deal (¥3.80), 1 egg lost at 07:00 on 11-24, before
/// the egg deal was published at 08:00 (¥0). B's 3 unclaimed
/// tomatoes (day 25's deal, ¥3.80) are a loss of ¥11.40 on 11-25.
#[test]
fn losses_are_valued_at_their_deal_price() {
    use chrono::{TimeZone, Utc};
    let (mut s, f, eggs) = known_group();
    let utc = |day: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, day, h, 0, 0).unwrap();
    let loss = |product: ProductId, deal: Option<DealId>, reason, qty, at| StockMovement {
        id: MovementId::new(),
        product_id: product,
        deal_id: deal,
        kind: MovementKind::Lost(reason),
        qty,
        note: String::new(),
        at,
    };
    let tomato = f.product.id;
    for m in [
        loss(tomato, None, LossReason::Spoiled, 2, utc(27, 10)),
        loss(tomato, Some(f.deal.id), LossReason::Damaged, 1, utc(30, 9)),
        loss(eggs.id, None, LossReason::Other, 1, utc(24, 7)),
    ] {
        s.record_movement(&m).unwrap();
    }
    let by_product: Vec<(ProductId, i64, Fen)> = s
        .loss_money_per_product(d(1), d(30))
        .unwrap()
        .into_iter()
        .map(|l| (l.product_id, l.lost, l.money))
        .collect();
    assert_eq!(
        by_product,
        vec![(tomato, 6, Fen(1140 + 800 + 380)), (eggs.id, 1, Fen(0))]
    );
    let by_week: Vec<(NaiveDate, i64, Fen)> = s
        .loss_money_per_week(d(1), d(30))
        .unwrap()
        .into_iter()
        .map(|w| (w.week_start, w.lost, w.money))
        .collect();
    assert_eq!(
        by_week,
        vec![(d(23), 6, Fen(1940)), (d(30), 1, Fen(380))],
        "weeks start on Monday 11-23 and 11-30"
    );
    assert_eq!(
        s.loss_money_per_week(d(26), d(29)).unwrap()[0].money,
        Fen(800),
        "the range is respected"
    );
    assert!(s.loss_money_per_product(d(1), d(23)).unwrap().is_empty());
}

#[test]
fn totals_and_the_days_with_orders() {
    let (s, ..) = known_group();
    let t = |a, b| {
        let x = s.sales_total(d(a), d(b)).unwrap();
        (x.units, x.revenue)
    };
    assert_eq!(t(1, 30), (10, Fen(3900)));
    assert_eq!(t(26, 26), (5, Fen(2000)));
    assert_eq!(t(1, 24), (0, Fen(0)), "nothing sold: zeros, not an error");
    assert_eq!(s.order_days().unwrap(), Some((d(25), d(26))));
    let empty = Store::open_in_memory().unwrap();
    assert_eq!(empty.order_days().unwrap(), None);
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

/// The demo group imported into a file: every figure equals the same figure computed
/// in plain Rust from the generated records.
#[test]
fn figures_match_the_generated_group() {
    use linli_core::demo::{DemoConfig, generate};
    use std::collections::{BTreeMap, BTreeSet};
    let data = generate(&DemoConfig::standard());
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(
        dir.path().join("demo.db"),
        linli_core::store::Durability::Normal,
    )
    .unwrap();
    s.import(&data).unwrap();
    assert_eq!(s.rollup_mismatches().unwrap(), 0);
    let first = data.deals.iter().map(|d| d.pickup_day).min().unwrap();
    let last = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
    let sold = |o: &&Order| {
        matches!(
            o.state,
            OrderState::Confirmed
                | OrderState::Ready
                | OrderState::PickedUp
                | OrderState::Unclaimed
        )
    };
    let day_of: BTreeMap<DealId, (NaiveDate, ProductId)> = data
        .deals
        .iter()
        .map(|d| (d.id, (d.pickup_day, d.product_id)))
        .collect();

    let mut by_day: BTreeMap<NaiveDate, (i64, Fen)> = BTreeMap::new();
    let mut by_product: BTreeMap<ProductId, (i64, Fen)> = BTreeMap::new();
    for o in data.orders.iter().filter(sold) {
        let (day, product) = day_of[&o.deal_id];
        let units = i64::from(o.allocated.unwrap_or(o.qty));
        for e in [
            by_day.entry(day).or_default(),
            by_product.entry(product).or_default(),
        ] {
            e.0 += units;
            e.1 += o.amount();
        }
    }
    let want: Vec<(NaiveDate, i64, Fen)> =
        by_day.into_iter().map(|(d, (u, r))| (d, u, r)).collect();
    let got: Vec<(NaiveDate, i64, Fen)> = s
        .sales_by_day(first, last)
        .unwrap()
        .into_iter()
        .map(|x| (x.day, x.units, x.revenue))
        .collect();
    assert_eq!(got, want);
    let got: BTreeMap<ProductId, (i64, Fen)> = s
        .sales_by_product(first, last)
        .unwrap()
        .into_iter()
        .map(|x| (x.product_id, (x.units, x.revenue)))
        .collect();
    assert_eq!(got, by_product);
    let top = s.top_products(first, last, 3).unwrap();
    let mut revenues: Vec<Fen> = by_product.values().map(|v| v.1).collect();
    revenues.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        top.iter().map(|p| p.revenue).collect::<Vec<_>>(),
        revenues[..3].to_vec()
    );

    let formed = data
        .deals
        .iter()
        .filter(|d| matches!(d.state, DealState::Formed | DealState::Arrived))
        .count() as i64;
    let failed = data
        .deals
        .iter()
        .filter(|d| d.state == DealState::Failed)
        .count() as i64;
    let rate = s.forming_rate(first, last).unwrap();
    assert_eq!((rate.formed, rate.failed), (formed, failed));

    let mut weeks: BTreeMap<NaiveDate, BTreeSet<MemberId>> = BTreeMap::new();
    for o in &data.orders {
        let day = day_of[&o.deal_id].0;
        let monday = day
            - chrono::Duration::days(i64::from(
                chrono::Datelike::weekday(&day).num_days_from_monday(),
            ));
        weeks.entry(monday).or_default().insert(o.member_id);
    }
    let want: Vec<(NaiveDate, i64)> = weeks
        .into_iter()
        .map(|(w, m)| (w, m.len() as i64))
        .collect();
    let got: Vec<(NaiveDate, i64)> = s
        .active_members_per_week(first, last)
        .unwrap()
        .into_iter()
        .map(|w| (w.week_start, w.members))
        .collect();
    assert_eq!(got, want);

    let unclaimed = data
        .orders
        .iter()
        .filter(|o| o.state == OrderState::Unclaimed)
        .count();
    assert!(unclaimed > 0);
    assert_eq!(
        s.unclaimed_orders(first, last, u32::MAX).unwrap().len(),
        unclaimed
    );

    let mut losses: BTreeMap<ProductId, (i64, i64)> = BTreeMap::new();
    for m in &data.movements {
        let e = losses.entry(m.product_id).or_default();
        match m.kind {
            MovementKind::Received => e.0 += m.qty,
            MovementKind::Lost(_) => e.1 += m.qty,
            _ => {}
        }
    }
    let range_end = last.succ_opt().unwrap();
    let got: BTreeMap<ProductId, (i64, i64)> = s
        .loss_rate_per_product(first - chrono::Duration::days(1), range_end)
        .unwrap()
        .into_iter()
        .map(|l| (l.product_id, (l.received, l.lost)))
        .collect();
    assert_eq!(got, losses);
}

/// The export's reads add up to the figures: orders to sales, losses to loss money, and the
/// ledger to the members' balances.
#[test]
fn export_lines_add_up_to_the_figures() {
    let (s, f, _eggs) = known_group();
    let (from, to) = (d(1), d(30));
    let mut sold = (0, Fen(0));
    let n = s
        .each_order_line(from, to, |o| {
            sold.0 += o.sold_units();
            sold.1 += Fen(o.sold_units() * o.unit_price.0);
            Ok::<_, linli_core::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(n, 6, "every order, the failed egg order too");
    let total = s.sales_total(from, to).unwrap();
    assert_eq!(sold, (total.units, total.revenue));

    let mut lost = Fen(0);
    s.each_loss_line(from, to, |l| {
        assert_eq!(l.reason, LossReason::Unclaimed);
        lost += Fen(l.qty * l.unit_price.0);
        Ok::<_, linli_core::store::StoreError>(())
    })
    .unwrap();
    let money: Fen = s
        .loss_money_per_product(from, to)
        .unwrap()
        .iter()
        .map(|l| l.money)
        .sum();
    assert_eq!((lost, money), (Fen(1140), Fen(1140)));

    let mut ledger = Fen(0);
    s.each_ledger_line(d(1), d(30), |l| {
        ledger += l.amount;
        Ok::<_, linli_core::store::StoreError>(())
    })
    .unwrap();
    let balances: Fen = f.members.iter().map(|m| s.balance(m.id).unwrap()).sum();
    assert_eq!(ledger, balances);
    for (name, sql) in [
        ("orders", analytics::ORDER_LINES),
        ("loss", analytics::LOSS_LINES),
    ] {
        assert!(s.full_table_scans(sql).unwrap().is_empty(), "{name}");
    }
}

/// Orders placed for a neighbour (代下单) count by pickup day: day 25, A and B order for
/// themselves (2 + 1); the organiser's computer then orders for C (3) and A (1), orders for
/// B and cancels it again before cutoff, and orders 1 for herself. Day 26: she orders 2 for
/// C. Counted: C and A on day 25 (2, also once the deal has formed), C on day 26 (1).
#[test]
fn orders_placed_for_neighbours_count_by_pickup_day() {
    let mut s = Store::open_in_memory().unwrap();
    let f = setup(&mut s, 50, 1, 10);
    let [a, b, c] = [f.members[0].id, f.members[1].id, f.members[2].id];
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 1, at(9))
        .unwrap();
    s.set_identity(&linli_core::store::sync::Identity {
        hub: "http://127.0.0.1:1".into(),
        token: "t".into(),
        member_id: f.organiser.id,
        group_id: f.group.id,
        role: Role::Organiser,
        pin: None,
    })
    .unwrap();
    let for_c = s
        .place_order(c, f.deal.id, OrderId::new(), 3, at(10))
        .unwrap();
    assert_eq!(for_c.entered_by, Some(f.organiser.id));
    s.place_order(a, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    let for_b = s
        .place_order(b, f.deal.id, OrderId::new(), 1, at(11))
        .unwrap();
    s.cancel_order(for_b.id, at(12)).unwrap();
    let hers = s
        .place_order(f.organiser.id, f.deal.id, OrderId::new(), 1, at(12))
        .unwrap();
    assert_eq!(hers.entered_by, None, "her own order is hers");
    let day2 = Deal {
        id: DealId::new(),
        cutoff: at(46),
        pickup_day: d(26),
        ..f.deal.clone()
    };
    s.publish_deal(&day2).unwrap();
    s.place_order(c, day2.id, OrderId::new(), 2, at(40))
        .unwrap();

    let n = |s: &Store, a, b| s.entered_for_neighbours(d(a), d(b)).unwrap();
    assert_eq!(
        (n(&s, 25, 25), n(&s, 26, 26), n(&s, 1, 30), n(&s, 24, 24)),
        (2, 1, 3, 0)
    );
    s.close_due_deals(f.group.id, at(22)).unwrap();
    assert_eq!(n(&s, 25, 25), 2, "still counted once the deal formed");
    let plan = s.query_plan(analytics::ENTERED_FOR_NEIGHBOURS).unwrap();
    assert!(
        plan.iter().any(|l| l.contains("orders_entered")),
        "reads the partial index: {plan:?}"
    );
}
