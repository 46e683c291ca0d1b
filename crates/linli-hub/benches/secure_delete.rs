//! What `secure_delete` costs the SQLite hub: the same pushes (orders on one deal from 50
//! members at once, grouped into shared transactions as the hub groups them, every commit on
//! disk) into a hub file with it on (as the hub runs) and one with it off, alternated, the
//! median of each. `cargo bench -p linli-hub --bench secure_delete [-- --quick]`.

#[path = "../tests/common/mod.rs"]
mod common;

use chrono::Utc;
use common::{envelope, group_with_deal, members};
use linli_core::command::Command;
use linli_core::model::*;
use linli_hub::storage::HubStorage;
use linli_hub::storage::sqlite::SqliteHub;
use std::time::Instant;

const MEMBERS: usize = 50;

/// Commands per second for `per_member` orders from each of 50 members at once.
fn run(secure_delete: bool, per_member: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let hub = SqliteHub::open_with(dir.path().join("hub.db"), secure_delete).unwrap();
    let (invites, _, deal) = group_with_deal(&hub, 10_000_000, 10_000_000);
    let members = members(&hub, &invites, MEMBERS);
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for m in &members {
            let hub = &hub;
            s.spawn(move || {
                for _ in 0..per_member {
                    let place = Command::PlaceOrder {
                        order_id: OrderId::new(),
                        deal_id: deal,
                        qty: 1,
                        member_id: None,
                    };
                    hub.apply(m, &envelope(place), Utc::now()).unwrap();
                }
            });
        }
    });
    (MEMBERS * per_member) as f64 / t0.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (per_member, rounds) = if quick { (4, 1) } else { (40, 5) };
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        on.push(run(true, per_member));
        off.push(run(false, per_member));
    }
    let (on, off) = (median(on), median(off));
    println!(
        "SQLite hub, {MEMBERS} members ordering at once, {} orders, median of {rounds} runs each:",
        MEMBERS * per_member
    );
    println!("  secure_delete on (as the hub runs): {on:>8.0} commands/s");
    println!("  secure_delete off                 : {off:>8.0} commands/s");
    println!(
        "  on / off: {:.2}x ({:+.1} % throughput)",
        on / off,
        (on / off - 1.0) * 100.0
    );
}
