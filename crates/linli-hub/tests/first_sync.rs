//! A new device's first sync of a group with a past (both stores): the catching-up path
//! (pages fetched while earlier ones are written, a batch of pages a transaction, rollups
//! set once a batch) leaves exactly what applying the same feed page by page leaves; cut
//! off at random points it resumes from its cursor with nothing lost or counted twice; a
//! member's device still receives only what she may see.

mod common;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use common::Device;
use linli_core::demo::{Dataset, DemoConfig, generate};
use linli_core::model::Role;
use linli_hub::storage::{HubStorage, Invites};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

/// A group of 30 neighbours over `days` days: over 40 days, some 2,000 orders and about
/// 8,000 changes for the organiser (eight pages); over 100, more than a page of public
/// changes for a member.
fn group(days: u32) -> Dataset {
    generate(&DemoConfig {
        seed: 11,
        members: 30,
        days,
        start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        orders_per_member_day: 1.65,
    })
}

/// A hub serving `data` as its group; its address and invites.
async fn hub_with(dir: &std::path::Path, data: &Dataset) -> (String, Invites) {
    let hub = common::open_hub(&common::hub_db(dir)).0;
    let invites = common::off_runtime({
        let (hub, data) = (hub.clone(), data.clone());
        move || hub.import_group(&data, Utc::now()).unwrap()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let storage: Arc<dyn HubStorage> = hub;
    tokio::spawn(linli_hub::serve(listener, storage, std::future::pending()));
    (url, invites)
}

/// Every table's rows (the cursor included): [`linli_core::store::Store::contents`].
fn tables(d: &Device) -> BTreeMap<String, Vec<String>> {
    d.store.lock().unwrap().contents().unwrap()
}

/// The feed applied the ordinary way, one page a transaction with the triggers on.
async fn page_by_page(d: &Device, page_size: u32) {
    let client = d.client();
    loop {
        let since = d.store.lock().unwrap().cursor().unwrap();
        let page = client.pull(since, page_size, 0).await.unwrap();
        d.store.lock().unwrap().apply_pull(&page).unwrap();
        if !page.more {
            return;
        }
    }
}

fn count(d: &Device, table: &str) -> usize {
    d.store
        .lock()
        .unwrap()
        .read(|c| {
            c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .unwrap() as usize
}

fn sound(d: &Device) {
    let s = d.store.lock().unwrap();
    assert_eq!(s.rollup_mismatches().unwrap(), 0, "the figures' rollups");
    assert_eq!(s.taken_mismatches().unwrap(), 0, "each deal's taken units");
    s.integrity_check().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organisers_first_sync_holds_what_page_by_page_gives() {
    let dir = tempfile::tempdir().unwrap();
    let data = group(40);
    let (url, invites) = hub_with(dir.path(), &data).await;

    let fast = Device::join(&url, &invites.organiser_invite, "王阿姨").await;
    let report = fast.syncer().sync_once().await.unwrap();
    let slow = Device::join(&url, &invites.organiser_invite, "王阿姨").await;
    page_by_page(&slow, 500).await;

    assert!(report.pulled > 2 * 1000, "several pages: {}", report.pulled);
    assert_eq!(count(&fast, "orders"), data.orders.len());
    assert_eq!(count(&fast, "ledger"), data.ledger.len());
    assert_eq!(count(&fast, "stock_movements"), data.movements.len());
    assert_eq!(count(&fast, "pickup_codes"), data.pickup_codes.len());
    let (a, b) = (tables(&fast), tables(&slow));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, rows) in &a {
        assert_eq!(rows, &b[name], "table {name}");
    }
    assert!(!a["deal_sales"].is_empty() && !a["member_weeks"].is_empty());
    sound(&fast);
    let end = common::caught_up(&fast.client()).await;
    assert_eq!(
        fast.store.lock().unwrap().cursor().unwrap(),
        end,
        "the cursor is exactly the feed's end"
    );

    // Afterwards the store is an ordinary one again: triggers keep the rollups.
    let (_, deal) = common::publish(&fast, 100, 10, chrono::Duration::hours(3)).await;
    fast.order(deal.id, 3).unwrap();
    assert_eq!(
        fast.store.lock().unwrap().deal_sold(deal.id).unwrap(),
        Some(0)
    );
    sound(&fast);
    let taken: i64 = fast
        .store
        .lock()
        .unwrap()
        .read(|c| {
            c.query_row(
                "SELECT qty FROM deal_taken WHERE deal_id = ?1",
                [deal.id],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(taken, 3, "the insert trigger counted the new order");
}

/// A proxy to the hub that cuts some pulls off: the answer's head is sent, then the
/// connection drops half-way through its body (or, for some, before any answer).
struct Cutter {
    hub: String,
    http: reqwest::Client,
    rng: Mutex<ChaCha8Rng>,
    pulls: AtomicUsize,
    cut: AtomicUsize,
    /// Cut each pull with this chance while positive.
    chance: Mutex<f64>,
}

async fn relay(State(p): State<Arc<Cutter>>, req: Request) -> Response {
    let uri = req.uri().path_and_query().unwrap().to_string();
    let auth = req.headers().get("authorization").cloned();
    let method = req.method().clone();
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap();
    let mut fwd = p
        .http
        .request(method, format!("{}{uri}", p.hub))
        .header("content-type", "application/json")
        .body(body);
    if let Some(a) = auth {
        fwd = fwd.header("authorization", a);
    }
    let resp = fwd.send().await.unwrap();
    let status = StatusCode::from_u16(resp.status().as_u16()).unwrap();
    let bytes = resp.bytes().await.unwrap();
    let (cut, early) = {
        let mut rng = p.rng.lock().unwrap();
        let chance = *p.chance.lock().unwrap();
        (rng.random::<f64>() < chance, rng.random::<f64>() < 0.3)
    };
    if !uri.starts_with("/v1/pull") {
        return (status, bytes).into_response();
    }
    p.pulls.fetch_add(1, SeqCst);
    if !cut {
        return (status, bytes).into_response();
    }
    p.cut.fetch_add(1, SeqCst);
    if early {
        return (StatusCode::BAD_GATEWAY, "cut").into_response();
    }
    // The head promises the whole answer; half of it comes, then the connection closes.
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("content-length", bytes.len())
        .body(Body::from(half))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_cut_off_at_random_points_resumes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let data = group(40);
    let (url, invites) = hub_with(dir.path(), &data).await;
    linli_core::sync::tls::install_provider(); // before the proxy's own client
    let cutter = Arc::new(Cutter {
        hub: url.clone(),
        http: reqwest::Client::new(),
        rng: Mutex::new(ChaCha8Rng::seed_from_u64(23)),
        pulls: AtomicUsize::new(0),
        cut: AtomicUsize::new(0),
        chance: Mutex::new(0.35),
    });
    let app = axum::Router::new()
        .fallback(relay)
        .with_state(cutter.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let device = Device::join(&url, &invites.organiser_invite, "王阿姨").await;
    let syncer = device.syncer_via(&proxy);
    let mut failures = 0;
    let mut cursors = vec![];
    while let Err(e) = syncer.sync_once().await {
        failures += 1;
        assert!(failures < 100, "never finished: {e}");
        // Each failed attempt left a sound store at a page boundary: what it fetched was
        // written, nothing half.
        sound(&device);
        cursors.push(device.store.lock().unwrap().cursor().unwrap());
        if failures == 6 {
            *cutter.chance.lock().unwrap() = 0.0;
        }
    }
    assert!(
        failures >= 3,
        "the sync was cut off several times ({failures})"
    );
    assert!(
        cursors.windows(2).all(|w| w[0] <= w[1]),
        "the cursor never went back: {cursors:?}"
    );
    assert!(
        cursors.iter().any(|&c| c > 0),
        "progress was kept between attempts: {cursors:?}"
    );
    let reference = Device::join(&url, &invites.organiser_invite, "王阿姨").await;
    page_by_page(&reference, 1000).await;
    assert_eq!(
        count(&device, "orders"),
        data.orders.len(),
        "no order lost or doubled"
    );
    assert_eq!(count(&device, "ledger"), data.ledger.len());
    let (a, b) = (tables(&device), tables(&reference));
    for (name, rows) in &a {
        assert_eq!(rows, &b[name], "table {name}");
    }
    sound(&device);
    let end = common::caught_up(&device.client()).await;
    assert_eq!(
        device.store.lock().unwrap().cursor().unwrap(),
        end,
        "the cursor is exactly the feed's end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_first_sync_holds_only_what_she_may_see() {
    let dir = tempfile::tempdir().unwrap();
    let data = group(100);
    let (url, invites) = hub_with(dir.path(), &data).await;
    let boss = Device::join(&url, &invites.organiser_invite, "王阿姨").await;
    let her = data
        .members
        .iter()
        .filter(|m| m.role != Role::Organiser)
        .max_by_key(|m| data.orders.iter().filter(|o| o.member_id == m.id).count())
        .unwrap();
    let code = boss.client().link_code(her.id).await.unwrap();
    let device = Device::join(&url, &code, "ignored").await;
    assert_eq!(device.me(), her.id);
    let report = device.syncer().sync_once().await.unwrap();
    assert!(report.pulled > 1000, "more than a page: {}", report.pulled);

    let mine = |n: usize, what: &str, total: usize| {
        assert!(n > 0, "she has {what}");
        assert!(n < total, "not everyone's {what}");
    };
    let orders = data.orders.iter().filter(|o| o.member_id == her.id).count();
    mine(orders, "orders", data.orders.len());
    assert_eq!(count(&device, "orders"), orders);
    let own = |sql: &str| {
        device
            .store
            .lock()
            .unwrap()
            .read(|c| c.query_row(sql, [her.id], |r| r.get::<_, i64>(0)))
            .unwrap()
    };
    assert_eq!(own("SELECT COUNT(*) FROM orders WHERE member_id <> ?1"), 0);
    let ledger = data.ledger.iter().filter(|e| e.member_id == her.id).count();
    mine(ledger, "ledger lines", data.ledger.len());
    assert_eq!(count(&device, "ledger"), ledger);
    assert_eq!(own("SELECT COUNT(*) FROM ledger WHERE member_id <> ?1"), 0);
    assert_eq!(
        own("SELECT COUNT(*) FROM pickup_codes WHERE member_id <> ?1"),
        0
    );
    assert_eq!(
        count(&device, "pickup_codes"),
        data.pickup_codes
            .iter()
            .filter(|p| p.member_id == her.id)
            .count()
    );
    assert_eq!(count(&device, "stock_movements"), 0, "the organiser's only");
    assert_eq!(count(&device, "deals"), data.deals.len());
    assert_eq!(count(&device, "members"), data.members.len());
    sound(&device);
    let end = common::caught_up(&device.client()).await;
    assert_eq!(device.store.lock().unwrap().cursor().unwrap(), end);
}
