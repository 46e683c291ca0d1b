//! Hub benchmarks, printed as figures and ratios against a baseline measured in the same run:
//!
//! 1. a new device's first sync of a group with 10,000 orders (organiser and member),
//!    beside fetching the same pages over HTTP without storing them;
//! 2. push throughput (commands/s, `synchronous=FULL`) with 50 concurrent clients, beside
//!    a minimal axum endpoint on the same machine as the ceiling.
//!
//! `cargo bench -p linli-hub --bench sync` (add `-- --quick` for a smaller run).

use axum::Json;
use axum::routing::post;
use chrono::{Duration, Utc};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, HubClient, SharedStore, Syncer};
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{Actor, HubStorage};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use uuid::Uuid;

struct Hub {
    url: String,
    storage: Arc<SqliteHub>,
    invites: linli_hub::storage::Invites,
}

async fn start_hub(dir: &std::path::Path) -> Hub {
    let storage = Arc::new(SqliteHub::open(dir.join("hub.db")).unwrap());
    let invites = storage
        .create_group("幸福里3号楼", "王阿姨", Utc::now())
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let s: Arc<dyn HubStorage> = storage.clone();
    tokio::spawn(linli_hub::serve(listener, s, std::future::pending()));
    Hub {
        url,
        storage,
        invites,
    }
}

fn actor(j: &linli_core::sync::protocol::Joined) -> Actor {
    Actor {
        member_id: j.member_id,
        group_id: j.group_id,
        role: j.role,
    }
}

/// Publishes `n` deals with ample stock; returns their ids.
fn deals(hub: &Hub, boss: &Actor, n: usize) -> Vec<DealId> {
    let now = Utc::now();
    let product = Product {
        id: ProductId::new(),
        group_id: boss.group_id,
        name: "西红柿".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: None,
    };
    let apply = |command| {
        let env = Envelope {
            id: Uuid::new_v4(),
            command,
        };
        let a = hub.storage.apply(boss, &env, Utc::now()).unwrap();
        assert_eq!(
            a.outcome.verdict,
            linli_core::sync::protocol::Verdict::Applied
        );
    };
    apply(Command::PutProduct {
        product: product.clone(),
    });
    (0..n)
        .map(|_| {
            let deal = Deal {
                id: DealId::new(),
                group_id: boss.group_id,
                product_id: product.id,
                price: Fen(380),
                unit: "斤".into(),
                stock: 1_000_000,
                min_total: 1,
                per_member_limit: 100_000,
                cutoff: now + Duration::hours(10),
                pickup_day: (now + Duration::days(1)).date_naive(),
                pickup_place: "3号楼门口".into(),
                state: DealState::Open,
                arrived_qty: None,
                created_at: now,
            };
            apply(Command::PublishDeal { deal: deal.clone() });
            deal.id
        })
        .collect()
}

fn place(deal: DealId) -> Envelope {
    Envelope {
        id: Uuid::new_v4(),
        command: Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal,
            qty: 1,
        },
    }
}

async fn fresh_device(dir: &std::path::Path, name: &str, hub: &str, invite: &str) -> SharedStore {
    let store = Arc::new(Mutex::new(
        Store::open(dir.join(format!("{name}.db")), Durability::Normal).unwrap(),
    ));
    client::join(&store, hub, invite, name).await.unwrap();
    store
}

async fn first_sync(orders: usize) {
    let dir = tempfile::tempdir().unwrap();
    let hub = start_hub(dir.path()).await;
    let boss_j = hub
        .storage
        .join(&hub.invites.organiser_invite, "王阿姨", Utc::now())
        .unwrap();
    let boss = actor(&boss_j);
    let ids = deals(&hub, &boss, 10);
    let members: Vec<Actor> = (0..100)
        .map(|i| {
            actor(
                &hub.storage
                    .join(&hub.invites.member_invite, &format!("邻居{i}"), Utc::now())
                    .unwrap(),
            )
        })
        .collect();
    let t0 = Instant::now();
    for i in 0..orders {
        let a = hub
            .storage
            .apply(
                &members[i % members.len()],
                &place(ids[i % ids.len()]),
                Utc::now(),
            )
            .unwrap();
        assert!(!a.duplicate);
    }
    let setup = t0.elapsed();
    println!(
        "setup: {orders} orders applied one transaction each (FULL sync) in {:.1} s ({:.0}/s)",
        setup.as_secs_f64(),
        orders as f64 / setup.as_secs_f64()
    );

    // Baseline: the same pages over HTTP, read and thrown away (once to warm up, once timed).
    let http = HubClient::new(&hub.url).unwrap().with_token(&boss_j.token);
    let mut fetch = std::time::Duration::ZERO;
    let mut n = 0;
    for _ in 0..2 {
        let t0 = Instant::now();
        let mut since = 0;
        n = 0;
        loop {
            let page = http.pull(since, 500, 0).await.unwrap();
            n += page.changes.len();
            since = page.next;
            if !page.more {
                break;
            }
        }
        fetch = t0.elapsed();
    }

    let organiser = fresh_device(
        dir.path(),
        "organiser",
        &hub.url,
        &hub.invites.organiser_invite,
    )
    .await;
    let t0 = Instant::now();
    let r = Syncer::new(organiser.clone())
        .unwrap()
        .sync_once()
        .await
        .unwrap();
    let org = t0.elapsed();
    assert!(r.pulled >= orders);
    let count = organiser
        .lock()
        .unwrap()
        .orders_of_deal(ids[0])
        .unwrap()
        .len();
    assert_eq!(count, orders / ids.len());

    let member = fresh_device(dir.path(), "member", &hub.url, &hub.invites.member_invite).await;
    let t0 = Instant::now();
    let r = Syncer::new(member).unwrap().sync_once().await.unwrap();
    let mem = t0.elapsed();
    println!("first sync of a group with {orders} orders ({n} changes for the organiser):");
    println!(
        "  baseline, fetch the pages only : {:>8.1} ms",
        fetch.as_secs_f64() * 1e3
    );
    println!(
        "  new organiser device           : {:>8.1} ms  ({:.2}x baseline)",
        org.as_secs_f64() * 1e3,
        org.as_secs_f64() / fetch.as_secs_f64()
    );
    println!(
        "  new member device ({} changes) : {:>8.1} ms  ({:.2}x baseline)",
        r.pulled,
        mem.as_secs_f64() * 1e3,
        mem.as_secs_f64() / fetch.as_secs_f64()
    );
}

async fn run_clients(
    url: String,
    tokens: Vec<String>,
    per_client: usize,
    deal: Option<DealId>,
) -> f64 {
    let t0 = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for t in tokens {
        let c = HubClient::new(&url).unwrap().with_token(&t);
        set.spawn(async move {
            for _ in 0..per_client {
                let env = place(deal.unwrap_or(DealId(Uuid::nil())));
                let out = c.push(vec![env]).await.unwrap();
                assert_eq!(out.len(), 1);
            }
        });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    t0.elapsed().as_secs_f64()
}

async fn push_throughput(clients: usize, per_client: usize) {
    // Ceiling: an axum endpoint that parses the same body and answers one outcome.
    let app = axum::Router::new().route(
        "/v1/push",
        post(
            |Json(req): Json<linli_core::sync::protocol::PushRequest>| async move {
                Json(linli_core::sync::protocol::PushResponse {
                    outcomes: req
                        .commands
                        .iter()
                        .map(|c| linli_core::sync::protocol::Outcome {
                            id: c.id,
                            verdict: linli_core::sync::protocol::Verdict::Applied,
                        })
                        .collect(),
                })
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ceiling_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let hub = start_hub(dir.path()).await;
    let boss = actor(
        &hub.storage
            .join(&hub.invites.organiser_invite, "王阿姨", Utc::now())
            .unwrap(),
    );
    let two = deals(&hub, &boss, 2);
    let (deal, other) = (two[0], two[1]);
    let tokens: Vec<String> = (0..clients)
        .map(|i| {
            hub.storage
                .join(&hub.invites.member_invite, &format!("邻居{i}"), Utc::now())
                .unwrap()
                .token
        })
        .collect();

    let n = (clients * per_client) as f64;
    let ceiling = run_clients(ceiling_url, tokens.clone(), per_client, None).await;
    let real = run_clients(hub.url.clone(), tokens, per_client, Some(deal)).await;
    // Storage alone, one command at a time: as many orders applied straight to the storage,
    // no HTTP, on a second deal with as few orders before it (each order sums its deal's
    // orders); each its own commit.
    let t0 = Instant::now();
    for _ in 0..clients * per_client {
        hub.storage.apply(&boss, &place(other), Utc::now()).unwrap();
    }
    let direct = t0.elapsed().as_secs_f64();
    // The same work as the hub does it: as many threads as clients, each applying its
    // orders one after another, so commands that arrive together share a commit.
    let third = deals(&hub, &boss, 1)[0];
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                for _ in 0..per_client {
                    hub.storage.apply(&boss, &place(third), Utc::now()).unwrap();
                }
            });
        }
    });
    let together = t0.elapsed().as_secs_f64();
    println!("push throughput, {clients} concurrent clients, one command per push, {n} commands:");
    println!(
        "  minimal axum endpoint (ceiling)    : {:>8.0} commands/s",
        n / ceiling
    );
    println!(
        "  storage alone, no HTTP (disk bound): {:>8.0} commands/s  ({:.3}x the axum ceiling)",
        n / direct,
        ceiling / direct
    );
    println!(
        "  storage alone, {clients} threads (grouped): {:>8.0} commands/s  ({:.3}x the axum ceiling)",
        n / together,
        ceiling / together
    );
    println!(
        "  linli-hub, synchronous=FULL        : {:>8.0} commands/s  ({:.3}x the axum ceiling, {:.2}x storage alone one at a time, {:.2}x storage alone with {clients} threads)",
        n / real,
        ceiling / real,
        direct / real,
        together / real
    );
}

/// What checking a push body against the OpenAPI document costs beside reading it, for a
/// push of one command and of 200 (the most a push may carry), in the same run: the
/// baseline reads the body straight into the command types (what the hub did before the
/// check); the checked path reads it into a JSON value, the types from that value, and
/// validates the value (what the hub does now).
fn body_check(rounds: usize) {
    use linli_core::sync::protocol::PushRequest;
    let contract = linli_hub::check::Contract::new(&linli_hub::openapi::document());
    println!("checking push bodies against the OpenAPI document ({rounds} rounds):");
    for size in [1usize, 200] {
        let body = serde_json::to_vec(&PushRequest {
            commands: (0..size).map(|_| place(DealId::new())).collect(),
        })
        .unwrap();
        let t0 = Instant::now();
        for _ in 0..rounds {
            let r: PushRequest = serde_json::from_slice(&body).unwrap();
            std::hint::black_box(r);
        }
        let plain = t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        for _ in 0..rounds {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let r = <PushRequest as serde::Deserialize>::deserialize(&v).unwrap();
            contract.push(&v).unwrap();
            std::hint::black_box(r);
        }
        let checked = t0.elapsed().as_secs_f64();
        let per = |t: f64| t / (rounds * size) as f64 * 1e6;
        println!(
            "  {size:>3} command(s) a push: read only {:>6.1} µs/command, read + checked {:>6.1} µs/command ({:.2}x)",
            per(plain),
            per(checked),
            checked / plain
        );
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    body_check(if quick { 200 } else { 2_000 });
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        first_sync(if quick { 1_000 } else { 10_000 }).await;
        push_throughput(50, if quick { 10 } else { 40 }).await;
    });
}
