//! `deal_taken` (schema 5), the units taken on each deal kept by triggers on `orders`,
//! stays equal to the orders it sums through a group's whole life: an imported past,
//! then a live day with changes, cancellations, a deal that fails, two call-offs, a
//! shortage at arrival, pickups, unclaimed goods, a sync replay and a deleted order.

use chrono::Duration;
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::*;
use linli_core::store::{Store, StoreError, rows};

/// A deal's active units summed afresh: (ordered, allocated-else-ordered).
fn raw(s: &Store, d: DealId) -> (u32, u32) {
    s.read(|c| {
        c.query_row(
            "SELECT COALESCE(SUM(qty), 0), COALESCE(SUM(COALESCE(allocated, qty)), 0) FROM orders
             WHERE deal_id = ?1 AND state IN ('placed', 'confirmed', 'ready', 'picked_up', 'unclaimed')",
            [d],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    })
    .unwrap()
}

/// The kept sums equal the raw ones, for every deal and through `tally` and `sold`.
fn check(s: &Store, deals: &[DealId], when: &str) {
    assert_eq!(s.taken_mismatches().unwrap(), 0, "{when}");
    for &d in deals {
        let (qty, sold) = raw(s, d);
        let tally = s
            .read(|c| rows::tally(c, d, MemberId(uuid::Uuid::nil()), None))
            .unwrap();
        assert_eq!(tally.total, qty, "{when}: tally of {d:?}");
        assert_eq!(s.read(|c| rows::sold(c, d)).unwrap(), sold, "{when}: sold");
    }
}

fn refused(r: Result<Order, StoreError>) -> Option<Order> {
    match r {
        Ok(o) => Some(o),
        Err(StoreError::Rejected(_)) => None,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn kept_sums_equal_the_orders_through_a_groups_life() {
    let data = generate(&DemoConfig {
        members: 60,
        days: 20,
        ..DemoConfig::standard()
    });
    assert!(
        data.orders
            .iter()
            .any(|o| o.allocated.is_some_and(|a| a < o.qty)),
        "the past has shortages"
    );
    let mut s = Store::open_in_memory().unwrap();
    s.import(&data).unwrap();
    let past: Vec<DealId> = data.deals.iter().map(|d| d.id).collect();
    check(&s, &past, "imported");

    let g = data.group.id;
    let last = data.deals.iter().max_by_key(|d| d.cutoff).unwrap();
    let template = Deal {
        id: DealId::new(),
        state: DealState::Open,
        arrived_qty: None,
        stock: 40,
        min_total: 5,
        per_member_limit: 6,
        cutoff: last.cutoff + Duration::days(1),
        pickup_day: last.pickup_day + Duration::days(1),
        ..last.clone()
    };
    // forms and runs short; fails at cutoff; called off after forming; called off while open.
    let [short, fails, off_formed, off_open] = [0, 1, 2, 3].map(|i| Deal {
        id: DealId::new(),
        min_total: if i == 1 { 1000 } else { 5 },
        ..template.clone()
    });
    let deals = [short.id, fails.id, off_formed.id, off_open.id];
    for d in [&short, &fails, &off_formed, &off_open] {
        s.publish_deal(d).unwrap();
    }
    let members: Vec<MemberId> = data
        .members
        .iter()
        .filter(|m| m.role == Role::Member)
        .map(|m| m.id)
        .take(30)
        .collect();
    let now = template.cutoff - Duration::hours(3);

    let mut placed = Vec::new();
    for (i, &m) in members.iter().enumerate() {
        for &d in &deals {
            let q = 1 + (i % 3) as u32;
            if let Some(o) = refused(s.place_order(m, d, OrderId::new(), q, now)) {
                placed.push(o);
            }
        }
    }
    check(&s, &deals, "placed");
    for (i, o) in placed.iter().enumerate() {
        let changed = match i % 5 {
            0 => refused(s.change_order(o.id, o.qty + 2, now)),
            1 => refused(s.change_order(o.id, 1, now)),
            2 => Some(s.cancel_order(o.id, now).unwrap()),
            _ => None,
        };
        if let Some(c) = changed {
            assert_eq!(s.read(|c2| rows::order(c2, c.id)).unwrap(), Some(c));
        }
    }
    check(&s, &deals, "changed and cancelled");
    // A later order takes what cancellations freed.
    refused(s.place_order(members[0], short.id, OrderId::new(), 2, now));
    check(&s, &deals, "placed again");

    s.call_off_deal(off_open.id, now).unwrap();
    check(&s, &deals, "called off while open");
    let closed = s.close_due_deals(g, template.cutoff).unwrap();
    assert_eq!(closed.len(), 3);
    assert_eq!(s.deal(fails.id).unwrap().state, DealState::Failed);
    check(&s, &deals, "cutoff");
    s.call_off_deal(off_formed.id, template.cutoff + Duration::hours(1))
        .unwrap();
    check(&s, &deals, "called off after forming");

    let (taken, _) = raw(&s, short.id);
    let arrival = s
        .record_arrival(short.id, taken - 5, template.cutoff + Duration::hours(8))
        .unwrap();
    assert!(
        arrival
            .orders
            .iter()
            .any(|o| o.allocated.is_some_and(|a| a < o.qty)),
        "a shortage"
    );
    check(&s, &deals, "arrival with a shortage");
    let day = short.pickup_day;
    for (i, &m) in members.iter().enumerate() {
        let at = template.cutoff + Duration::hours(12);
        if i % 2 == 0 {
            s.hand_over(m, day, at).unwrap();
        } else {
            s.mark_unclaimed(m, day, at + Duration::hours(8)).unwrap();
        }
    }
    check(&s, &deals, "picked up and unclaimed");

    // A sync replay: each order of the short deal written again as first placed, then as it
    // is now (upserts, as a device applies pulled pages).
    let orders = s.orders_of_deal(short.id).unwrap();
    s.immediate(|c| -> Result<(), StoreError> {
        for o in &orders {
            let first = Order {
                state: OrderState::Placed,
                allocated: None,
                ..o.clone()
            };
            rows::put_order(c, &first, &short)?;
            rows::put_order(c, o, &short)?;
        }
        Ok(())
    })
    .unwrap();
    check(&s, &deals, "replayed");

    // Orders are never deleted today; if one ever is, its units leave the sum.
    let extra = Deal {
        id: DealId::new(),
        ..template.clone()
    };
    s.publish_deal(&extra).unwrap();
    let o = s
        .place_order(members[1], extra.id, OrderId::new(), 3, now)
        .unwrap();
    s.place_order(members[2], extra.id, OrderId::new(), 2, now)
        .unwrap();
    s.immediate(|c| -> Result<usize, StoreError> {
        Ok(c.execute("DELETE FROM orders WHERE id = ?1", [o.id])?)
    })
    .unwrap();
    assert_eq!(raw(&s, extra.id), (2, 2));
    check(&s, &[extra.id], "deleted");
    check(&s, &past, "the past untouched");
}

/// The tally leaves out the order being changed, in total and for its member.
#[test]
fn tally_leaves_out_the_order_being_changed() {
    let mut s = Store::open_in_memory().unwrap();
    let data = generate(&DemoConfig {
        members: 10,
        days: 2,
        ..DemoConfig::standard()
    });
    s.import(&data).unwrap();
    let last = data.deals.iter().max_by_key(|d| d.cutoff).unwrap();
    let d = Deal {
        id: DealId::new(),
        state: DealState::Open,
        arrived_qty: None,
        stock: 100,
        per_member_limit: 10,
        cutoff: last.cutoff + Duration::days(1),
        ..last.clone()
    };
    s.publish_deal(&d).unwrap();
    let now = d.cutoff - Duration::hours(1);
    let [a, b] = [data.members[1].id, data.members[2].id];
    let a1 = s.place_order(a, d.id, OrderId::new(), 3, now).unwrap();
    s.place_order(a, d.id, OrderId::new(), 2, now).unwrap();
    s.place_order(b, d.id, OrderId::new(), 4, now).unwrap();
    let tally = |m, except| s.read(|c| rows::tally(c, d.id, m, except)).unwrap();
    assert_eq!((tally(a, None).total, tally(a, None).member), (9, 5));
    assert_eq!(
        (tally(a, Some(a1.id)).total, tally(a, Some(a1.id)).member),
        (6, 2)
    );
    assert_eq!(
        (tally(b, Some(a1.id)).total, tally(b, Some(a1.id)).member),
        (6, 4)
    );
    // An order of another deal left out changes nothing.
    let other = data.orders[0].id;
    assert_eq!(
        (tally(b, Some(other)).total, tally(b, Some(other)).member),
        (9, 4)
    );
}

/// The tally reads the kept total by key and the member's units through `orders_deal`
/// with the deal, the states and the member, never walking the deal's other orders.
#[test]
fn tally_reads_no_more_than_its_member() {
    let s = Store::open_in_memory().unwrap();
    let sql = rows::TALLY;
    let plan = s.query_plan(sql).unwrap();
    assert!(s.full_table_scans(sql).unwrap().is_empty(), "{plan:?}");
    let has = |needle: &str| plan.iter().any(|l| l.contains(needle));
    assert!(has("deal_taken USING INDEX"), "{plan:?}");
    assert!(
        has("COVERING INDEX orders_deal (deal_id=? AND state=? AND member_id=?)"),
        "{plan:?}"
    );
    assert!(
        has("orders USING INDEX sqlite_autoindex_orders_1 (id=?)"),
        "{plan:?}"
    );
}
