//! `HubStorage::import_group` (both stores): a group with a generated past, served by a real hub; devices
//! receive the history through their ordinary first sync, each only what they may see.

mod common;

use chrono::{NaiveDate, Utc};
use common::Device;
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::Role;
use linli_hub::storage::postgres::PostgresHub;
use linli_hub::storage::{Actor, HubStorage};
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

/// A new database on the PostgreSQL server at `LINLI_TEST_POSTGRES`, if one is named.
fn new_postgres_db() -> Option<String> {
    let server = std::env::var("LINLI_TEST_POSTGRES").ok()?;
    let name = format!("import_{}", uuid::Uuid::new_v4().simple());
    let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

/// Everything the organiser's first sync receives, as JSON, page by page.
fn full_pull(hub: &dyn HubStorage, a: &Actor) -> Vec<serde_json::Value> {
    let (mut since, mut all) = (0, Vec::new());
    loop {
        let page = hub.pull(a, since, 500).unwrap();
        all.extend(
            page.changes
                .iter()
                .map(|c| serde_json::to_value(c).unwrap()),
        );
        since = page.next;
        if !page.more {
            return all;
        }
    }
}

/// What a database holds of a group, table by table, and each deal's kept units.
fn tables(db: &str) -> Vec<String> {
    let mut c = postgres::Client::connect(db, postgres::NoTls).unwrap();
    let mut out = Vec::new();
    for t in [
        "groups",
        "members",
        "products",
        "deals",
        "orders",
        "ledger",
        "movements",
        "notices",
        "tips",
        "help_requests",
        "complaints",
        "suggestions",
    ] {
        let row = c
            .query_one(
                &format!(
                    "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t.id), ''))
                     FROM {t} t"
                ),
                &[],
            )
            .unwrap();
        out.push(format!(
            "{t}: {} {}",
            row.get::<_, i64>(0),
            row.get::<_, String>(1)
        ));
    }
    for sql in [
        "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t.deal_id), ''))
         FROM deal_taken t",
        "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|'
                ORDER BY t.group_id, t.pickup_day, t.member_id), '')) FROM pickup_codes t",
        "SELECT COUNT(*), md5(COALESCE(string_agg(
                t.entity || t.audience || COALESCE(t.member_id::text, '') || t.change, '|'
                ORDER BY t.seq), '')) FROM hub_changes t",
    ] {
        let row = c.query_one(sql, &[]).unwrap();
        out.push(format!(
            "{sql}: {} {}",
            row.get::<_, i64>(0),
            row.get::<_, String>(1)
        ));
    }
    out
}

/// The PostgreSQL hub imports each table with one COPY; the group it makes is the one the
/// row-by-row path makes: the same records, the same units taken and sold on each deal, the
/// same feed and so the same first sync for the organiser. (Run with `LINLI_TEST_POSTGRES`.)
#[test]
fn importing_by_copy_gives_what_row_by_row_gives() {
    let (Some(by_copy), Some(by_row)) = (new_postgres_db(), new_postgres_db()) else {
        eprintln!("LINLI_TEST_POSTGRES not set: nothing to compare");
        return;
    };
    let data = generate(&DemoConfig {
        seed: 11,
        members: 40,
        days: 15,
        start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        orders_per_member_day: 1.2,
    });
    assert!(data.orders.len() > 300 && !data.ledger.is_empty());
    let now = Utc::now();
    let copy_hub = PostgresHub::open(&by_copy).unwrap();
    let row_hub = PostgresHub::open(&by_row).unwrap();
    copy_hub.import_group(&data, now).unwrap();
    row_hub.import_group_row_by_row(&data, now).unwrap();
    assert!(
        copy_hub.import_group(&data, now).is_err(),
        "a group is imported once"
    );

    let boss = data
        .members
        .iter()
        .find(|m| m.role == Role::Organiser)
        .unwrap();
    let a = Actor {
        member_id: boss.id,
        group_id: data.group.id,
        role: Role::Organiser,
    };
    let (copied, rowed) = (full_pull(&copy_hub, &a), full_pull(&row_hub, &a));
    assert!(copied.len() > data.orders.len());
    assert_eq!(copied, rowed, "the organiser's first sync");
    assert_eq!(tables(&by_copy), tables(&by_row));
}
