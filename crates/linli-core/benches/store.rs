//! Store benchmark: placing orders through the store, and every analytics query over a
//! million order lines, each beside the same SQL run by the `sqlite3` shell on a copy of the
//! same file (the baseline). Prints figures and ratios; asserts nothing.
//!
//! `cargo bench -p linli-core --bench store` (full: 100k orders, ~1M lines);
//! `cargo bench -p linli-core --bench store -- --quick` (10k orders, ~50k lines).
//! Sections may be picked by name: `-- one_deal` (or `place`, `analytics`).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use linli_core::Fen;
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::*;
use linli_core::store::{Durability, Store, analytics, rows};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration as Elapsed, Instant};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // cargo passes `--bench`; any other word names a section to run.
    let picked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |section: &str| picked.is_empty() || picked.iter().any(|p| p == section);
    let orders = if quick { 10_000 } else { 100_000 };
    let lines_cfg = DemoConfig::bench(quick);
    if Command::new("sqlite3").arg("--version").output().is_err() {
        eprintln!(
            "the baseline needs the sqlite3 shell: apt-get install sqlite3 (or ./scripts/setup)"
        );
        std::process::exit(1);
    }
    let shell_version = String::from_utf8_lossy(
        &Command::new("sqlite3")
            .arg("--version")
            .output()
            .unwrap()
            .stdout,
    )
    .split_whitespace()
    .next()
    .unwrap_or("?")
    .to_owned();
    let lib_version = rusqlite::version();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("linli-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "Linli store benchmark ({}) — SQLite {lib_version} in Linli, sqlite3 shell {shell_version}",
        if quick { "quick" } else { "full" }
    );
    if run("place") {
        place_orders(&dir, orders);
    }
    if run("one_deal") {
        place_on_one_deal(&dir, if quick { 1_000 } else { 5_000 });
    }
    if run("analytics") {
        analytics_queries(&dir, &lines_cfg);
    }
}

// ------------------------------------------------------------------ placing orders

fn place_orders(dir: &Path, n: usize) {
    let path = dir.join("place.db");
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    let group = Group {
        id: GroupId::new(),
        name: "bench".into(),
        created_at: start,
    };
    s.put_group(&group).unwrap();
    let members: Vec<Member> = (0..2000)
        .map(|i| {
            Member::new(
                MemberId::new(),
                group.id,
                format!("m{i}"),
                Role::Member,
                start,
            )
        })
        .collect();
    for m in &members {
        s.put_member(m).unwrap();
    }
    let product = Product {
        id: ProductId::new(),
        group_id: group.id,
        name: "西红柿".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: None,
    };
    s.put_product(&product).unwrap();
    let deals: Vec<Deal> = (0..500)
        .map(|_| Deal {
            id: DealId::new(),
            group_id: group.id,
            product_id: product.id,
            price: Fen(380),
            unit: "斤".into(),
            stock: 1_000_000,
            min_total: 1,
            per_member_limit: 1_000,
            cutoff: start + Duration::days(2),
            pickup_day: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            pickup_place: "3号楼门口".into(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: start,
        })
        .collect();
    for d in &deals {
        s.publish_deal(d).unwrap();
    }
    drop(s);
    let shell_path = dir.join("place-shell.db");
    std::fs::copy(&path, &shell_path).unwrap();

    let plan: Vec<(MemberId, DealId, OrderId, u32)> = (0..n)
        .map(|i| {
            (
                members[(i * 7919) % members.len()].id,
                deals[(i * 104_729) % deals.len()].id,
                OrderId::new(),
                1 + (i % 3) as u32,
            )
        })
        .collect();
    let now = start + Duration::hours(10);

    let mut s = Store::open(&path, Durability::Normal).unwrap();
    let t = Instant::now();
    for (m, d, id, q) in &plan {
        s.place_order(*m, *d, *id, *q, now).unwrap();
    }
    let linli = t.elapsed();

    // The same statements, one transaction per order, through the shell.
    let hex = |b: &[u8]| {
        b.iter().fold(String::new(), |mut s, x| {
            let _ = write!(s, "{x:02X}");
            s
        })
    };
    let mut sql = String::from("PRAGMA foreign_keys = ON;\nPRAGMA synchronous = NORMAL;\n");
    for (m, d, id, q) in &plan {
        let cmd = uuid::Uuid::new_v4();
        let _ = writeln!(
            sql,
            "BEGIN IMMEDIATE;\n\
             SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit, cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals WHERE id = X'{d}';\n\
             {tally};\n\
             INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated, unit_price_fen, state, reason, queued_at, placed_at, updated_at) VALUES (X'{id}', X'{d}', X'{m}', X'{p}', 20418, {q}, NULL, 380, 'placed', NULL, {t}, {t}, {t}) ON CONFLICT(id) DO NOTHING;\n\
             INSERT INTO outbox (command_id, command, created_at) VALUES (X'{c}', '{{\"type\":\"place_order\",\"order_id\":\"{oid}\",\"deal_id\":\"{did}\",\"qty\":{q}}}', {t});\n\
             COMMIT;",
            m = hex(m.0.as_bytes()),
            d = hex(d.0.as_bytes()),
            id = hex(id.0.as_bytes()),
            p = hex(product.id.0.as_bytes()),
            c = hex(cmd.as_bytes()),
            oid = id.0,
            did = d.0,
            tally = rows::TALLY
                .replace("?1", &format!("X'{}'", hex(d.0.as_bytes())))
                .replace("?2", &format!("X'{}'", hex(m.0.as_bytes())))
                .replace("?3", "NULL"),
            t = now.timestamp_millis(),
        );
    }
    let script = dir.join("place.sql");
    std::fs::write(&script, sql).unwrap();
    let shell = time_shell(&shell_path, &script);
    let count = |p: &Path| -> String { shell_output(p, "SELECT COUNT(*) FROM orders;") };
    println!("\nPlacing {n} orders, one transaction each (WAL, synchronous=NORMAL):");
    println!(
        "  Linli Store::place_order  {:>8.2} s  {:>8.0} orders/s   ({} orders saved)",
        linli.as_secs_f64(),
        n as f64 / linli.as_secs_f64(),
        count(&path)
    );
    println!(
        "  sqlite3 shell, same SQL   {:>8.2} s  {:>8.0} orders/s   ({} orders saved)",
        shell.as_secs_f64(),
        n as f64 / shell.as_secs_f64(),
        count(&shell_path)
    );
    println!(
        "  ratio Linli / shell: {:.2}x",
        linli.as_secs_f64() / shell.as_secs_f64()
    );
}

// ------------------------------------------------------------------ one busy deal

/// Placing `n` orders on one deal that already has 1k, then 100k orders: the cost of an
/// order should not grow with its deal. The third file holds 100k orders on another deal,
/// showing what a bigger file alone costs (deeper indexes, fewer pages in cache).
fn place_on_one_deal(dir: &Path, n: usize) {
    println!("\nPlacing {n} orders on one deal, one transaction each (WAL, synchronous=NORMAL):");
    let mut rates = Vec::new();
    for (before, on_this_deal) in [(1_000, true), (100_000, true), (100_000, false)] {
        let path = dir.join(format!("one-deal-{before}-{on_this_deal}.db"));
        let start = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        let group = Group {
            id: GroupId::new(),
            name: "bench".into(),
            created_at: start,
        };
        s.put_group(&group).unwrap();
        let members: Vec<MemberId> = (0..2000)
            .map(|i| {
                let m = Member::new(
                    MemberId::new(),
                    group.id,
                    format!("m{i}"),
                    Role::Member,
                    start,
                );
                s.put_member(&m).unwrap();
                m.id
            })
            .collect();
        let product = Product {
            id: ProductId::new(),
            group_id: group.id,
            name: "西红柿".into(),
            emoji: "🍅".into(),
            unit: "斤".into(),
            shop_price: None,
        };
        s.put_product(&product).unwrap();
        let deal = Deal {
            id: DealId::new(),
            group_id: group.id,
            product_id: product.id,
            price: Fen(380),
            unit: "斤".into(),
            stock: 100_000_000,
            min_total: 1,
            per_member_limit: 1_000_000,
            cutoff: start + Duration::days(2),
            pickup_day: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            pickup_place: "3号楼门口".into(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: start,
        };
        let other = Deal {
            id: DealId::new(),
            ..deal.clone()
        };
        s.publish_deal(&deal).unwrap();
        s.publish_deal(&other).unwrap();
        drop(s);
        // The earlier orders, written in one go (every tenth one cancelled), through the
        // same schema, so whatever the triggers keep is kept for them too.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute(
            "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k + 1 < ?1),
                  m(id, k) AS (SELECT id, row_number() OVER (ORDER BY id) - 1 FROM members)
             INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated,
                                 unit_price_fen, state, reason, queued_at, placed_at, updated_at)
             SELECT randomblob(16), ?2, m.id, ?3, 20418, 1 + i.k % 3, NULL, 380,
                    CASE WHEN i.k % 10 = 9 THEN 'cancelled' ELSE 'placed' END, NULL, ?4, ?4, ?4
             FROM i JOIN m ON m.k = i.k % 2000",
            rusqlite::params![
                before as i64,
                if on_this_deal { deal.id } else { other.id },
                product.id,
                start.timestamp_millis()
            ],
        )
        .unwrap();
        drop(c);

        let now = start + Duration::hours(10);
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        let plan: Vec<(MemberId, OrderId, u32)> = (0..n)
            .map(|i| {
                (
                    members[(i * 7919) % members.len()],
                    OrderId::new(),
                    1 + (i % 3) as u32,
                )
            })
            .collect();
        let t = Instant::now();
        for (m, id, q) in &plan {
            s.place_order(*m, deal.id, *id, *q, now).unwrap();
        }
        let took = t.elapsed();
        let rate = n as f64 / took.as_secs_f64();
        rates.push(rate);
        let whose = if on_this_deal { "this" } else { "another" };
        println!(
            "  {:<38} {:>8.2} s  {rate:>8.0} orders/s",
            format!("{before} orders already on {whose} deal"),
            took.as_secs_f64()
        );
    }
    println!(
        "  cost per order, 100k on this deal / 1k: {:.2}x; / 100k on another deal: {:.2}x",
        rates[0] / rates[1],
        rates[2] / rates[1]
    );
}

// ------------------------------------------------------------------ analytics

fn analytics_queries(dir: &Path, cfg: &DemoConfig) {
    let path = dir.join("lines.db");
    let t = Instant::now();
    let data = generate(cfg);
    let generated = t.elapsed();
    let t = Instant::now();
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    s.import(&data).unwrap();
    drop(s);
    let imported = t.elapsed();
    let lines = data.orders.len();
    let first = data.deals.iter().map(|d| d.pickup_day).min().unwrap();
    let last = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
    drop(data);
    println!(
        "\nAnalytics over {lines} order lines, pickup days {first} … {last} (the whole range;\n  unclaimed_orders lists the newest 500, as the organiser's screen does):\n  \
         (dataset generated in {:.1} s, imported in {:.1} s)",
        generated.as_secs_f64(),
        imported.as_secs_f64()
    );
    let shell_path = dir.join("lines-shell.db");
    std::fs::copy(&path, &shell_path).unwrap();

    let s = Store::open(&path, Durability::Normal).unwrap();
    let day = |d: NaiveDate| (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
    let start_ms = first
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let end_ms = last
        .succ_opt()
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    const RUNS: u32 = 20;
    println!(
        "  {:<26} {:>10} {:>12} {:>8}",
        "query", "Linli ms", "sqlite3 ms", "ratio"
    );
    let mut worst: f64 = 0.0;
    for (name, sql) in analytics::ALL {
        let run = || -> usize {
            match name {
                "sales_by_day" => s.sales_by_day(first, last).unwrap().len(),
                "sales_by_product" => s.sales_by_product(first, last).unwrap().len(),
                "forming_rate" => s.forming_rate(first, last).map(|_| 1).unwrap(),
                "active_members_per_week" => s.active_members_per_week(first, last).unwrap().len(),
                "loss_rate_per_product" => s.loss_rate_per_product(first, last).unwrap().len(),
                "unclaimed_orders" => s.unclaimed_orders(first, last, 500).unwrap().len(),
                "loss_money_per_product" => s.loss_money_per_product(first, last).unwrap().len(),
                "loss_money_per_week" => s.loss_money_per_week(first, last).unwrap().len(),
                "sales_total" => s.sales_total(first, last).map(|_| 1).unwrap(),
                "first_order_day" | "last_order_day" => s.order_days().unwrap().map_or(0, |_| 1),
                "unclaimed_total" => s.unclaimed_total(first, last).map(|_| 1).unwrap(),
                other => panic!("no runner for {other}"),
            }
        };
        let rows = run(); // warm-up
        let t = Instant::now();
        for _ in 0..RUNS {
            std::hint::black_box(run());
        }
        let linli = t.elapsed() / RUNS;
        let (a, b) = if name.starts_with("loss_") {
            (start_ms, end_ms)
        } else {
            (day(first), day(last))
        };
        let limit = if name == "unclaimed_orders" { 500 } else { -1 };
        let params = format!(".param set ?1 {a}\n.param set ?2 {b}\n.param set ?3 {limit}\n");
        let shell = shell_per_query(dir, &shell_path, &params, sql, RUNS);
        let ratio = linli.as_secs_f64() / shell.as_secs_f64();
        worst = worst.max(linli.as_secs_f64() * 1000.0);
        println!(
            "  {name:<26} {:>10.3} {:>12.3} {:>7.2}x   ({rows} rows)",
            ms(linli),
            ms(shell),
            ratio
        );
    }
    println!("  slowest Linli query: {worst:.3} ms (target < 100 ms)");

    // For reference: what the two rollup-backed figures cost when summed from raw orders.
    let raw = [
        (
            "sales_by_day from orders",
            "SELECT pickup_day, SUM(allocated), SUM(allocated * unit_price_fen) FROM orders WHERE state IN ('confirmed', 'ready', 'picked_up', 'unclaimed') AND pickup_day BETWEEN ?1 AND ?2 GROUP BY pickup_day",
        ),
        (
            "active weeks from orders",
            "SELECT week, COUNT(*) FROM (SELECT DISTINCT (pickup_day + 3) / 7 AS week, member_id FROM orders WHERE pickup_day BETWEEN ?1 AND ?2) GROUP BY week",
        ),
    ];
    println!("  without the rollups (sqlite3 shell, for reference):");
    for (name, sql) in raw {
        let params = format!(
            ".param set ?1 {}\n.param set ?2 {}\n",
            day(first),
            day(last)
        );
        println!(
            "  {name:<26} {:>23.3}",
            ms(shell_per_query(dir, &shell_path, &params, sql, 3))
        );
    }
}

fn ms(d: Elapsed) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Time per run of `sql` in the shell: a script running it `runs` times, less the same
/// script running `SELECT 1` instead (start-up, opening), best of three each.
fn shell_per_query(dir: &Path, db: &Path, params: &str, sql: &str, runs: u32) -> Elapsed {
    let script = |body: &str| {
        let mut s = format!("{params}{body};\n"); // warm-up
        for _ in 0..runs {
            s.push_str(body);
            s.push_str(";\n");
        }
        s
    };
    let q = dir.join("q.sql");
    let e = dir.join("e.sql");
    std::fs::write(&q, script(sql)).unwrap();
    std::fs::write(&e, script("SELECT 1")).unwrap();
    let best = |f: &Path| (0..3).map(|_| time_shell(db, f)).min().unwrap();
    best(&q).saturating_sub(best(&e)) / runs
}

fn time_shell(db: &Path, script: &Path) -> Elapsed {
    let t = Instant::now();
    let status = Command::new("sqlite3")
        .arg(db)
        .stdin(std::fs::File::open(script).unwrap())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "sqlite3 failed on {}", script.display());
    t.elapsed()
}

fn shell_output(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
