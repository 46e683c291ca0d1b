//! Group commit: commands that reach the hub at the same moment are applied in one
//! transaction (one write to disk), each with the answer it would get alone. Fifty members
//! racing for ten units get exactly ten; a command sent twice at once is applied once; what
//! was answered is stored when the hub opens it again. On both stores (see `common`).

mod common;

use common::envelope;

use chrono::Utc;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::sync::protocol::{Reason, Verdict};
use linli_hub::storage::{Actor, HubStorage};
use std::sync::Barrier;

/// A group with one deal of `stock` units, at most one per member, and `members` members.
fn group(hub: &dyn HubStorage, stock: u32, members: usize) -> (DealId, Vec<Actor>) {
    let (invites, _, deal) = common::group_with_deal(hub, stock, 1);
    (deal, common::members(hub, &invites, members))
}

fn order(deal: DealId) -> Envelope {
    envelope(Command::PlaceOrder {
        order_id: OrderId::new(),
        deal_id: deal,
        qty: 1,
        member_id: None,
    })
}

fn is_order_on(c: &linli_core::sync::protocol::Change, deal: DealId) -> bool {
    matches!(c, linli_core::sync::protocol::Change::Order { order, .. } if order.deal_id == deal)
}

#[test]
fn fifty_members_racing_for_ten_units_get_exactly_ten_and_it_stays_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::hub_db(dir.path());
    let hub = linli_hub::open_store(&db).unwrap();
    let (deal, people) = group(&*hub, 10, 50);
    let start = Barrier::new(people.len());
    let before = hub.command_transactions();
    let verdicts: Vec<Verdict> = std::thread::scope(|s| {
        let hs: Vec<_> = people
            .iter()
            .map(|p| {
                let (hub, start) = (&*hub, &start);
                s.spawn(move || {
                    start.wait();
                    hub.apply(p, &order(deal), Utc::now())
                        .unwrap()
                        .outcome
                        .verdict
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sold = verdicts.iter().filter(|v| **v == Verdict::Applied).count();
    let sold_out = verdicts
        .iter()
        .filter(|v| **v == Verdict::rejected(Reason::SoldOut))
        .count();
    assert_eq!((sold, sold_out), (10, 40), "{verdicts:?}");
    let transactions = hub.command_transactions() - before;
    assert!(
        transactions < 50,
        "50 orders at once shared transactions: {transactions}"
    );
    drop(hub);
    // Everything answered "applied" is stored.
    let again = linli_hub::open_store(&db).unwrap();
    let count: u32 = people
        .iter()
        .map(|p| {
            again
                .pull(p, 0, 1000)
                .unwrap()
                .changes
                .iter()
                .filter(|c| is_order_on(c, deal))
                .count() as u32
        })
        .sum();
    assert_eq!(
        count, 10,
        "ten orders stored, seen after reopening the store"
    );
}

#[test]
fn a_command_sent_twice_at_the_same_moment_is_applied_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = linli_hub::open_store(&common::hub_db(dir.path())).unwrap();
    let (deal, people) = group(&*hub, 100, 8);
    // Each member sends her order from two threads at once (a retry racing the original),
    // while the others do the same.
    let start = Barrier::new(people.len() * 2);
    let answers: Vec<(MemberId, bool, Verdict)> = std::thread::scope(|s| {
        let mut hs = Vec::new();
        for p in &people {
            let env = order(deal);
            for _ in 0..2 {
                let (hub, start, env) = (&*hub, &start, env.clone());
                hs.push(s.spawn(move || {
                    start.wait();
                    let a = hub.apply(p, &env, Utc::now()).unwrap();
                    (p.member_id, a.duplicate, a.outcome.verdict)
                }));
            }
        }
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for p in &people {
        let hers: Vec<_> = answers.iter().filter(|a| a.0 == p.member_id).collect();
        assert_eq!(hers.len(), 2);
        assert_eq!(
            hers.iter().filter(|a| !a.1).count(),
            1,
            "applied once, answered as a retry once: {hers:?}"
        );
        assert!(hers.iter().all(|a| a.2 == Verdict::Applied), "{hers:?}");
        let orders = hub
            .pull(p, 0, 1000)
            .unwrap()
            .changes
            .iter()
            .filter(|c| is_order_on(c, deal))
            .count();
        assert_eq!(orders, 1, "one order, not two");
    }
}
