//! Organiser benchmark.
//!
//! 1. The refresh of the organiser's view model after a sync page: `Advanced::load` for each
//!    page, on the standard demo group and on the ~1M-line group of the store benchmark,
//!    each beside a baseline run in the same process on the same file: the very SQL that
//!    load runs (the same statements, as many executions, the same parameters), each
//!    statement prepared once and stepped to the end reading every column — no structs, no
//!    joins in Rust. A statement trace of one load checks that the baseline runs exactly the
//!    statements the load ran.
//! 2. The sort sheet of 200 members × 20 deals: `print::render` (query, wording, PDF) by
//!    member and by product, beside `Store::day_sheet` alone (the query).
//!
//! Both groups get a live day on top of their history (the day after the last pickup):
//! deals open with orders, deals formed waiting for their goods, deals arrived with goods
//! waiting at the desk — otherwise Today, Deals, Arrival and Desk would have nothing to read.
//!
//! `cargo bench --bench organiser` (full: the store bench's ~1M-line group);
//! `cargo bench --bench organiser -- --quick` (its quick group, ~50k lines).
//! Median of the runs; prints figures and ratios; asserts nothing but the trace check.

use chrono::{Duration, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use linli::advanced::{Advanced, Page, PrintJob};
use linli::i18n::{I18n, Lang};
use linli_core::Fen;
use linli_core::demo::{Dataset, DemoConfig, generate};
use linli_core::model::*;
use linli_core::store::organiser as q;
use linli_core::store::sync::Identity;
use linli_core::store::{Durability, Store};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, Statement, params_from_iter};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration as Elapsed, Instant};

#[path = "common/trace.rs"]
mod trace;
use trace::{census, trace};

// The statements of `store::rows` the organiser's loads run, as rows.rs writes them (its
// texts are private there); the trace check fails if they drift.
macro_rules! deal_cols {
    () => {
        "SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit, \
         cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals"
    };
}
const R_PRODUCTS: &str =
    "SELECT id, group_id, name, emoji, unit FROM products WHERE group_id = ?1 ORDER BY name";
const R_DEALS_DUE: &str = concat!(
    deal_cols!(),
    " WHERE group_id = ?1 AND state = 'open' AND cutoff <= ?2 ORDER BY cutoff"
);
const R_DEALS_IN_STATE: &str = concat!(
    deal_cols!(),
    " WHERE group_id = ?1 AND state = ?2 ORDER BY cutoff"
);
const R_ORDERS_OF_DEAL: &str = "SELECT id, deal_id, member_id, qty, allocated, unit_price_fen, state, reason, \
     queued_at, placed_at, updated_at FROM orders WHERE deal_id = ?1 ORDER BY queued_at, id";
const R_PICKUP_CODES: &str =
    "SELECT member_id, code FROM pickup_codes WHERE group_id = ?1 AND pickup_day = ?2";
const R_MEMBER: &str =
    "SELECT id, group_id, display_name, role, joined_at FROM members WHERE id = ?1";
const R_GROUP: &str = "SELECT id, name, created_at FROM groups WHERE id = ?1";

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // The store benchmark's group (benches/store.rs in linli-core).
    let big = DemoConfig::bench(quick);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("linli-organiser-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "Linli organiser benchmark ({}) — SQLite {}, {} logical CPUs, median of runs",
        if quick { "quick" } else { "full" },
        rusqlite::version(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    page_loads(&dir, "standard demo group", &DemoConfig::standard(), 30);
    page_loads(
        &dir,
        if quick {
            "store bench group (quick)"
        } else {
            "store bench group (~1M lines)"
        },
        &big,
        15,
    );
    sort_sheet(&dir, 200, 20, 15);
}

// ------------------------------------------------------------------ helpers

fn median(mut v: Vec<Elapsed>) -> Elapsed {
    v.sort();
    v[v.len() / 2]
}

/// Median time of `f` over `runs` runs, after one warm-up.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Elapsed {
    std::hint::black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Elapsed) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn blob(id: uuid::Uuid) -> Value {
    Value::Blob(id.as_bytes().to_vec())
}

fn day_no(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

/// `now` on the organiser's clock as an instant, as the Today page converts it.
fn utc_of(now: NaiveDateTime) -> Timestamp {
    now.and_local_timezone(Local).single().unwrap().to_utc()
}

/// Her local midnight as an instant, as the Deals page computes it.
fn start_of(now: NaiveDateTime) -> Timestamp {
    Local
        .from_local_datetime(&now.date().and_time(NaiveTime::MIN))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

// ------------------------------------------------------------------ the baseline

/// One execution of a statement with its parameters.
type Exec = (&'static str, Vec<Value>);

/// The raw SQL: every statement prepared once (outside the timing), then each execution
/// bound and stepped to the end, every column of every row read as SQLite holds it.
struct Raw<'c> {
    stmts: HashMap<&'static str, Statement<'c>>,
}

impl<'c> Raw<'c> {
    fn new(c: &'c Connection, execs: &[Exec]) -> Raw<'c> {
        let mut stmts = HashMap::new();
        for (sql, _) in execs {
            if !stmts.contains_key(sql) {
                stmts.insert(*sql, c.prepare(sql).unwrap());
            }
        }
        Raw { stmts }
    }

    /// Runs `execs`; the rows read.
    fn run(&mut self, execs: &[Exec]) -> usize {
        let mut rows = 0;
        for (sql, params) in execs {
            let st = self.stmts.get_mut(sql).unwrap();
            let n = st.column_count();
            let mut it = st.query(params_from_iter(params.iter())).unwrap();
            while let Some(r) = it.next().unwrap() {
                for i in 0..n {
                    std::hint::black_box(r.get_ref(i).unwrap());
                }
                rows += 1;
            }
        }
        rows
    }
}

// ------------------------------------------------------------------ 1. page loads

/// A group's store with its history and a live day, and what the pages are loaded for.
struct Group {
    store: Store,
    path: PathBuf,
    me: Identity,
    /// The organiser's clock: the live day, 10:00.
    now: NaiveDateTime,
    /// The pickup day with the most sold order lines in the history.
    busiest: NaiveDate,
    lines: usize,
}

fn build_group(dir: &Path, name: &str, cfg: &DemoConfig) -> Group {
    let t = Instant::now();
    let data = generate(cfg);
    let generated = t.elapsed();
    let path = dir.join(format!("{name}.db"));
    let t = Instant::now();
    let mut store = Store::open(&path, Durability::Normal).unwrap();
    store.import(&data).unwrap();
    let imported = t.elapsed();
    let me = as_organiser(&mut store, &data);
    let pickup: HashMap<DealId, NaiveDate> =
        data.deals.iter().map(|d| (d.id, d.pickup_day)).collect();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for o in &data.orders {
        if matches!(
            o.state,
            OrderState::Confirmed
                | OrderState::Ready
                | OrderState::PickedUp
                | OrderState::Unclaimed
        ) {
            *per_day.entry(pickup[&o.deal_id]).or_default() += 1;
        }
    }
    let (&busiest, &busiest_lines) = per_day
        .iter()
        .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))
        .unwrap();
    let last = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
    let today = last + Duration::days(1);
    let t = Instant::now();
    let live = live_day(&mut store, &data, today);
    let lived = t.elapsed();
    println!(
        "\n{name}: {} members, {} deals, {} order lines (+{} today); generated in {:.1} s, \
         imported in {:.1} s, live day added in {:.1} s",
        data.members.len(),
        data.deals.len(),
        data.orders.len(),
        live,
        generated.as_secs_f64(),
        imported.as_secs_f64(),
        lived.as_secs_f64()
    );
    println!(
        "  today {today} 10:00 (local); busiest pickup day {busiest} ({busiest_lines} sold lines)"
    );
    Group {
        store,
        path,
        me,
        now: today.and_hms_opt(10, 0, 0).unwrap(),
        busiest,
        lines: data.orders.len(),
    }
}

/// The live day `today` on top of the history, as many deals a day as the history has:
/// deals that arrived for pickup today (goods ready, codes issued), deals that formed for
/// tomorrow waiting for their goods, and deals open until tonight, each with orders from
/// most members. Returns the orders placed.
fn live_day(store: &mut Store, data: &Dataset, today: NaiveDate) -> usize {
    let days = data
        .deals
        .iter()
        .map(|d| d.pickup_day)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        .max(1);
    let per_day = (data.deals.len() / days).max(1);
    let g = data.group.id;
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap());
    let yesterday = today - Duration::days(1);
    let deal = |k: usize, created: NaiveDate, pickup: NaiveDate| {
        let p = &data.products[k % data.products.len()];
        Deal {
            id: DealId::new(),
            group_id: g,
            product_id: p.id,
            price: Fen(380 + 10 * k as i64),
            unit: p.unit.clone(),
            stock: 100_000,
            min_total: 1,
            per_member_limit: 100,
            cutoff: midnight(created) + Duration::hours(14),
            pickup_day: pickup,
            pickup_place: "3号楼门口".into(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: midnight(created),
        }
    };
    let arriving: Vec<Deal> = (0..per_day).map(|k| deal(k, yesterday, today)).collect();
    let formed: Vec<Deal> = (0..per_day)
        .map(|k| deal(k + 7, yesterday, today + Duration::days(1)))
        .collect();
    let open: Vec<Deal> = (0..per_day)
        .map(|k| deal(k + 3, today, today + Duration::days(1)))
        .collect();
    let mut placed = 0;
    let mut order_on = |store: &mut Store, deals: &[Deal], at: Timestamp| {
        for d in deals {
            store.publish_deal(d).unwrap();
        }
        for (i, m) in data.members.iter().enumerate() {
            for k in 0..[1, 0, 1, 2, 1, 1][i % 6] {
                let d = &deals[(i * 31 + k * 7) % deals.len()];
                let at = at + Duration::minutes(((i * 13) % 480) as i64);
                store
                    .place_order(m.id, d.id, OrderId::new(), 1 + ((i + k) % 3) as u32, at)
                    .unwrap();
                placed += 1;
            }
        }
    };
    let morning = midnight(yesterday) + Duration::minutes(30);
    order_on(store, &arriving, morning);
    order_on(store, &formed, morning);
    store
        .close_due_deals(g, midnight(yesterday) + Duration::hours(14))
        .unwrap();
    let arrival_at = midnight(today);
    let mut rng = rand::rng();
    for d in &arriving {
        let orders = store.orders_of_deal(d.id).unwrap();
        let ordered: u32 = orders
            .iter()
            .filter(|o| o.state.is_active())
            .map(|o| o.qty)
            .sum();
        store.record_arrival(d.id, ordered, arrival_at).unwrap();
        for o in orders {
            store.pickup_code(g, o.member_id, today, &mut rng).unwrap();
        }
    }
    order_on(store, &open, midnight(today) + Duration::minutes(30));
    placed
}

/// One row of the table: a page as the app shows it.
struct Case {
    label: String,
    page: Page,
    /// Days from today for Sorting and Desk.
    offset: i64,
}

fn page_loads(dir: &Path, name: &str, cfg: &DemoConfig, runs: usize) {
    let grp = build_group(
        dir,
        &name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        cfg,
    );
    let (s, me, now) = (&grp.store, &grp.me, grp.now);
    let today = now.date();
    let busy = (grp.busiest - today).num_days();
    let cases = [
        ("Today", Page::Today, 0),
        ("Deals", Page::Deals, 0),
        ("Sorting, busiest day", Page::Sorting, busy),
        ("Arrival", Page::Arrival, 0),
        ("Desk, busiest day", Page::Desk, busy),
        ("Desk, today", Page::Desk, 0),
        ("Invite", Page::Invite, 0),
        ("Stock", Page::Stock, 0),
    ]
    .map(|(l, page, offset)| Case {
        label: l.into(),
        page,
        offset,
    });
    let conn = Connection::open_with_flags(&grp.path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    println!(
        "  {:<22} {:>9} {:>9} {:>7} {:>6} {:>7}  what the page read",
        "page (Advanced::load)", "load ms", "SQL ms", "ratio", "stmts", "rows"
    );
    for case in &cases {
        let mut adv = Advanced::default();
        adv.page = case.page;
        adv.sorting.offset = case.offset;
        adv.desk.offset = case.offset;
        adv.load(s, me, now).unwrap();
        let execs = statements(s, &conn, me, now, case, &adv);
        let loaded = trace(s, || adv.load(s, me, now).unwrap());
        let planned = census(execs.iter().map(|(sql, _)| *sql));
        if loaded != planned {
            eprintln!(
                "{}: the baseline does not run what the load runs",
                case.label
            );
            for (sql, n) in &loaded {
                if planned.get(sql) != Some(n) {
                    eprintln!("  load ×{n}, baseline ×{:?}: {sql}", planned.get(sql));
                }
            }
            for (sql, n) in &planned {
                if !loaded.contains_key(sql) {
                    eprintln!("  baseline ×{n}, not in the load: {sql}");
                }
            }
            panic!("trace check failed");
        }
        let load = time(runs, || adv.load(s, me, now).unwrap());
        let mut raw = Raw::new(&conn, &execs);
        let rows = raw.run(&execs);
        let sql = time(runs, || raw.run(&execs));
        println!(
            "  {:<22} {:>9.3} {:>9.3} {:>6.2}x {:>6} {:>7}  {}",
            case.label,
            ms(load),
            ms(sql),
            load.as_secs_f64() / sql.as_secs_f64(),
            execs.len(),
            rows,
            what(&adv, case.page)
        );
    }
    // Where Today's time goes (every load runs it): each statement alone.
    let execs = statements(s, &conn, me, now, &cases[0], &Advanced::default());
    let mut raw = Raw::new(&conn, &execs);
    let mut each: Vec<(Elapsed, &str)> = execs
        .iter()
        .map(|e| {
            let one = std::slice::from_ref(e);
            let name = q::ALL
                .iter()
                .find(|(_, sql)| *sql == e.0)
                .map_or("rows::deals_due", |(n, _)| *n);
            (time(runs, || raw.run(one)), name)
        })
        .collect();
    each.sort();
    let (t, name) = each.last().unwrap();
    println!(
        "  Today's slowest statement: {name}, {:.3} ms of {:.3} ms ({} order lines in the store)",
        ms(*t),
        ms(each.iter().map(|(t, _)| *t).sum()),
        grp.lines
    );
}

fn what(a: &Advanced, page: Page) -> String {
    let today = format!(
        "{} open, {} arrivals to record, {} waiting",
        a.today.deals.len(),
        a.today.needs.arrivals_to_record.len(),
        a.today.needs.pickups_waiting
    );
    match page {
        Page::Today => today,
        Page::Deals => format!(
            "{} products, {} open, {} formed, {} yesterday",
            a.deals.products.len(),
            a.deals.open.len(),
            a.deals.formed.len(),
            a.deals.yesterday.len()
        ),
        Page::Sorting => format!(
            "{} baskets, {} deals, {} lines",
            a.sorting.sheet.baskets.len(),
            a.sorting.sheet.products.len(),
            a.sorting
                .sheet
                .baskets
                .iter()
                .map(|b| b.lines.len())
                .sum::<usize>()
        ),
        Page::Arrival => format!("{} deals waiting for goods", a.arrival.waiting.len()),
        Page::Desk => format!("{} members waiting", a.desk.waiting.len()),
        Page::Invite => "the group's name".into(),
        Page::Stock => format!(
            "{} products, {} latest losses",
            a.stock.levels.len(),
            a.stock.recent.len()
        ),
        // Members, complaints and notices are small reads; the figures have their own
        // benchmark (benches/figures.rs).
        _ => String::new(),
    }
}

/// The statements `Advanced::load` runs for `case`, in order, with their parameters
/// (ids the load reads on the way — the day's deals, the formed deals, the members
/// waiting — are looked up here, outside the timing).
fn statements(
    s: &Store,
    c: &Connection,
    me: &Identity,
    now: NaiveDateTime,
    case: &Case,
    adv: &Advanced,
) -> Vec<Exec> {
    let g = blob(me.group_id.0);
    let today = now.date();
    // Today, always: deal_progress and needs_doing.
    let mut x: Vec<Exec> = vec![
        (q::DEAL_PROGRESS, vec![g.clone()]),
        (
            R_DEALS_DUE,
            vec![
                g.clone(),
                Value::Integer((utc_of(now) + Duration::hours(2)).timestamp_millis()),
            ],
        ),
        (
            q::ARRIVALS_TO_RECORD,
            vec![g.clone(), Value::Integer(day_no(today) + 1)],
        ),
        (
            q::PICKUPS_WAITING,
            vec![g.clone(), Value::Integer(day_no(today))],
        ),
        (q::HELP_REQUESTS_OPEN, vec![g.clone()]),
        (q::COMPLAINTS_OPEN, vec![g.clone()]),
    ];
    // The deals that formed and wait for goods (Deals and Arrival): products, the
    // formed deals, then each one's orders.
    let formed = |x: &mut Vec<Exec>| {
        x.push((R_PRODUCTS, vec![g.clone()]));
        x.push((
            R_DEALS_IN_STATE,
            vec![g.clone(), Value::Text("formed".into())],
        ));
        for d in s
            .read(|c| linli_core::store::rows::deals_in_state(c, me.group_id, DealState::Formed))
            .unwrap()
        {
            x.push((R_ORDERS_OF_DEAL, vec![blob(d.id.0)]));
        }
    };
    // A pickup day's sheet: its deals, its codes, each deal's orders.
    let sheet = |x: &mut Vec<Exec>, day: NaiveDate| {
        x.push((
            q::DAY_SHEET_DEALS,
            vec![g.clone(), Value::Integer(day_no(day))],
        ));
        x.push((R_PICKUP_CODES, vec![g.clone(), Value::Integer(day_no(day))]));
        for p in s.day_sheet(me.group_id, day).unwrap().products {
            x.push((q::DAY_SHEET_ORDERS, vec![blob(p.deal_id.0)]));
        }
    };
    let day = today + Duration::days(case.offset);
    match case.page {
        Page::Today => {}
        Page::Deals => {
            x.push((R_PRODUCTS, vec![g.clone()]));
            x.push((q::DEAL_PROGRESS, vec![g.clone()]));
            formed(&mut x);
            let start = start_of(now).timestamp_millis();
            x.push((q::LAST_PUBLISHED, vec![g.clone(), Value::Integer(start)]));
            let last: Option<i64> = c
                .query_row(
                    q::LAST_PUBLISHED,
                    rusqlite::params![me.group_id, start],
                    |r| r.get(0),
                )
                .unwrap();
            if let Some(last) = last {
                const DAY_MS: i64 = 24 * 60 * 60 * 1000;
                let from = start - (start - last + DAY_MS - 1) / DAY_MS * DAY_MS;
                x.push((
                    q::PUBLISHED_BETWEEN,
                    vec![
                        g.clone(),
                        Value::Integer(from),
                        Value::Integer(from + DAY_MS),
                    ],
                ));
            }
            assert!(
                adv.deals.form.product.is_none(),
                "no forecast without a product"
            );
        }
        Page::Sorting => sheet(&mut x, day),
        Page::Arrival => {
            formed(&mut x);
            assert!(
                adv.arrival.chosen.is_none(),
                "no preview without a deal chosen"
            );
        }
        Page::Desk => {
            sheet(&mut x, day);
            for w in &adv.desk.waiting {
                x.push((R_MEMBER, vec![blob(w.member.id.0)]));
            }
        }
        Page::Invite => x.push((R_GROUP, vec![g.clone()])),
        Page::Stock => {
            let since = (now.and_utc() - Duration::days(linli::advanced::stock::LATELY_DAYS))
                .timestamp_millis();
            x.push((
                linli_core::store::stock::STOCK_LEVELS,
                vec![g.clone(), Value::Integer(since)],
            ));
            x.push((
                linli_core::store::stock::RECENT_LOSSES,
                vec![g.clone(), Value::Integer(8)],
            ));
        }
        _ => unreachable!("not a page measured here"),
    }
    x
}

// ------------------------------------------------------------------ 2. the sort sheet

fn sort_sheet(dir: &Path, members: usize, deals: usize, runs: usize) {
    // Names and products of a generated group, so the sheet has real words to lay out.
    let data = generate(&DemoConfig {
        members,
        days: 1,
        ..DemoConfig::standard()
    });
    let path = dir.join("sort-sheet.db");
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    s.put_group(&data.group).unwrap();
    for m in &data.members {
        s.put_member(m).unwrap();
    }
    for p in &data.products {
        s.put_product(p).unwrap();
    }
    let g = data.group.id;
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let created = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let cutoff = created + Duration::hours(14);
    let list: Vec<Deal> = (0..deals)
        .map(|k| {
            let p = &data.products[k % data.products.len()];
            Deal {
                id: DealId::new(),
                group_id: g,
                product_id: p.id,
                price: Fen(380 + 37 * k as i64),
                unit: p.unit.clone(),
                stock: 100_000,
                min_total: 1,
                per_member_limit: 100,
                cutoff,
                pickup_day: day,
                pickup_place: "幸福里3号楼门口".into(),
                state: DealState::Open,
                arrived_qty: None,
                created_at: created,
            }
        })
        .collect();
    for d in &list {
        s.publish_deal(d).unwrap();
    }
    for (i, m) in data.members.iter().enumerate() {
        for (k, d) in list.iter().enumerate() {
            let at = created + Duration::minutes(((i * 7 + k) % 600) as i64);
            s.place_order(m.id, d.id, OrderId::new(), 1 + ((i + k) % 3) as u32, at)
                .unwrap();
        }
    }
    let closed = s.close_due_deals(g, cutoff).unwrap();
    assert!(closed.iter().all(|d| d.state == DealState::Formed));
    let mut rng = rand::rng();
    for m in &data.members {
        s.pickup_code(g, m.id, day, &mut rng).unwrap();
    }
    let me = as_organiser(&mut s, &data);
    let sheet = s.day_sheet(g, day).unwrap();
    let lines: usize = sheet.baskets.iter().map(|b| b.lines.len()).sum();
    println!(
        "\nSort sheet of one pickup day: {} members × {} formed deals ({} baskets, {} lines, \
         codes issued), zh-CN:",
        members,
        deals,
        sheet.baskets.len(),
        lines
    );
    println!(
        "  {:<34} {:>9} {:>10} {:>10} {:>6}",
        "", "ms", "query ms", "PDF bytes", "pages"
    );
    let i18n = I18n::new(Lang::ZhCn);
    let query = time(runs, || s.day_sheet(g, day).unwrap());
    println!(
        "  {:<34} {:>9.3} {:>10} {:>10} {:>6}",
        "Store::day_sheet (the query)",
        ms(query),
        "",
        "",
        ""
    );
    for by_member in [true, false] {
        let job = PrintJob::Sort {
            day,
            by_member,
            large: false,
        };
        let pdf = linli::files::pdf::render(&s, &me, &i18n, &job, None).unwrap();
        let file = dir.join(job.file_name());
        std::fs::write(&file, &pdf).unwrap();
        let pages = std::process::Command::new("pdfinfo")
            .arg(&file)
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_owned()))
            })
            .unwrap_or_else(|| "?".into());
        let render = time(runs, || {
            linli::files::pdf::render(&s, &me, &i18n, &job, None).unwrap()
        });
        println!(
            "  {:<34} {:>9.3} {:>10.3} {:>10} {:>6}   (wording + PDF: {:.3} ms)",
            format!(
                "print::render, by {}",
                if by_member { "member" } else { "product" }
            ),
            ms(render),
            ms(query),
            pdf.len(),
            pages,
            ms(render.saturating_sub(query))
        );
    }
}

/// Makes `store` the organiser's device of `data`'s group (no hub: nothing syncs).
fn as_organiser(store: &mut Store, data: &Dataset) -> Identity {
    let organiser = data
        .members
        .iter()
        .find(|m| m.role == Role::Organiser)
        .unwrap();
    let me = Identity {
        hub: "http://127.0.0.1:1".into(),
        token: "bench".into(),
        member_id: organiser.id,
        group_id: data.group.id,
        role: Role::Organiser,
        pin: None,
    };
    store.set_identity(&me).unwrap();
    me
}
