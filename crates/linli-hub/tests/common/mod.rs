//! A real hub on a loopback port and real devices (SQLite files) that join it. The hub
//! keeps its group in an SQLite file, or, with `LINLI_HUB_STORE=postgres`, in a fresh
//! database on the PostgreSQL server at `LINLI_TEST_POSTGRES` (`scripts/test` runs the hub's
//! tests both ways, the second through `scripts/test-hub-on-postgres`).
#![allow(dead_code)]

use chrono::{Duration, Utc};
use linli_core::command::Command;
use linli_core::model::*;
use linli_core::money::Fen;
use linli_core::store::sync::Identity;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, HubClient, SharedStore, Syncer};
use linli_hub::storage::{HubStorage, Invites};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A hub served in-process on a real port.
pub struct TestHub {
    pub url: String,
    /// The store's file or PostgreSQL address ([`hub_db`]).
    pub db: String,
    pub invites: Invites,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    _dir: TempDir,
}

impl TestHub {
    pub async fn start() -> TestHub {
        let dir = tempfile::tempdir().unwrap();
        let db = hub_db(dir.path());
        let invites = open_hub(&db).create("幸福里3号楼", "王阿姨");
        let mut hub = TestHub {
            url: String::new(),
            db,
            invites,
            stop: None,
            task: None,
            _dir: dir,
        };
        hub.run_on("127.0.0.1:0").await;
        hub
    }

    async fn run_on(&mut self, addr: &str) {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        self.url = format!("http://{}", listener.local_addr().unwrap());
        let storage = open_hub(&self.db).0;
        let (tx, rx) = oneshot::channel::<()>();
        self.stop = Some(tx);
        self.task = Some(tokio::spawn(async move {
            linli_hub::serve(listener, storage, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        }));
    }

    /// Stops serving (graceful) and waits until the port is closed.
    pub async fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
    }

    /// Serves again on the same address.
    pub async fn restart(&mut self) {
        let addr = self.url.trim_start_matches("http://").to_string();
        self.run_on(&addr).await;
    }

    /// The hub's `/v1/health` counters: (applied, rejected, duplicates).
    pub async fn counters(&self) -> (u64, u64, u64) {
        let v: serde_json::Value = reqwest::get(format!("{}/v1/health", self.url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let c = &v["commands"];
        let n = |k: &str| c[k].as_u64().unwrap();
        (n("applied"), n("rejected"), n("duplicates"))
    }
}

/// Whether the hub tests run against PostgreSQL (`LINLI_HUB_STORE=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("LINLI_HUB_STORE").is_ok_and(|s| s == "postgres")
}

/// Where a new hub keeps its group: `dir/hub.db`, or a new PostgreSQL database.
pub fn hub_db(dir: &Path) -> String {
    if !on_postgres() {
        return dir.join("hub.db").to_string_lossy().into_owned();
    }
    let server = std::env::var("LINLI_TEST_POSTGRES").expect(
        "LINLI_HUB_STORE=postgres needs LINLI_TEST_POSTGRES (run under scripts/with-postgres)",
    );
    let name = format!("hub_{}", uuid::Uuid::new_v4().simple());
    off_runtime({
        let server = server.clone();
        let name = name.clone();
        move || {
            let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
            c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        }
    });
    let (base, _) = server.rsplit_once('/').expect("a URL ending in /dbname");
    format!("{base}/{name}")
}

/// Runs `f` on a thread of its own: PostgreSQL's blocking client must not run on an async
/// thread.
pub fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f).join().unwrap()
}

/// A store opened on `db` ([`storage::open`]), off the async threads.
pub struct OpenHub(pub Arc<dyn HubStorage>);

pub fn open_hub(db: &str) -> OpenHub {
    let db = db.to_string();
    OpenHub(off_runtime(move || linli_hub::open_store(&db).unwrap()))
}

impl OpenHub {
    /// A new group on this store and its invites.
    pub fn create(&self, name: &str, organiser: &str) -> Invites {
        let (s, name, organiser) = (self.0.clone(), name.to_string(), organiser.to_string());
        off_runtime(move || s.create_group(&name, &organiser, Utc::now()).unwrap())
    }
}

/// A member's computer: its own store file, joined to the hub.
pub struct Device {
    pub store: SharedStore,
    pub id: Identity,
    pub path: PathBuf,
    _dir: TempDir,
}

impl Device {
    pub async fn join(hub_url: &str, invite: &str, name: &str) -> Device {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.db");
        let store = Arc::new(Mutex::new(Store::open(&path, Durability::Normal).unwrap()));
        let id = client::join(&store, hub_url, invite, name).await.unwrap();
        Device {
            store,
            id,
            path,
            _dir: dir,
        }
    }

    /// A device from a store that has joined already (e.g. with a pinned certificate).
    pub fn from_parts(store: SharedStore, id: Identity, path: PathBuf, dir: TempDir) -> Device {
        Device {
            store,
            id,
            path,
            _dir: dir,
        }
    }

    pub fn syncer(&self) -> Syncer {
        Syncer::new(self.store.clone()).unwrap()
    }

    /// A syncer that talks through another address (a proxy).
    pub fn syncer_via(&self, url: &str) -> Syncer {
        Syncer::with_client(
            HubClient::new(url).unwrap().with_token(&self.id.token),
            self.store.clone(),
        )
    }

    pub fn client(&self) -> HubClient {
        HubClient::of(&self.id).unwrap()
    }

    pub fn me(&self) -> MemberId {
        self.id.member_id
    }

    pub fn order(&self, deal: DealId, qty: u32) -> linli_core::store::Result<Order> {
        self.store
            .lock()
            .unwrap()
            .place_order(self.me(), deal, OrderId::new(), qty, Utc::now())
    }

    pub fn enqueue(&self, c: Command) {
        self.store.lock().unwrap().enqueue(&c, Utc::now()).unwrap();
    }

    pub fn orders(&self) -> Vec<Order> {
        self.store
            .lock()
            .unwrap()
            .orders_of_member(self.me(), 100_000)
            .unwrap()
    }

    pub fn pending(&self) -> i64 {
        self.store.lock().unwrap().outbox_len().unwrap()
    }
}

/// A product and an open deal on it, queued on the organiser's device and synced.
pub async fn publish(
    organiser: &Device,
    stock: u32,
    limit: u32,
    cutoff_in: Duration,
) -> (Product, Deal) {
    let product = Product {
        id: ProductId::new(),
        group_id: organiser.id.group_id,
        name: "西红柿".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: None,
    };
    let now = Utc::now();
    let deal = Deal {
        id: DealId::new(),
        group_id: organiser.id.group_id,
        product_id: product.id,
        price: Fen(380),
        unit: "斤".into(),
        stock,
        min_total: 1,
        per_member_limit: limit,
        cutoff: now + cutoff_in,
        pickup_day: (now + cutoff_in + Duration::days(1)).date_naive(),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: now,
    };
    organiser.enqueue(Command::PutProduct {
        product: product.clone(),
    });
    organiser.enqueue(Command::PublishDeal { deal: deal.clone() });
    let report = organiser.syncer().sync_once().await.unwrap();
    assert_eq!(report.answered.len(), 2);
    for a in &report.answered {
        assert_eq!(
            a.verdict,
            linli_core::sync::protocol::Verdict::Applied,
            "{:?}",
            a.command
        );
    }
    (product, deal)
}

/// The `linli-hub` binary built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_linli-hub");

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `linli-hub group create --db DB --json` run as a process: the new group's invites.
pub fn create_group_with_binary(db: &str) -> serde_json::Value {
    let out = std::process::Command::new(BIN)
        .args(["group", "create", "--db", db])
        .args(["--name", "幸福里3号楼", "--organiser", "王阿姨", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `linli-hub serve --db DB` as a process on `port`, once it answers.
pub async fn serve_binary(db: &str, port: u16) -> std::process::Child {
    linli_core::sync::tls::install_provider();
    let child = std::process::Command::new(BIN)
        .args(["serve", "--db", db])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/v1/health"))
        .await
        .is_err()
    {
        assert!(t0.elapsed().as_secs() < 20, "hub did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child
}

/// A member ordering `orders` times, one unit each, syncing after each while the hub may be
/// failing, then retrying until her outbox is empty: the device and how many syncs failed.
pub async fn order_through_faults(d: Device, deal: DealId, orders: usize) -> (Device, usize) {
    let s = d.syncer();
    let mut failures = 0;
    for _ in 0..orders {
        d.order(deal, 1).unwrap();
        failures += s.sync_once().await.is_err() as usize;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let t0 = std::time::Instant::now();
    while s.sync_once().await.is_err() || d.pending() > 0 {
        failures += 1;
        assert!(t0.elapsed().as_secs() < 60, "device never caught up");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    (d, failures)
}

/// Pulls until nothing more waits: the cursor a device would hold now.
pub async fn caught_up(client: &HubClient) -> i64 {
    let mut since = 0;
    loop {
        let page = client.pull(since, 500, 0).await.unwrap();
        since = page.next;
        if !page.more {
            return since;
        }
    }
}

/// The organiser's notice, pushed through her device's sync.
pub async fn post_notice(boss: &Device, title: &str, body: &str) -> NoticeId {
    let notice = Notice {
        id: NoticeId::new(),
        group_id: boss.id.group_id,
        author_id: boss.me(),
        title: title.into(),
        body: body.into(),
        created_at: Utc::now(),
    };
    let id = notice.id;
    boss.enqueue(Command::PostNotice { notice });
    boss.syncer().sync_once().await.unwrap();
    id
}

/// Who a join speaks for, as the hub's token lookup would say.
pub fn actor(j: &linli_core::sync::protocol::Joined) -> linli_hub::storage::Actor {
    linli_hub::storage::Actor {
        member_id: j.member_id,
        group_id: j.group_id,
        role: j.role,
    }
}

/// `command` with a fresh id.
pub fn envelope(command: Command) -> linli_core::command::Envelope {
    linli_core::command::Envelope {
        id: uuid::Uuid::new_v4(),
        command,
    }
}

/// A new group on `hub` straight through the storage (no HTTP), its organiser, and one open
/// deal of 土鸡蛋 with `stock` units, at most `limit` per member.
pub fn group_with_deal(
    hub: &dyn HubStorage,
    stock: u32,
    limit: u32,
) -> (Invites, linli_hub::storage::Actor, DealId) {
    let now = Utc::now();
    let invites = hub.create_group("幸福里", "王阿姨", now).unwrap();
    let boss = actor(&hub.join(&invites.organiser_invite, "王阿姨", now).unwrap());
    let product = Product {
        id: ProductId::new(),
        group_id: boss.group_id,
        name: "土鸡蛋".into(),
        emoji: "🥚".into(),
        unit: "盒".into(),
        shop_price: None,
    };
    let deal = Deal {
        id: DealId::new(),
        group_id: boss.group_id,
        product_id: product.id,
        price: Fen(1290),
        unit: "盒".into(),
        stock,
        min_total: 1,
        per_member_limit: limit,
        cutoff: now + Duration::hours(8),
        pickup_day: (now + Duration::days(1)).date_naive(),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: now,
    };
    for c in [
        Command::PutProduct { product },
        Command::PublishDeal { deal: deal.clone() },
    ] {
        let a = hub.apply(&boss, &envelope(c), now).unwrap();
        assert_eq!(
            a.outcome.verdict,
            linli_core::sync::protocol::Verdict::Applied
        );
    }
    (invites, boss, deal.id)
}

/// `n` members joined with the member invite through `hub`.
pub fn members(
    hub: &dyn HubStorage,
    invites: &Invites,
    n: usize,
) -> Vec<linli_hub::storage::Actor> {
    (0..n)
        .map(|i| {
            actor(
                &hub.join(&invites.member_invite, &format!("邻居{i}"), Utc::now())
                    .unwrap(),
            )
        })
        .collect()
}
