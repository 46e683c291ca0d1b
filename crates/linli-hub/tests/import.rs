//! `HubStorage::import_group` (both stores): a group with a generated past, served by a real hub; devices
//! receive the history through their ordinary first sync, each only what they may see.

mod common;

use chrono::{NaiveDate, Utc};
use common::Device;
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::Role;
use linli_hub::storage::HubStorage;
use std::sync::Arc;

fn count(d: &Device, sql: &str) -> usize {
    d.store
        .lock()
        .unwrap()
        .read(|c| c.query_row(sql, [], |r| r.get::<_, i64>(0)))
        .unwrap() as usize
}

#[tokio::test]
async fn an_imported_history_reaches_devices_through_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate(&DemoConfig {
        seed: 7,
        members: 30,
        days: 10,
        start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        orders_per_member_day: 0.9,
    });
    let hub = common::open_hub(&common::hub_db(dir.path())).0;
    let (invites, again) = common::off_runtime({
        let (hub, data) = (hub.clone(), data.clone());
        move || {
            let first = hub.import_group(&data, Utc::now()).unwrap();
            (first, hub.import_group(&data, Utc::now()))
        }
    });
    assert_eq!(invites.group_id, data.group.id);
    assert!(again.is_err(), "a group is imported once");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let storage: Arc<dyn HubStorage> = hub.clone();
    tokio::spawn(linli_hub::serve(listener, storage, std::future::pending()));

    let boss = Device::join(&url, &invites.organiser_invite, "ignored").await;
    let organiser = data
        .members
        .iter()
        .find(|m| m.role == Role::Organiser)
        .unwrap();
    assert_eq!((boss.me(), boss.id.role), (organiser.id, Role::Organiser));
    boss.syncer().sync_once().await.unwrap();
    assert_eq!(
        count(&boss, "SELECT COUNT(*) FROM members"),
        data.members.len()
    );
    assert_eq!(count(&boss, "SELECT COUNT(*) FROM deals"), data.deals.len());
    assert_eq!(
        count(&boss, "SELECT COUNT(*) FROM orders"),
        data.orders.len()
    );
    assert_eq!(
        count(&boss, "SELECT COUNT(*) FROM ledger"),
        data.ledger.len()
    );
    assert_eq!(
        count(&boss, "SELECT COUNT(*) FROM pickup_codes"),
        data.pickup_codes.len()
    );
    assert_eq!(
        count(&boss, "SELECT COUNT(*) FROM stock_movements"),
        data.movements.len()
    );
    assert_eq!(
        boss.store.lock().unwrap().rollup_mismatches().unwrap(),
        0,
        "the figures' rollups agree with the orders"
    );
    assert_eq!(
        boss.store.lock().unwrap().taken_mismatches().unwrap(),
        0,
        "each deal's kept units agree with the synced orders"
    );

    // A newcomer sees the group's public past, none of the neighbours' orders.
    let newcomer = Device::join(&url, &invites.member_invite, "新邻居").await;
    newcomer.syncer().sync_once().await.unwrap();
    assert_eq!(
        count(&newcomer, "SELECT COUNT(*) FROM deals"),
        data.deals.len()
    );
    assert_eq!(count(&newcomer, "SELECT COUNT(*) FROM orders"), 0);
    assert_eq!(count(&newcomer, "SELECT COUNT(*) FROM ledger"), 0);
    assert_eq!(
        count(&newcomer, "SELECT COUNT(*) FROM members"),
        data.members.len() + 1
    );
}
