//! A proxy between devices and the hub that drops, delays and duplicates requests and
//! responses while 1,000 commands go through. Afterwards the hub and every device agree:
//! nothing lost, nothing applied twice.

mod common;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use common::{Device, TestHub, publish};
use linli_core::model::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// What the proxy did, for the report.
#[derive(Default)]
struct Faults {
    requests: AtomicU64,
    dropped_requests: AtomicU64,
    dropped_responses: AtomicU64,
    duplicated: AtomicU64,
    delayed: AtomicU64,
}

struct Proxy {
    hub: String,
    http: reqwest::Client,
    rng: Mutex<ChaCha8Rng>,
    faults: Faults,
}

impl Proxy {
    fn roll(&self) -> f64 {
        self.rng.lock().unwrap().random()
    }

    async fn forward(
        &self,
        method: &reqwest::Method,
        uri: &str,
        auth: &Option<String>,
        body: &Bytes,
    ) -> Option<(u16, Bytes)> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{uri}", self.hub))
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await.ok()?;
        let status = resp.status().as_u16();
        Some((status, resp.bytes().await.ok()?))
    }
}

fn bad_gateway() -> Response {
    (StatusCode::BAD_GATEWAY, "proxy dropped it").into_response()
}

async fn relay(State(p): State<Arc<Proxy>>, req: Request) -> Response {
    p.faults.requests.fetch_add(1, Relaxed);
    let method = req.method().clone();
    let uri = req
        .uri()
        .path_and_query()
        .map(|x| x.to_string())
        .unwrap_or_default();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap();
    if p.roll() < 0.2 {
        p.faults.delayed.fetch_add(1, Relaxed);
        let ms = (p.roll() * 300.0) as u64;
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    let r = p.roll();
    let answer = if r < 0.1 {
        p.faults.dropped_requests.fetch_add(1, Relaxed);
        return bad_gateway();
    } else if r < 0.2 {
        // The hub does the work, the answer is lost on the way back.
        p.forward(&method, &uri, &auth, &body).await;
        p.faults.dropped_responses.fetch_add(1, Relaxed);
        return bad_gateway();
    } else if r < 0.3 {
        // The same request reaches the hub twice at once.
        p.faults.duplicated.fetch_add(1, Relaxed);
        let (a, b) = tokio::join!(
            p.forward(&method, &uri, &auth, &body),
            p.forward(&method, &uri, &auth, &body)
        );
        if p.roll() < 0.5 { a } else { b }
    } else {
        p.forward(&method, &uri, &auth, &body).await
    };
    match answer {
        Some((status, bytes)) => (StatusCode::from_u16(status).unwrap(), bytes).into_response(),
        None => bad_gateway(),
    }
}

async fn start_proxy(hub: &str) -> (String, Arc<Proxy>) {
    let p = Arc::new(Proxy {
        hub: hub.to_string(),
        http: reqwest::Client::new(),
        rng: Mutex::new(ChaCha8Rng::seed_from_u64(7)),
        faults: Faults::default(),
    });
    let app = axum::Router::new().fallback(relay).with_state(p.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, p)
}

const DEVICES: usize = 10;
const COMMANDS_EACH: usize = 100;

/// One device's day: orders, changes and cancellations made locally, synced through the
/// proxy now and then, then synced until everything is answered.
async fn member_day(d: Device, proxy: String, deals: Vec<DealId>, seed: u64) -> Device {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let syncer = d.syncer_via(&proxy);
    let mut sent = 0;
    let mut placed: Vec<OrderId> = Vec::new();
    while sent < COMMANDS_EACH {
        let roll: f64 = rng.random();
        let now = Utc::now();
        {
            let mut s = d.store.lock().unwrap();
            if roll < 0.7 || placed.is_empty() {
                let deal = deals[rng.random_range(0..deals.len())];
                let id = OrderId::new();
                s.place_order(d.me(), deal, id, rng.random_range(1..4), now)
                    .unwrap();
                placed.push(id);
            } else if roll < 0.85 {
                let id = placed[rng.random_range(0..placed.len())];
                s.change_order(id, rng.random_range(1..6), now).unwrap();
            } else {
                let id = placed.swap_remove(rng.random_range(0..placed.len()));
                s.cancel_order(id, now).unwrap();
            }
        }
        sent += 1;
        if sent % 5 == 0 {
            let _ = syncer.sync_once().await;
        }
    }
    let mut tries = 0;
    while syncer.sync_once().await.is_err() || d.pending() > 0 {
        tries += 1;
        assert!(tries < 200, "device never caught up");
    }
    d
}

fn summary(orders: &[Order]) -> BTreeMap<OrderId, (u32, OrderState)> {
    orders.iter().map(|o| (o.id, (o.qty, o.state))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_commands_through_a_faulty_network_arrive_exactly_once() {
    let hub = TestHub::start().await;
    let boss = Device::join(&hub.url, &hub.invites.organiser_invite, "王阿姨").await;
    let mut deals = Vec::new();
    for _ in 0..3 {
        deals.push(
            publish(&boss, 100_000, 10_000, Duration::hours(10))
                .await
                .1
                .id,
        );
    }
    let (proxy, faults) = start_proxy(&hub.url).await;
    let before = hub.counters().await;

    let mut set = tokio::task::JoinSet::new();
    for i in 0..DEVICES {
        let d = Device::join(&hub.url, &hub.invites.member_invite, &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        set.spawn(member_day(d, proxy.clone(), deals.clone(), i as u64));
    }
    let mut devices = Vec::new();
    while let Some(d) = set.join_next().await {
        devices.push(d.unwrap());
    }

    let after = hub.counters().await;
    let (applied, rejected, duplicates) =
        (after.0 - before.0, after.1 - before.1, after.2 - before.2);
    let f = &faults.faults;
    eprintln!(
        "faults: {} requests through the proxy; {} dropped before the hub, {} answers dropped, {} sent twice, {} delayed",
        f.requests.load(Relaxed),
        f.dropped_requests.load(Relaxed),
        f.dropped_responses.load(Relaxed),
        f.duplicated.load(Relaxed),
        f.delayed.load(Relaxed)
    );
    eprintln!(
        "commands: {} sent, {applied} applied, {rejected} rejected, {duplicates} duplicates seen and absorbed",
        DEVICES * COMMANDS_EACH
    );
    assert_eq!(
        applied + rejected,
        (DEVICES * COMMANDS_EACH) as u64,
        "each command answered once"
    );
    assert_eq!(rejected, 0, "every command was valid");
    assert!(duplicates > 0, "the proxy did cause retries and duplicates");
    assert!(f.dropped_requests.load(Relaxed) > 0 && f.dropped_responses.load(Relaxed) > 0);

    boss.syncer().sync_once().await.unwrap();
    let mut total = 0;
    for d in &devices {
        let mine = summary(&d.orders());
        let at_hub: Vec<Order> = deals
            .iter()
            .flat_map(|x| boss.store.lock().unwrap().orders_of_deal(*x).unwrap())
            .filter(|o| o.member_id == d.me())
            .collect();
        assert_eq!(mine, summary(&at_hub), "device and hub agree");
        total += mine.len();
    }
    let all: usize = deals
        .iter()
        .map(|x| boss.store.lock().unwrap().orders_of_deal(*x).unwrap().len())
        .sum();
    assert_eq!(all, total, "no order at the hub that no device made");
}
