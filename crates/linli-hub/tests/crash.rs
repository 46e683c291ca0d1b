//! The real `linli-hub` binary, killed with SIGKILL while devices push, then restarted:
//! nothing the hub acknowledged is lost and nothing is applied twice. SIGTERM stops it
//! cleanly.

mod common;

use chrono::Duration;
use common::{Device, free_port, order_through_faults, publish, serve_binary as serve};
use linli_core::store::{Durability, Store};
use std::collections::BTreeMap;
use std::process::Command;

const MEMBERS: usize = 5;
const ORDERS_EACH: usize = 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_killed_mid_run_loses_nothing_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::hub_db(dir.path());
    let inv = common::create_group_with_binary(&db);
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut hub = serve(&db, port).await;

    let boss = Device::join(&url, inv["organiser_invite"].as_str().unwrap(), "王阿姨").await;
    let deal = publish(&boss, 100_000, 10_000, Duration::hours(10))
        .await
        .1
        .id;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..MEMBERS {
        let d = Device::join(
            &url,
            inv["member_invite"].as_str().unwrap(),
            &format!("邻居{i}"),
        )
        .await;
        d.syncer().sync_once().await.unwrap();
        set.spawn(order_through_faults(d, deal, ORDERS_EACH));
    }
    // Kill it twice while the devices are busy.
    for _ in 0..2 {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        hub.kill().unwrap(); // SIGKILL
        hub.wait().unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        hub = serve(&db, port).await;
    }
    let mut devices = Vec::new();
    let mut failures = 0;
    while let Some(r) = set.join_next().await {
        let (d, f) = r.unwrap();
        devices.push(d);
        failures += f;
    }
    assert!(
        failures > 0,
        "the kills should have hit the devices mid-run"
    );

    boss.syncer().sync_once().await.unwrap();
    let at_hub = boss.store.lock().unwrap().orders_of_deal(deal).unwrap();
    assert_eq!(
        at_hub.len(),
        MEMBERS * ORDERS_EACH,
        "every order reached the hub once"
    );
    let hub_orders: BTreeMap<_, _> = at_hub
        .iter()
        .map(|o| (o.id, (o.member_id, o.qty, o.state)))
        .collect();
    for d in &devices {
        for o in d.orders() {
            assert_eq!(hub_orders.get(&o.id), Some(&(o.member_id, o.qty, o.state)));
        }
    }
    eprintln!(
        "after 2 SIGKILLs: {} orders sent, {} at the hub, {failures} failed sync attempts retried",
        MEMBERS * ORDERS_EACH,
        hub_orders.len()
    );

    // SIGTERM: a clean stop (Unix; Windows has no SIGTERM, and scripts/check-windows stops
    // the hub with Ctrl-C instead). The shell's own `kill`, so no procps package is needed.
    if cfg!(unix) {
        let term = Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", hub.id())])
            .status()
            .unwrap();
        assert!(term.success());
        let status = hub.wait().unwrap();
        assert!(
            status.success(),
            "SIGTERM should stop the hub cleanly: {status}"
        );
    } else {
        hub.kill().unwrap();
        hub.wait().unwrap();
    }
    // A sound file either way.
    if !common::on_postgres() {
        let store = Store::open(&db, Durability::Full).unwrap();
        store.integrity_check().unwrap();
    }
}
