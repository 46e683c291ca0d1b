//! `linli-demo`: generates the demo group into a Linli data file and prints what an
//! organiser would want to know about it.
//!
//! Usage: `linli-demo [--db FILE] [--members N] [--days N] [--seed N]`
//! (defaults: `linli-demo.db`, the standard 120-member, 60-day group). An existing file is
//! replaced only if it is a Linli data file.

use linli_core::demo::{DemoConfig, generate};
use linli_core::store::{Durability, Store};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linli-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut cfg = DemoConfig::standard();
    let mut db = String::from("linli-demo.db");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => db = value()?,
            "--members" => cfg.members = value()?.parse()?,
            "--days" => cfg.days = value()?.parse()?,
            "--seed" => cfg.seed = value()?.parse()?,
            "-h" | "--help" => {
                println!("usage: linli-demo [--db FILE] [--members N] [--days N] [--seed N]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    // Refuse to overwrite anything that is not already a Linli file.
    if std::path::Path::new(&db).exists() {
        drop(Store::open(&db, Durability::Normal)?);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{db}{suffix}"));
        }
    }
    let started = Instant::now();
    let data = generate(&cfg);
    let mut store = Store::open(&db, Durability::Normal)?;
    store.import(&data)?;
    let took = started.elapsed();

    let first = data
        .deals
        .iter()
        .map(|d| d.pickup_day)
        .min()
        .unwrap_or(cfg.start);
    let last = data
        .deals
        .iter()
        .map(|d| d.pickup_day)
        .max()
        .unwrap_or(first);
    let week_ago = last - chrono::Duration::days(6);
    println!(
        "Linli demo group “{}” written to {db} in {:.1} s",
        data.group.name,
        took.as_secs_f64()
    );
    println!(
        "  {} members, {} products, {} deals, {} orders, {} ledger lines, {} notices, {} tips",
        data.members.len(),
        data.products.len(),
        data.deals.len(),
        data.orders.len(),
        data.ledger.len(),
        data.notices.len(),
        data.tips.len()
    );
    let rate = store.forming_rate(first, last)?;
    println!(
        "  pickup days {first} … {last}: {} deals formed, {} failed ({}‰ formed)",
        rate.formed,
        rate.failed,
        rate.per_mille().unwrap_or(0)
    );
    println!("Last 7 days' sales:");
    for s in store.sales_by_day(week_ago, last)? {
        println!(
            "  {}  {:>5} units  {:>12}",
            s.day,
            s.units,
            s.revenue.to_string()
        );
    }
    println!("Top products over the whole period:");
    for p in store.top_products(first, last, 5)? {
        let next = store
            .suggest_quantity(p.product_id, last)?
            .map(|s| s.quantity);
        println!(
            "  {} {:<6} {:>6} units  {:>12}   next deal: suggest {}",
            p.emoji,
            p.name,
            p.units,
            p.revenue.to_string(),
            next.map_or("-".into(), |q| q.to_string())
        );
    }
    if let Some(w) = store.active_members_per_week(week_ago, last)?.last() {
        println!(
            "Active members in the week of {}: {}",
            w.week_start, w.members
        );
    }
    let worst = store.loss_rate_per_product(first, last)?;
    if let Some(l) = worst.first() {
        println!(
            "Highest loss rate: {} ({} of {} units lost, {}‰)",
            l.name,
            l.lost,
            l.received,
            l.per_mille().unwrap_or(0)
        );
    }
    println!(
        "Unclaimed orders over the period: {}",
        store.unclaimed_orders(first, last, u32::MAX)?.len()
    );
    println!(
        "Help requests waiting for a volunteer: {}",
        store.open_help_requests(data.group.id)?.len()
    );
    Ok(())
}
