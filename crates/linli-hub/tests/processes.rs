//! Several `linli-hub` processes on one PostgreSQL database, as a street office runs them
//! behind a load balancer: stock is decided once across processes, and a pull waiting on
//! one process wakes for news written through another. Runs in the PostgreSQL pass of the
//! hub's tests (`LINLI_HUB_STORE=postgres`); an SQLite file has one hub process.

mod common;

use chrono::{Duration, Utc};
use common::serve_binary as serve;
use common::{
    Device, caught_up, create_group_with_binary, free_port, hub_db, on_postgres,
    order_through_faults, post_notice, publish,
};
use linli_core::model::*;
use linli_core::sync::protocol::Change;
use std::time::Instant;

/// Two hub processes on one new database: their URLs, the invites, and the processes
/// (killed when dropped).
struct TwoHubs {
    urls: [String; 2],
    db: String,
    invites: serde_json::Value,
    _procs: Vec<Killed>,
    _dir: tempfile::TempDir,
}

impl TwoHubs {
    /// A device joined through process `at` (0 or 1) with the `role` invite (organiser,
    /// member).
    async fn join(&self, at: usize, role: &str, name: &str) -> Device {
        let invite = self.invites[format!("{role}_invite")].as_str().unwrap();
        Device::join(&self.urls[at], invite, name).await
    }
}

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn two_hubs() -> TwoHubs {
    let dir = tempfile::tempdir().unwrap();
    let db = hub_db(dir.path());
    let invites = create_group_with_binary(&db);
    let (pa, pb) = (free_port(), free_port());
    let a = Killed(serve(&db, pa).await);
    let b = Killed(serve(&db, pb).await);
    TwoHubs {
        db,
        urls: [
            format!("http://127.0.0.1:{pa}"),
            format!("http://127.0.0.1:{pb}"),
        ],
        invites,
        _procs: vec![a, b],
        _dir: dir,
    }
}

fn skipped() -> bool {
    if !on_postgres() {
        eprintln!(
            "skipped: several hub processes need the PostgreSQL store (LINLI_HUB_STORE=postgres)"
        );
    }
    !on_postgres()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_members_on_two_hub_processes_racing_for_ten_units_buy_exactly_ten() {
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    let boss = hubs.join(0, "organiser", "王阿姨").await;
    let (_, deal) = publish(&boss, 10, 10, Duration::hours(2)).await;

    // Half the members reach process A, half process B.
    let mut members = Vec::new();
    for i in 0..50 {
        let d = hubs.join(i % 2, "member", &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        d.order(deal.id, 1).unwrap();
        members.push(d);
    }
    // Everyone pushes at once.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(members.len()));
    let mut set = tokio::task::JoinSet::new();
    for d in members {
        let start = start.clone();
        set.spawn(async move {
            start.wait().await;
            d.syncer().sync_once().await.unwrap();
            d
        });
    }
    let mut members = Vec::new();
    while let Some(d) = set.join_next().await {
        members.push(d.unwrap());
    }
    let states: Vec<OrderState> = members.iter().map(|d| d.orders()[0].state).collect();
    let bought = states.iter().filter(|s| **s == OrderState::Placed).count();
    let sold_out = states
        .iter()
        .filter(|s| **s == OrderState::Rejected(RejectReason::SoldOut))
        .count();
    assert_eq!((bought, sold_out), (10, 40), "{states:?}");

    // The organiser's view, through the other process, agrees.
    let boss_b = hubs.join(1, "organiser", "王阿姨").await;
    boss_b.syncer().sync_once().await.unwrap();
    let at_hub = boss_b
        .store
        .lock()
        .unwrap()
        .orders_of_deal(deal.id)
        .unwrap();
    let units: u32 = at_hub
        .iter()
        .filter(|o| o.state.is_active())
        .map(|o| o.qty)
        .sum();
    assert_eq!(units, 10, "exactly the stock was sold");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_waiting_on_one_process_wakes_when_news_lands_on_the_other() {
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    // The member talks to A, the organiser to B.
    let member = hubs.join(0, "member", "李奶奶").await;
    let boss = hubs.join(1, "organiser", "王阿姨").await;
    let client = member.client();
    let since = caught_up(&client).await;
    // A long poll on A (up to 20 s).
    let waiting = tokio::spawn(async move {
        let t0 = Instant::now();
        let page = client.pull(since, 500, 20).await.unwrap();
        (page, t0.elapsed())
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "the pull waits while nothing is new"
    );

    let posted = Instant::now();
    let notice = post_notice(&boss, "明天停水", "上午九点到十二点").await;
    let (page, waited) = waiting.await.unwrap();
    let woke_after = posted.elapsed();
    assert!(
        page.changes
            .iter()
            .any(|c| matches!(c, Change::Notice(n) if n.id == notice)),
        "the waiting pull brings the notice: {:?}",
        page.changes
    );
    assert!(
        waited < std::time::Duration::from_secs(10),
        "woken by the news, not by its 20 s running out ({waited:?})"
    );
    eprintln!("the pull on A woke {woke_after:?} after the organiser's push to B");
}

/// Counts rows in the hub's database.
fn count(db: &str, sql: &'static str) -> i64 {
    let db = db.to_string();
    common::off_runtime(move || {
        let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        c.query_one(sql, &[]).unwrap().get(0)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_processes_close_deals_at_cutoff_and_none_is_closed_twice() {
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    let boss = hubs.join(0, "organiser", "王阿姨").await;
    // Twenty deals whose cutoffs pass together, while both processes' closers run (10 s
    // away: a loaded machine takes a few seconds to publish them and order on each).
    let mut deals = Vec::new();
    for _ in 0..20 {
        deals.push(publish(&boss, 100, 10, Duration::seconds(10)).await.1);
    }
    let mut members = Vec::new();
    for i in 0..6 {
        let d = hubs.join(i % 2, "member", &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        for deal in &deals {
            d.order(deal.id, 1).unwrap();
        }
        d.syncer().sync_once().await.unwrap();
        members.push(d);
    }
    let cutoff = deals.iter().map(|d| d.cutoff).max().unwrap();
    while Utc::now() < cutoff + Duration::seconds(3) {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        count(&hubs.db, "SELECT COUNT(*) FROM deals WHERE state = 'open'"),
        0
    );
    assert_eq!(
        count(&hubs.db, "SELECT COUNT(*) FROM ledger"),
        20 * 6,
        "one charge per order: no deal was closed twice"
    );
    assert_eq!(
        count(&hubs.db, "SELECT COUNT(*) FROM pickup_codes"),
        6,
        "one pickup code per member for the day"
    );
    for d in &members {
        d.syncer().sync_once().await.unwrap();
        let orders = d.orders();
        assert_eq!(orders.len(), 20);
        assert!(
            orders.iter().all(|o| o.state == OrderState::Confirmed),
            "{orders:?}"
        );
        let charges = d.store.lock().unwrap().ledger(d.me()).unwrap().len();
        assert_eq!(charges, 20, "each order charged once");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_invite_codes_count_across_processes() {
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    let guess = |url: &str| {
        let url = url.to_string();
        async move {
            linli_core::sync::client::HubClient::new(&url)
                .unwrap()
                .join("AAAAA-BBBBB-CCCCC-DDDDD", "猜")
                .await
        }
    };
    for _ in 0..linli_hub::limits::MAX_FAILED_JOINS {
        let r = guess(&hubs.urls[0]).await;
        assert!(
            matches!(
                r,
                Err(linli_core::sync::client::SyncError::Hub { status: 401, .. })
            ),
            "{r:?}"
        );
    }
    // The next guess from this address is slowed down on the other process too.
    let r = guess(&hubs.urls[1]).await;
    assert!(
        matches!(
            r,
            Err(linli_core::sync::client::SyncError::Hub { status: 429, .. })
        ),
        "{r:?}"
    );
}

#[test]
fn a_database_from_a_newer_hub_is_refused_and_left_as_it_was() {
    if skipped() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = hub_db(dir.path());
    let invites = linli_hub::open_store(&db)
        .unwrap()
        .create_group("幸福里", "王阿姨", Utc::now())
        .unwrap();
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    c.execute("INSERT INTO hub_schema (version) VALUES (99)", &[])
        .unwrap();
    let err = linli_hub::open_store(&db).err().expect("refused");
    assert!(
        err.to_string().contains("newer linli-hub"),
        "says why: {err}"
    );
    let groups: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM groups WHERE id = $1",
            &[&invites.group_id.0],
        )
        .unwrap()
        .get(0);
    assert_eq!(groups, 1, "the group is still there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_connections_cut_mid_run_lose_nothing_and_news_still_wakes_pulls() {
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    let boss = hubs.join(0, "organiser", "王阿姨").await;
    let (_, deal) = publish(&boss, 100_000, 10_000, Duration::hours(2)).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..6 {
        let d = hubs.join(i % 2, "member", &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        set.spawn(order_through_faults(d, deal.id, 40));
    }
    // Cut every connection the hubs hold (as a database restart or a network drop does),
    // three times while the members order.
    let db = hubs.db.clone();
    let mut cut = 0;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        cut += count(
            &db,
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
    }
    assert!(cut > 0, "connections were cut");
    let mut members = Vec::new();
    while let Some(r) = set.join_next().await {
        members.push(r.unwrap());
    }
    let failures: usize = members.iter().map(|(_, f)| f).sum();
    boss.syncer().sync_once().await.unwrap();
    let at_hub = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!(at_hub.len(), 6 * 40, "every order reached the hub once");
    for (d, _) in &members {
        for o in d.orders() {
            assert!(
                at_hub
                    .iter()
                    .any(|h| h.id == o.id && h.qty == o.qty && h.state == o.state),
                "{o:?} as at the hub"
            );
        }
    }
    eprintln!("{cut} connections cut; {failures} sync attempts failed and were retried");

    // The listeners reconnected: a pull waiting on A still wakes for news through B.
    let (member, _) = &members[0];
    let client = member.client();
    let since = caught_up(&client).await;
    let waiting = tokio::spawn(async move {
        let t0 = Instant::now();
        (client.pull(since, 500, 20).await.unwrap(), t0.elapsed())
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let boss_b = hubs.join(1, "organiser", "王阿姨").await;
    let notice = post_notice(&boss_b, "恢复了", "系统正常").await;
    let (page, waited) = waiting.await.unwrap();
    assert!(
        page.changes
            .iter()
            .any(|c| matches!(c, Change::Notice(n) if n.id == notice))
    );
    assert!(waited < std::time::Duration::from_secs(10), "{waited:?}");
}

/// One of two hub processes SIGKILLed while members push through both: the other keeps
/// serving without a single failed sync; the killed one's devices retry until it is back
/// (restarted on its port, it rejoins the same database); every order reaches the hub
/// exactly once, as each device holds it, and the stock is never oversold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_process_killed_mid_run_loses_nothing_and_the_other_keeps_serving() {
    if skipped() {
        return;
    }
    let mut hubs = two_hubs().await;
    let boss = hubs.join(0, "organiser", "王阿姨").await;
    let per_device = 20;
    let devices = 10;
    // Fewer units than are ordered: refusals too must come once and be the hub's.
    let stock = (devices * per_device - 30) as u32;
    let (_, deal) = publish(&boss, stock, 10_000, Duration::hours(2)).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..devices {
        let d = hubs.join(i % 2, "member", &format!("邻居{i}")).await;
        d.syncer().sync_once().await.unwrap();
        set.spawn(async move { (i % 2, order_through_faults(d, deal.id, per_device).await) });
    }
    // The organiser's computer pulls all along, through A: if a change could commit under a
    // feed number below one she already passed, she would miss it (compared at the end).
    let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let watcher = {
        let (boss, watching) = (hubs.join(0, "organiser", "王阿姨").await, watching.clone());
        tokio::spawn(async move {
            while watching.load(std::sync::atomic::Ordering::Acquire) {
                let _ = boss.syncer().sync_once().await;
                tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            }
            boss
        })
    };
    // Mid-run, process B dies at once (no graceful stop), and comes back a second later.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let port_b: u16 = hubs.urls[1].rsplit(':').next().unwrap().parse().unwrap();
    let killed = &mut hubs._procs[1].0;
    killed.kill().unwrap();
    killed.wait().unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    hubs._procs.push(Killed(serve(&hubs.db, port_b).await));

    let mut on = [Vec::new(), Vec::new()];
    let mut failed = [0, 0];
    while let Some(r) = set.join_next().await {
        let (at, (d, failures)) = r.unwrap();
        failed[at] += failures;
        on[at].push(d);
    }
    assert_eq!(failed[0], 0, "process A kept serving throughout");
    assert!(failed[1] > 0, "process B's devices noticed it was gone");

    boss.syncer().sync_once().await.unwrap();
    let at_hub = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    let sold: u32 = at_hub
        .iter()
        .filter(|o| o.state.is_active())
        .map(|o| o.qty)
        .sum();
    assert_eq!(sold, stock, "sold out exactly, never over");
    // Each device's order is at the hub once, as she holds it; a refused one is not there.
    let mut refused = 0;
    for d in on.iter().flatten() {
        for o in d.orders() {
            let there: Vec<_> = at_hub.iter().filter(|h| h.id == o.id).collect();
            if o.state == OrderState::Rejected(RejectReason::SoldOut) {
                refused += 1;
                assert!(there.is_empty(), "{o:?} refused, not kept");
            } else {
                assert_eq!(there.len(), 1, "{o:?} once");
                assert_eq!((there[0].qty, there[0].state), (o.qty, o.state));
            }
        }
    }
    assert_eq!(
        at_hub.len() + refused,
        devices * per_device,
        "every order answered once"
    );
    // The feed is gap-free in commit order: what she pulled along the way, and once more
    // now, is exactly what a fresh pull from the start gives.
    watching.store(false, std::sync::atomic::Ordering::Release);
    let watcher = watcher.await.unwrap();
    watcher.syncer().sync_once().await.unwrap();
    let key = |o: &Order| (o.id, o.qty, o.state);
    let mut along: Vec<_> = watcher
        .store
        .lock()
        .unwrap()
        .orders_of_deal(deal.id)
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let mut fresh: Vec<_> = at_hub.iter().map(key).collect();
    along.sort_by_key(|k| k.0);
    fresh.sort_by_key(|k| k.0);
    assert_eq!(along, fresh, "pulled along the way = pulled afresh");
    eprintln!(
        "process B killed and restarted: its devices failed {} syncs and retried; A's none",
        failed[1]
    );
}

/// A deadlock provoked with a hub's transaction. The hub locks a batch's deals as it goes
/// (in command order, or id order), so another session closes the cycle: session S1 holds
/// deal `z`, so the hub's first batch (an order on `z`) waits; meanwhile an order on `first`
/// and one on `second` queue up and become the next batch; S2 holds `second`. S1 lets go:
/// the next batch takes `first` and waits for `second`; S2 then asks for `first` — a cycle
/// PostgreSQL breaks by cancelling the hub's transaction (S2 waits longer before looking).
/// The hub runs the batch again and answers: every order applied once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_deadlock_is_run_again_and_answered() {
    use linli_core::command::{Command, Envelope};
    use linli_core::sync::protocol::Verdict;
    use std::sync::mpsc::channel;
    if skipped() {
        return;
    }
    let hubs = two_hubs().await;
    let boss = hubs.join(0, "organiser", "王阿姨").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(publish(&boss, 1_000, 1_000, Duration::hours(2)).await.1.id);
    }
    ids.sort_by_key(|d| d.0);
    let (first, second, z) = (ids[0], ids[1], ids[2]);
    let waiting_for_locks = |db: &str, n: i64| {
        let db = db.to_string();
        async move {
            let t0 = Instant::now();
            while count(
                &db,
                "SELECT COUNT(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ) < n
            {
                assert!(t0.elapsed().as_secs() < 20, "nothing waited for a lock");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    };
    // A session holding `deal` until told, then (for S2) asking for `then`.
    let session = |deal: DealId, then: Option<DealId>| {
        let db = hubs.db.clone();
        let (held_tx, held) = channel();
        let (go_tx, go) = channel::<()>();
        let t = std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
            let mut t = c.transaction().unwrap();
            t.batch_execute("SET LOCAL deadlock_timeout = '20s'")
                .unwrap();
            t.execute("SELECT 1 FROM deals WHERE id = $1 FOR UPDATE", &[&deal.0])
                .unwrap();
            held_tx.send(()).unwrap();
            go.recv().unwrap();
            let asked = Instant::now();
            if let Some(d) = then {
                t.execute("SELECT 1 FROM deals WHERE id = $1 FOR UPDATE", &[&d.0])
                    .unwrap();
            }
            let waited = asked.elapsed();
            t.commit().unwrap();
            waited
        });
        held.recv().unwrap();
        (go_tx, t)
    };
    let order = |deal: DealId| Envelope {
        id: uuid::Uuid::new_v4(),
        command: Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal,
            qty: 1,
            member_id: None,
        },
    };
    let mut devices = Vec::new();
    for i in 0..3 {
        devices.push(hubs.join(0, "member", &format!("邻居{i}")).await);
    }
    let (s1, s1_thread) = session(z, None);
    let (s2, s2_thread) = session(second, Some(first));
    let push = |i: usize, deal: DealId| {
        let c = devices[i].client();
        let e = order(deal);
        tokio::spawn(async move { c.push(vec![e]).await })
    };
    // The hub's batch on `z` waits for S1; the next two queue up behind it.
    let on_z = push(0, z);
    waiting_for_locks(&hubs.db, 1).await;
    let on_first = push(1, first);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let on_second = push(2, second);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    s1.send(()).unwrap();
    s1_thread.join().unwrap();
    // The next batch holds `first` and waits for `second` (S2's); S2 closes the cycle.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    waiting_for_locks(&hubs.db, 1).await;
    s2.send(()).unwrap();
    let waited = s2_thread.join().unwrap();
    for p in [on_z, on_first, on_second] {
        let outcomes = p.await.unwrap().expect("answered, not a 500");
        assert_eq!(
            outcomes[0].verdict,
            Verdict::Applied,
            "run again and applied"
        );
    }
    // S2 waited for `first` until PostgreSQL (1 s after the hub began to wait: its
    // deadlock_timeout) cancelled the hub's transaction, which held it: the cycle was real
    // (a free row is taken in well under a millisecond).
    assert!(
        waited >= std::time::Duration::from_millis(100),
        "the hub held the first deal while waiting for the second: {waited:?}"
    );
    boss.syncer().sync_once().await.unwrap();
    let s = boss.store.lock().unwrap();
    for d in [first, second, z] {
        assert_eq!(s.orders_of_deal(d).unwrap().len(), 1, "applied once");
    }
    eprintln!("S2 waited {waited:?} for the deal the hub held; the hub ran its batch again");
}
