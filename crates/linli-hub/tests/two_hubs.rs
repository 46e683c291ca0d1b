//! One command arriving at two hub processes at the same moment (a device's retry reaching
//! another process behind the load balancer while the first is still deciding): both
//! answer, never with an error, both with the first outcome, and the command is applied
//! once. Two `PostgresHub`s on one database, as two processes would be. Needs a PostgreSQL
//! server (`LINLI_TEST_POSTGRES`, see scripts/with-postgres); without one it says so and
//! passes.

mod common;

use chrono::Utc;
use common::{envelope, group_with_deal, members};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::sync::protocol::{Change, Reason, Verdict};
use linli_hub::storage::HubStorage;
use linli_hub::storage::postgres::PostgresHub;
use std::sync::Barrier;
use uuid::Uuid;

/// Two hubs on one new database, as two processes would be; `None` (said) without a server.
fn two_processes() -> Option<(PostgresHub, PostgresHub)> {
    let Ok(server) = std::env::var("LINLI_TEST_POSTGRES") else {
        eprintln!("LINLI_TEST_POSTGRES not set: no PostgreSQL to run two hubs on");
        return None;
    };
    let name = format!("two_{}", Uuid::new_v4().simple());
    let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let db = format!("{base}/{name}");
    Some((
        PostgresHub::open(&db).unwrap(),
        PostgresHub::open(&db).unwrap(),
    ))
}

#[test]
fn one_command_at_two_processes_at_once_is_applied_once_and_answered_alike() {
    let Some((one, two)) = two_processes() else {
        return;
    };

    let (invites, boss, deal) = group_with_deal(&one, 25, 100);
    let members = members(&two, &invites, 10);

    // Even rounds: an order on the deal (whose row each process locks); odd rounds: the
    // organiser adds a neighbour (nothing locked: the two race to record the answer).
    let rounds = 120;
    let (mut applied, mut sold_out, mut added) = (0, 0, 0);
    for round in 0..rounds {
        let (who, env) = if round % 2 == 0 {
            (
                members[round % members.len()],
                envelope(Command::PlaceOrder {
                    order_id: OrderId::new(),
                    deal_id: deal,
                    qty: 1,
                    member_id: None,
                }),
            )
        } else {
            (
                boss,
                envelope(Command::AddNeighbour {
                    member_id: MemberId::new(),
                    name: format!("李大爷{round}"),
                }),
            )
        };
        let start = Barrier::new(2);
        let go = |hub: &PostgresHub| {
            start.wait();
            hub.apply(&who, &env, Utc::now())
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| go(&one));
            let b = s.spawn(|| go(&two));
            (a.join().unwrap(), b.join().unwrap())
        });
        let (a, b) = (
            a.unwrap_or_else(|e| panic!("round {round}: the first process failed: {e}")),
            b.unwrap_or_else(|e| panic!("round {round}: the second process failed: {e}")),
        );
        assert_eq!(a.outcome, b.outcome, "round {round}: one outcome");
        assert!(
            a.duplicate != b.duplicate,
            "round {round}: decided once, answered once as a retry"
        );
        match a.outcome.verdict {
            Verdict::Applied if round % 2 == 0 => applied += 1,
            Verdict::Applied => added += 1,
            v if v == Verdict::rejected(Reason::SoldOut) => sold_out += 1,
            v => panic!("round {round}: {v:?}"),
        }
    }
    assert_eq!((applied, sold_out, added), (25, 35, 60));

    // What both processes show: 25 orders on the deal, sold 25, each neighbour added once.
    for hub in [&one, &two] {
        let page = hub.pull(&boss, 0, 10_000).unwrap();
        let orders = page
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Order { order, .. } if order.deal_id == deal))
            .count();
        let sold = page.changes.iter().find_map(|c| match c {
            Change::Deal { deal: d, sold } if d.id == deal => Some(*sold),
            _ => None,
        });
        let neighbours = page
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Member(m) if m.display_name.starts_with("李大爷")))
            .count();
        assert_eq!((orders, sold, neighbours), (25, Some(25), 60));
    }
}

/// Each process keeps the devices it has seen, so a push costs no look-up; a device revoked,
/// or a member who leaves, through one process is refused by the other as soon as it hears
/// (`NOTIFY linli_actors`), not after some time-out.
#[test]
fn a_device_revoked_or_gone_at_one_process_is_refused_at_the_other() {
    let Some((one, two)) = two_processes() else {
        return;
    };
    let now = Utc::now();
    let invites = one.create_group("幸福里", "王阿姨", now).unwrap();
    let boss = one.join(&invites.organiser_invite, "王阿姨", now).unwrap();
    let li = two.join(&invites.member_invite, "李奶奶", now).unwrap();
    let zhang = two.join(&invites.member_invite, "张大爷", now).unwrap();

    // Both processes come to know her device (once each listens for news): a look-up then
    // costs no round trip.
    for hub in [&one, &two] {
        let t0 = std::time::Instant::now();
        loop {
            assert_eq!(
                hub.actor(&li.token, now).unwrap().unwrap().member_id,
                li.member_id
            );
            let before = hub.round_trips().unwrap();
            assert!(hub.actor(&li.token, now).unwrap().is_some());
            if hub.round_trips().unwrap() == before {
                break;
            }
            assert!(
                t0.elapsed() < std::time::Duration::from_secs(5),
                "a known device is still looked up each time"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    assert!(two.actor(&zhang.token, now).unwrap().is_some());

    /// How long until `hub` refuses `token` (panics after 5 s).
    fn refused_within(hub: &PostgresHub, token: &str) -> std::time::Duration {
        let t0 = std::time::Instant::now();
        while hub.actor(token, Utc::now()).unwrap().is_some() {
            assert!(
                t0.elapsed() < std::time::Duration::from_secs(5),
                "still answered 5 s after the change"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        t0.elapsed()
    }

    // The organiser revokes 李奶奶's lost computer through the first process.
    let device = one
        .devices(&common::actor(&boss), &boss.token)
        .unwrap()
        .into_iter()
        .find(|d| d.member_id == li.member_id)
        .unwrap()
        .device_id;
    one.revoke_device(&common::actor(&boss), &boss.token, device)
        .unwrap();
    assert!(one.actor(&li.token, Utc::now()).unwrap().is_none());
    let took = refused_within(&two, &li.token);
    eprintln!("the other process refused the revoked device after {took:?}");

    // 张大爷 leaves through the first process: the second refuses his device too.
    one.leave(&common::actor(&zhang), Utc::now()).unwrap();
    refused_within(&two, &zhang.token);
    // The organiser's own device is still known to both.
    assert!(two.actor(&boss.token, Utc::now()).unwrap().is_some());
    assert!(one.actor(&boss.token, Utc::now()).unwrap().is_some());
}
