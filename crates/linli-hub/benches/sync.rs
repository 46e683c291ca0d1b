//! Hub benchmarks, printed as figures and ratios against a baseline measured in the same run,
//! for each store: SQLite, and PostgreSQL when `LINLI_TEST_POSTGRES` names a server (each
//! run makes its own database there):
//!
//! 1. a new device's first sync of a group with about 10,000 orders and of one with about
//!    100,000 (a season of a large group), organiser and member, each beside fetching the
//!    same pages over the same HTTP without storing them (the ratio, and the cost per
//!    change);
//! 2. push throughput (commands/s, every commit on disk) and p99 latency with 50 and 500
//!    concurrent clients, beside a minimal axum endpoint on the same machine (the ceiling)
//!    and the storage alone (one command at a time, and from as many threads as clients);
//!    for PostgreSQL, the round trips to the server per command (statements sent).
//!
//! `scripts/with-postgres cargo bench -p linli-hub --bench sync` (add `-- --quick` for a
//! smaller run, `-- --push` or `-- --first-sync` for one part, `-- --import` for importing
//! the large group alone, each store's way and PostgreSQL's row by row; without
//! `scripts/with-postgres`, SQLite only).

use axum::Json;
use axum::routing::post;
use chrono::{Duration, Utc};
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, HubClient, SharedStore, Syncer};
use linli_hub::storage::{Actor, HubStorage, Invites};
use std::sync::{Arc, Mutex};
use std::time::{Duration as Elapsed, Instant};
use uuid::Uuid;

/// Which store a bench runs on.
#[derive(Clone)]
enum Kind {
    Sqlite,
    /// A PostgreSQL server's address; each hub gets a new database on it.
    Postgres(String),
}

impl Kind {
    fn all() -> Vec<Kind> {
        let mut kinds = vec![Kind::Sqlite];
        match std::env::var("LINLI_TEST_POSTGRES") {
            Ok(url) => kinds.push(Kind::Postgres(url)),
            Err(_) => println!(
                "(PostgreSQL left out: run under scripts/with-postgres to measure it too)\n"
            ),
        }
        kinds
    }

    fn name(&self) -> &'static str {
        match self {
            Kind::Sqlite => "SQLite (synchronous=FULL)",
            Kind::Postgres(_) => "PostgreSQL (fsync, synchronous_commit on)",
        }
    }

    /// A new store's address.
    fn db(&self, dir: &std::path::Path) -> String {
        match self {
            Kind::Sqlite => dir.join("hub.db").to_string_lossy().into_owned(),
            Kind::Postgres(server) => {
                let name = format!("bench_{}", Uuid::new_v4().simple());
                let mut c = postgres::Client::connect(server, postgres::NoTls).unwrap();
                c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
                let (base, _) = server.rsplit_once('/').unwrap();
                format!("{base}/{name}")
            }
        }
    }
}

/// Runs blocking storage work from the async benches (PostgreSQL's client blocks on a
/// runtime of its own).
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

struct Hub {
    url: String,
    storage: Arc<dyn HubStorage>,
    invites: Invites,
}

/// A hub on a new store of `kind`, serving on loopback; `data` is imported as its group, or
/// a new empty group is made.
async fn start_hub(
    kind: &Kind,
    dir: &std::path::Path,
    data: Option<&linli_core::demo::Dataset>,
) -> Hub {
    let (storage, invites) = blocking(|| {
        let storage = linli_hub::open_store(&kind.db(dir)).unwrap();
        let invites = match data {
            Some(d) => storage.import_group(d, Utc::now()).unwrap(),
            None => storage
                .create_group("幸福里3号楼", "王阿姨", Utc::now())
                .unwrap(),
        };
        (storage, invites)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(linli_hub::serve(
        listener,
        storage.clone(),
        std::future::pending(),
    ));
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
            member_id: None,
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

/// A generated group history: `members` neighbours over `days` days (about 0.8 orders each a
/// day).
fn history(members: usize, days: u32) -> linli_core::demo::Dataset {
    linli_core::demo::generate(&linli_core::demo::DemoConfig {
        members,
        days,
        orders_per_member_day: 1.65,
        ..linli_core::demo::DemoConfig::standard()
    })
}

/// Fetches every page a device with `token` would pull, as its sync asks for them (same
/// page size, same HTTP), reading and throwing them away. The time and the number of
/// changes.
async fn fetch_only(url: &str, token: &str) -> (Elapsed, usize) {
    let http = HubClient::new(url).unwrap().with_token(token);
    let t0 = Instant::now();
    let mut since = 0;
    let mut n = 0;
    loop {
        let page = http.pull(since, client::PULL_BATCH, 0).await.unwrap();
        n += page.changes.len();
        since = page.next;
        if !page.more {
            break;
        }
    }
    (t0.elapsed(), n)
}

/// The median of some durations.
fn median(mut d: Vec<Elapsed>) -> Elapsed {
    d.sort();
    d[d.len() / 2]
}

/// New devices' first syncs, each right after fetching the same pages without storing
/// them (a fetch once before, to warm up): `rounds` pairs, each a new device joining with
/// `invite`. The line printed for them: medians, and the range of the pair-by-pair ratio
/// (the machine's load moves both of a pair alike).
async fn device_first_sync(
    dir: &std::path::Path,
    hub: &Hub,
    who: &str,
    invite: &str,
    rounds: usize,
) -> (usize, String) {
    let (mut fetches, mut syncs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n, mut held) = (0, 0);
    for round in 0..rounds {
        let device = fresh_device(dir, &format!("{who}{round}"), &hub.url, invite).await;
        let token = device.lock().unwrap().identity().unwrap().unwrap().token;
        if round == 0 {
            fetch_only(&hub.url, &token).await;
        }
        let (fetch, fetched) = fetch_only(&hub.url, &token).await;
        let t0 = Instant::now();
        let r = Syncer::new(device.clone())
            .unwrap()
            .sync_once()
            .await
            .unwrap();
        let took = t0.elapsed();
        assert_eq!(r.pulled, fetched, "the sync pulled the pages fetched");
        n = fetched;
        held = device
            .lock()
            .unwrap()
            .read(|c| c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get::<_, i64>(0)))
            .unwrap() as usize;
        fetches.push(fetch);
        syncs.push(took);
        ratios.push(took.as_secs_f64() / fetch.as_secs_f64());
    }
    let (fetch, took) = (median(fetches), median(syncs));
    ratios.sort_by(f64::total_cmp);
    let ms = |d: Elapsed| d.as_secs_f64() * 1e3;
    let per = |d: Elapsed| d.as_secs_f64() / n.max(1) as f64 * 1e6;
    let line = format!(
        "  {who:<9} {n:>7} changes: fetch only {:>8.1} ms ({:>4.1} µs/change), first sync {:>8.1} ms ({:>4.1} µs/change) = {:.2}x fetch (pairs {:.2}–{:.2}x, median of {rounds})",
        ms(fetch),
        per(fetch),
        ms(took),
        per(took),
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1],
    );
    (held, line)
}

async fn first_sync(kind: &Kind, data: &linli_core::demo::Dataset, rounds: usize) {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let hub = start_hub(kind, dir.path(), Some(data)).await;
    let setup = t0.elapsed();
    let orders = data.orders.len();
    let (held, organiser) = device_first_sync(
        dir.path(),
        &hub,
        "organiser",
        &hub.invites.organiser_invite,
        rounds,
    )
    .await;
    assert_eq!(held, orders, "the organiser's device holds every order");
    let (_, member) = device_first_sync(
        dir.path(),
        &hub,
        "member",
        &hub.invites.member_invite,
        rounds,
    )
    .await;
    println!(
        "first sync of a group with {orders} orders, {} (pages of {}; import {:.1} s):",
        kind.name(),
        client::PULL_BATCH,
        setup.as_secs_f64()
    );
    println!("{organiser}\n{member}");
}

/// Importing a group's history (`linli-hub group import`): SQLite, and on PostgreSQL the
/// bulk path (one COPY per table) beside the ordinary write path (before the COPY: one
/// upsert a record; since writes are kept and sent together, one multi-row statement a
/// table between reads).
fn import(kinds: &[Kind], data: &linli_core::demo::Dataset) {
    println!(
        "importing a group with {} orders ({} ledger entries):",
        data.orders.len(),
        data.ledger.len()
    );
    let dir = tempfile::tempdir().unwrap();
    for kind in kinds {
        let timed = |what: &str, f: &dyn Fn() -> Result<Invites, linli_hub::storage::HubError>| {
            let t0 = Instant::now();
            f().unwrap();
            println!(
                "  {:<42}: {:>6.1} s",
                format!("{}, {what}", kind.name()),
                t0.elapsed().as_secs_f64()
            );
        };
        match kind {
            Kind::Sqlite => {
                let hub = linli_hub::open_store(&kind.db(dir.path())).unwrap();
                timed("one transaction", &|| hub.import_group(data, Utc::now()));
            }
            Kind::Postgres(_) => {
                use linli_hub::storage::postgres::PostgresHub;
                let hub = PostgresHub::open(&kind.db(dir.path())).unwrap();
                timed("ordinary writes, no COPY", &|| {
                    hub.import_group_row_by_row(data, Utc::now())
                });
                let hub = PostgresHub::open(&kind.db(dir.path())).unwrap();
                timed("COPY per table", &|| hub.import_group(data, Utc::now()));
            }
        }
    }
}

/// Every client pushes `per_client` orders, one a push, all at once: the seconds it took and
/// the p99 of one push's round trip.
async fn run_clients(
    url: String,
    tokens: Vec<String>,
    per_client: usize,
    deal: Option<DealId>,
) -> (f64, Elapsed) {
    // Clients are made and connected first (each builds its TLS set-up and pushes once), so
    // the clock sees only pushes on open connections.
    let clients: Vec<HubClient> = tokens
        .iter()
        .map(|t| HubClient::new(&url).unwrap().with_token(t))
        .collect();
    let mut warm = tokio::task::JoinSet::new();
    for c in &clients {
        let c = c.clone();
        warm.spawn(async move {
            c.push(vec![place(deal.unwrap_or(DealId(Uuid::nil())))])
                .await
                .unwrap()
        });
    }
    while let Some(r) = warm.join_next().await {
        r.unwrap();
    }
    let t0 = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for c in clients {
        set.spawn(async move {
            let mut took = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let env = place(deal.unwrap_or(DealId(Uuid::nil())));
                let t0 = Instant::now();
                let out = c.push(vec![env]).await.unwrap();
                took.push(t0.elapsed());
                assert_eq!(out.len(), 1);
                assert_eq!(out[0].verdict, linli_core::sync::protocol::Verdict::Applied);
            }
            took
        });
    }
    let mut all = Vec::new();
    while let Some(r) = set.join_next().await {
        all.extend(r.unwrap());
    }
    let secs = t0.elapsed().as_secs_f64();
    all.sort();
    (secs, all[all.len() * 99 / 100])
}

/// Statements sent to the database server since `before` per command, as words ("none"
/// for a store without a server).
fn trips_per(storage: &dyn HubStorage, before: Option<u64>, commands: f64) -> String {
    match (before, storage.round_trips()) {
        (Some(b), Some(a)) => format!("{:.2}", (a - b) as f64 / commands),
        _ => "no".into(),
    }
}

/// The ceiling: an axum endpoint that parses the same body and answers one outcome.
async fn ceiling() -> String {
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
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn push_throughput(kind: &Kind, clients: usize, per_client: usize) {
    let ceiling_url = ceiling().await;
    let dir = tempfile::tempdir().unwrap();
    let hub = start_hub(kind, dir.path(), None).await;
    let storage = hub.storage.clone();
    let (boss, members, tokens) = blocking(|| {
        let boss = actor(
            &storage
                .join(&hub.invites.organiser_invite, "王阿姨", Utc::now())
                .unwrap(),
        );
        let joined: Vec<_> = (0..clients)
            .map(|i| {
                storage
                    .join(&hub.invites.member_invite, &format!("邻居{i}"), Utc::now())
                    .unwrap()
            })
            .collect();
        let members: Vec<Actor> = joined.iter().map(actor).collect();
        let tokens: Vec<String> = joined.into_iter().map(|j| j.token).collect();
        (boss, members, tokens)
    });
    let three = blocking(|| deals(&hub, &boss, 3));

    let n = (clients * per_client) as f64;
    let (ceiling, ceiling_p99) = run_clients(ceiling_url, tokens.clone(), per_client, None).await;
    let tx0 = storage.command_transactions();
    let trips0 = storage.round_trips();
    let (real, real_p99) = run_clients(hub.url.clone(), tokens, per_client, Some(three[0])).await;
    let real_tx = storage.command_transactions() - tx0;
    let real_trips = trips_per(&*storage, trips0, n);
    // Storage alone, one command at a time: the same members' orders applied straight to
    // the storage, no HTTP, on a second deal with as few orders before it; each its own
    // commit.
    let direct = blocking(|| {
        let t0 = Instant::now();
        for _ in 0..per_client {
            for m in &members {
                storage.apply(m, &place(three[1]), Utc::now()).unwrap();
            }
        }
        t0.elapsed().as_secs_f64()
    });
    // The same work as the hub does it: as many threads as clients, each applying its
    // orders one after another, so commands that arrive together share a commit.
    let tx0 = storage.command_transactions();
    let trips0 = storage.round_trips();
    let together = blocking(|| {
        let t0 = Instant::now();
        std::thread::scope(|s| {
            for m in &members {
                let (storage, deal) = (&storage, three[2]);
                s.spawn(move || {
                    for _ in 0..per_client {
                        storage.apply(m, &place(deal), Utc::now()).unwrap();
                    }
                });
            }
        });
        t0.elapsed().as_secs_f64()
    });
    let together_tx = storage.command_transactions() - tx0;
    let together_trips = trips_per(&*storage, trips0, n);
    let ms = |d: Elapsed| d.as_secs_f64() * 1e3;
    println!(
        "push throughput, {}, {clients} concurrent clients, one command per push, {n} commands:",
        kind.name()
    );
    println!(
        "  minimal axum endpoint (ceiling)     : {:>8.0} commands/s  p99 {:>7.1} ms",
        n / ceiling,
        ms(ceiling_p99)
    );
    println!(
        "  storage alone, one at a time        : {:>8.0} commands/s",
        n / direct,
    );
    println!(
        "  storage alone, {clients:>3} threads (grouped): {:>8.0} commands/s  ({:.1} commands a transaction; {together_trips} round trips a command)",
        n / together,
        n / together_tx as f64
    );
    println!(
        "  linli-hub over HTTP                 : {:>8.0} commands/s  p99 {:>7.1} ms  ({real_trips} round trips a command, token look-ups included; {:.1} commands a transaction; {:.2}x storage alone with {clients} threads, {:.2}x one at a time, {:.2}x the ceiling)",
        n / real,
        ms(real_p99),
        n / real_tx as f64,
        together / real,
        direct / real,
        ceiling / real
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
    let args: Vec<String> = std::env::args().collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    let quick = has("--quick");
    let kinds = Kind::all();
    if has("--import") {
        // Only the import of the large group (about 94,000 orders).
        import(&kinds, &history(1_000, 120));
        return;
    }
    // `--push` or `--first-sync` runs only that part.
    let (push, sync) = match (has("--push"), has("--first-sync")) {
        (false, false) => (true, true),
        only => only,
    };
    if push && sync {
        body_check(if quick { 200 } else { 2_000 });
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // About 10,000 orders (100 members over 120 days), and a season of a large group:
        // about 100,000 (1,000 members over 120 days); smaller with --quick.
        let (small, large) = if quick {
            (history(30, 20), history(100, 60))
        } else {
            (history(100, 120), history(1_000, 120))
        };
        for data in [&small, &large].into_iter().filter(|_| sync) {
            for kind in &kinds {
                first_sync(kind, data, if quick { 1 } else { 5 }).await;
            }
        }
        for clients in [50, 500].into_iter().filter(|_| push) {
            let per_client = if quick { 4 } else { 4_000 / clients };
            for kind in &kinds {
                push_throughput(kind, clients, per_client).await;
            }
        }
    });
}
