//! Figures benchmark, on the store benchmark's ~1M-line generated group:
//!
//! 1. `Figures::load` for each range (this week, four weeks, all), beside the `sqlite3`
//!    shell running the very statements the load ran (a statement trace of one load checks
//!    the list), with the same parameters, on a copy of the file: one script per run, each
//!    statement prepared once per run, output thrown away. Less the shell's start-up (the
//!    same script with `SELECT 1` for each statement).
//! 2. A full export (`export::export`, range all: every figure, orders, balances, ledger,
//!    loss movements), beside the shell's `.mode csv` export of the same queries to files.
//!
//! What differs: Linli also words and formats (money as yuan, days, states and reasons
//! through Fluent), writes a BOM, renames each finished file and fsyncs it; the shell writes
//! SQLite's values as they are. Balances: Linli reads each member's ledger (`Store::balance`
//! per member); the shell runs one grouped sum.
//!
//! `cargo bench --bench figures` (full, ~1M lines); `cargo bench --bench figures -- --quick`
//! (~50k lines). Median of the runs; prints times and ratios (Linli / shell).

use chrono::NaiveDate;
use linli::advanced::figures::data::{Figures, Range, UNCLAIMED_SHOWN};
use linli::files::csv::export;
use linli::i18n::{I18n, Lang};
use linli_core::demo::{DemoConfig, generate};
use linli_core::store::analytics as q;
use linli_core::store::{Durability, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/trace.rs"]
mod trace;
use trace::{census, trace};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // The store benchmark's group (crates/linli-core/benches/store.rs).
    let cfg = DemoConfig::bench(quick);
    let Ok(v) = Command::new("sqlite3").arg("--version").output() else {
        eprintln!(
            "the baseline needs the sqlite3 shell: apt-get install sqlite3 (or ./scripts/setup)"
        );
        std::process::exit(1);
    };
    let shell_version = String::from_utf8_lossy(&v.stdout)
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("linli-figures-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "Linli figures benchmark ({}) — SQLite {} in Linli, sqlite3 shell {shell_version}, {} logical CPUs",
        if quick { "quick" } else { "full" },
        rusqlite::version(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let t = Instant::now();
    let data = generate(&cfg);
    let generated = t.elapsed();
    let path = dir.join("group.db");
    let t = Instant::now();
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    s.import(&data).unwrap();
    drop(s);
    let imported = t.elapsed();
    let lines = data.orders.len();
    let group = data.group.id;
    let today = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
    drop(data);
    println!(
        "{lines} order lines, today = the last pickup day {today} (generated in {:.1} s, imported in {:.1} s)",
        generated.as_secs_f64(),
        imported.as_secs_f64()
    );
    let shell_db = dir.join("group-shell.db");
    std::fs::copy(&path, &shell_db).unwrap();
    let s = Store::open(&path, Durability::Normal).unwrap();
    let t = I18n::new(Lang::ZhCn);

    // 1. Figures::load per range.
    println!("\n1. Figures::load (every figure of the page), median of {LOAD_RUNS} runs");
    println!(
        "  {:<12} {:>10} {:>12} {:>8}   statements",
        "range", "Linli ms", "sqlite3 ms", "ratio"
    );
    for range in Range::ALL {
        let execs = load_statements(&s, range, today);
        let traced = trace(&s, || {
            Figures::load(&s, range, today).unwrap();
        });
        let want = census(execs.iter().map(|(sql, _)| *sql));
        assert_eq!(
            traced, want,
            "the baseline runs other statements than Figures::load"
        );
        let ours = time(LOAD_RUNS, || Figures::load(&s, range, today).unwrap());
        let body: String = execs
            .iter()
            .map(|(sql, p)| format!("{}{sql};\n", params(p)))
            .collect();
        let empty: String = execs
            .iter()
            .map(|(_, p)| format!("{}SELECT 1;\n", params(p)))
            .collect();
        let shell = shell_time(&dir, &shell_db, &body, &empty, LOAD_RUNS);
        println!(
            "  {:<12} {:>10.2} {:>12.2} {:>7.2}x   {}",
            range.name(),
            ms(ours),
            ms(shell),
            ours.as_secs_f64() / shell.as_secs_f64(),
            execs.len()
        );
    }

    // 2. Full export, range all.
    println!("\n2. Full export (range all, 11 files), median of {EXPORT_RUNS} runs");
    let ours_dir = dir.join("ours");
    let mut written = None;
    let ours = time(EXPORT_RUNS, || {
        written = Some(export(&s, group, &t, Range::All, today, &ours_dir).unwrap());
    });
    let written = written.unwrap();
    let f = Figures::load(&s, Range::All, today).unwrap();
    let shell_dir = dir.join("shell");
    std::fs::create_dir_all(&shell_dir).unwrap();
    let script = shell_export_script(&shell_dir, &f, group);
    let shell = shell_time(&dir, &shell_db, &script, ".mode csv\n", EXPORT_RUNS);
    let bytes = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    println!(
        "  {:<30} {:>10} {:>10} {:>10} {:>10}",
        "file", "Linli rows", "shell rows", "Linli MB", "shell MB"
    );
    for w in &written.files {
        let name = w.path.file_name().unwrap().to_str().unwrap();
        let theirs = shell_dir.join(name);
        let shell_rows =
            csv::Reader::from_path(&theirs).map_or(0, |mut r| r.byte_records().count());
        println!(
            "  {name:<30} {:>10} {:>10} {:>10.2} {:>10.2}",
            w.rows,
            shell_rows,
            bytes(&w.path) as f64 / 1e6,
            bytes(&theirs) as f64 / 1e6
        );
    }
    println!(
        "  {:<30} {:>10.0} ms (Linli) {:>10.0} ms (sqlite3 .mode csv)  ratio {:.2}x",
        "whole export",
        ms(ours),
        ms(shell),
        ours.as_secs_f64() / shell.as_secs_f64()
    );
    println!(
        "  Linli also words and formats (yuan, days, states through Fluent), writes a BOM and\n  \
         renames and fsyncs each file; balances are read per member (Store::balance), the\n  \
         shell sums them in one grouped query."
    );
}

const LOAD_RUNS: u32 = 9;
const EXPORT_RUNS: u32 = 3;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn day(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

/// The UTC ms span of the days `from..=to`, as the loss queries take it.
fn span(from: NaiveDate, to: NaiveDate) -> [i64; 2] {
    let (a, b) = q::utc_span(from, to);
    [a, b]
}

/// A statement and its parameters as shell literals.
type Exec = (&'static str, Vec<String>);

/// What `Figures::load(range, today)` runs, in its order, with its parameters.
fn load_statements(s: &Store, range: Range, today: NaiveDate) -> Vec<Exec> {
    let mut v: Vec<Exec> = Vec::new();
    let orders = if range == Range::All {
        v.push((q::FIRST_ORDER_DAY, vec![]));
        v.push((q::LAST_ORDER_DAY, vec![]));
        s.order_days().unwrap()
    } else {
        None
    };
    let (from, to) = range.days(today, orders);
    let days = |extra: &[i64]| {
        [day(from), day(to)]
            .iter()
            .chain(extra)
            .map(i64::to_string)
            .collect::<Vec<_>>()
    };
    let ms = span(from, to).map(|x| x.to_string()).to_vec();
    if let Some((a, b)) = range.previous(today) {
        v.push((q::SALES_TOTAL, vec![day(a).to_string(), day(b).to_string()]));
    }
    v.push((q::LOSS_MONEY_PER_PRODUCT, ms.clone()));
    v.push((q::LOSS_RATE_PER_PRODUCT, ms.clone()));
    v.push((q::SALES_TOTAL, days(&[])));
    v.push((q::SALES_BY_DAY, days(&[])));
    v.push((q::SALES_BY_PRODUCT, days(&[-1])));
    v.push((q::FORMING_RATE, days(&[])));
    v.push((q::ACTIVE_MEMBERS_PER_WEEK, days(&[])));
    v.push((q::LOSS_MONEY_PER_WEEK, ms));
    v.push((q::UNCLAIMED_ORDERS, days(&[i64::from(UNCLAIMED_SHOWN)])));
    v.push((q::UNCLAIMED_TOTAL, days(&[])));
    v
}

fn params(p: &[String]) -> String {
    p.iter()
        .enumerate()
        .map(|(i, v)| format!(".param set ?{} {v}\n", i + 1))
        .collect()
}

/// The shell's export: each query of the Linli export, `.mode csv` with headers, to a file.
fn shell_export_script(out: &Path, f: &Figures, group: linli_core::model::GroupId) -> String {
    let days = [day(f.from), day(f.to)].map(|x| x.to_string());
    let ms = span(f.from, f.to).map(|x| x.to_string());
    let all = span(NaiveDate::MIN, NaiveDate::MAX).map(|x| x.to_string());
    let blob = format!("x'{}'", hex(group.0.as_bytes()));
    const BALANCES: &str = "SELECT m.display_name, COALESCE(SUM(l.amount_fen), 0) FROM members AS m \
         LEFT JOIN ledger AS l ON l.member_id = m.id WHERE m.group_id = ?1 \
         GROUP BY m.id ORDER BY m.display_name";
    let jobs: Vec<(&str, &str, Vec<String>)> = vec![
        ("sales_by_day.csv", q::SALES_BY_DAY, days.to_vec()),
        (
            "sales_by_product.csv",
            q::SALES_BY_PRODUCT,
            vec![days[0].clone(), days[1].clone(), "-1".into()],
        ),
        ("forming_rate.csv", q::FORMING_RATE, days.to_vec()),
        (
            "active_members_per_week.csv",
            q::ACTIVE_MEMBERS_PER_WEEK,
            days.to_vec(),
        ),
        (
            "losses_by_product.csv",
            q::LOSS_RATE_PER_PRODUCT,
            ms.to_vec(),
        ),
        (
            "loss_money_by_week.csv",
            q::LOSS_MONEY_PER_WEEK,
            ms.to_vec(),
        ),
        (
            "unclaimed_orders.csv",
            q::UNCLAIMED_ORDERS,
            vec![days[0].clone(), days[1].clone(), u32::MAX.to_string()],
        ),
        ("orders.csv", q::ORDER_LINES, days.to_vec()),
        ("balances.csv", BALANCES, vec![blob]),
        ("ledger.csv", q::LEDGER_LINES, all.to_vec()),
        ("loss_movements.csv", q::LOSS_LINES, ms.to_vec()),
    ];
    let mut script = String::from(".mode csv\n.headers on\n");
    for (file, sql, p) in jobs {
        script.push_str(&params(&p));
        script.push_str(&format!(".once {}\n{sql};\n", out.join(file).display()));
    }
    script
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Median time of the shell running `body`, less the median of `empty` (start-up and
/// opening the file).
fn shell_time(dir: &Path, db: &Path, body: &str, empty: &str, runs: u32) -> Duration {
    let q = dir.join("q.sql");
    let e = dir.join("e.sql");
    std::fs::write(&q, body).unwrap();
    std::fs::write(&e, empty).unwrap();
    let run = |script: &Path| {
        let t = Instant::now();
        let out = Command::new("sqlite3")
            .arg(db)
            .stdin(std::fs::File::open(script).unwrap())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "sqlite3: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t.elapsed()
    };
    let full = time(runs, || run(&q));
    let base = time(runs, || run(&e));
    full.saturating_sub(base)
}

// ------------------------------------------------------------------ the trace check
