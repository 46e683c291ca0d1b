//! The catching-up path of a device's store (`Store::apply_pulls`: a batch of pages a
//! transaction, triggers off, rollups set once a batch) against the ordinary one
//! (`Store::apply_pull`, a page a transaction with the triggers), on real files: the same
//! rows in every table, rollups included, whatever the batches; the triggers it stands in
//! for are exactly the schema's; afterwards the store is ordinary again.

use chrono::NaiveDate;
use linli_core::demo::{Dataset, DemoConfig, generate};
use linli_core::model::{CancelReason, Order, OrderState};
use linli_core::store::{Durability, Store, rollups};
use linli_core::sync::protocol::{Change, PullPage};
use std::collections::{BTreeMap, HashMap};

fn data() -> Dataset {
    generate(&DemoConfig {
        seed: 5,
        members: 25,
        days: 30,
        start: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        orders_per_member_day: 1.2,
    })
}

/// The group's feed as a hub's import writes it, then later states of some orders (a
/// thing changed again after a device fetched it): every seventh order cancelled, every
/// eleventh with one unit more.
fn feed(d: &Dataset) -> Vec<Change> {
    let deals: HashMap<_, _> = d.deals.iter().map(|x| (x.id, x)).collect();
    let order = |o: &Order| {
        let deal = deals[&o.deal_id];
        Change::Order {
            order: o.clone(),
            product_id: deal.product_id,
            pickup_day: deal.pickup_day,
        }
    };
    let mut f = vec![Change::Group(d.group.clone())];
    f.extend(d.members.iter().cloned().map(Change::Member));
    f.extend(d.products.iter().cloned().map(Change::Product));
    f.extend(d.orders.iter().map(order));
    f.extend(
        d.deals
            .iter()
            .cloned()
            .map(|deal| Change::Deal { deal, sold: 1 }),
    );
    f.extend(d.pickup_codes.iter().cloned().map(Change::PickupCode));
    f.extend(d.ledger.iter().cloned().map(Change::Ledger));
    f.extend(d.movements.iter().cloned().map(Change::Movement));
    f.extend(d.notices.iter().cloned().map(Change::Notice));
    f.extend(d.complaints.iter().cloned().map(Change::Complaint));
    for (i, o) in d.orders.iter().enumerate() {
        let mut o = o.clone();
        if i % 7 == 0 {
            o.state = OrderState::Cancelled(CancelReason::CalledOff);
        } else if i % 11 == 0 {
            o.qty += 1;
        } else {
            continue;
        }
        f.push(order(&o));
    }
    f
}

fn pages(feed: &[Change], size: usize) -> Vec<PullPage> {
    let n = feed.len().div_ceil(size);
    feed.chunks(size)
        .enumerate()
        .map(|(i, c)| PullPage {
            changes: c.to_vec(),
            next: ((i + 1) * size).min(feed.len()) as i64,
            more: i + 1 < n,
        })
        .collect()
}

/// Every table's rows: [`Store::contents`].
fn tables(s: &Store) -> BTreeMap<String, Vec<String>> {
    s.contents().unwrap()
}

#[test]
fn batches_of_pages_give_the_rows_pages_one_by_one_give() {
    let dir = tempfile::tempdir().unwrap();
    let d = data();
    let feed = feed(&d);
    let pages = pages(&feed, 100);
    assert!(pages.len() > 10, "{} pages", pages.len());

    let mut one = Store::open(dir.path().join("one.db"), Durability::Normal).unwrap();
    for p in &pages {
        one.apply_pull(p).unwrap();
    }
    let reference = tables(&one);
    assert!(!reference["deal_sales"].is_empty());
    assert!(!reference["member_weeks"].is_empty());
    assert_eq!(one.rollup_mismatches().unwrap(), 0);

    // Batches of 1, 4 and 9 pages: rollups set per batch, a deal's orders in several.
    for per in [1, 4, 9] {
        let mut bulk =
            Store::open(dir.path().join(format!("bulk{per}.db")), Durability::Normal).unwrap();
        let before = bulk.begin_catch_up().unwrap();
        for batch in pages.chunks(per) {
            bulk.apply_pulls(batch).unwrap();
            assert_eq!(bulk.rollup_mismatches().unwrap(), 0, "after each batch");
            assert_eq!(bulk.taken_mismatches().unwrap(), 0, "after each batch");
        }
        bulk.end_catch_up(before).unwrap();
        let got = tables(&bulk);
        for (name, rows) in &reference {
            assert_eq!(rows, &got[name], "table {name}, {per} pages a batch");
        }
        assert_eq!(bulk.cursor().unwrap(), feed.len() as i64);
    }

    // The same pages again change nothing (a batch re-fetched after a lost commit).
    let mut again = Store::open(dir.path().join("again.db"), Durability::Normal).unwrap();
    again.apply_pulls(&pages[..5]).unwrap();
    again.apply_pulls(&pages[3..]).unwrap();
    let got = tables(&again);
    for (name, rows) in &reference {
        assert_eq!(rows, &got[name], "table {name}, pages applied twice");
    }
}

#[test]
fn the_bulk_path_stands_in_for_exactly_the_schemas_triggers() {
    let s = Store::open_in_memory().unwrap();
    let triggers: Vec<String> = s
        .read(|c| {
            c.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap();
    assert_eq!(
        triggers,
        rollups::TRIGGERS,
        "a new trigger must be kept by rollups::rebuild too"
    );
}

#[test]
fn after_a_batch_the_store_checks_and_triggers_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = data();
    let mut s = Store::open(dir.path().join("s.db"), Durability::Normal).unwrap();
    let before = s.begin_catch_up().unwrap();
    s.apply_pulls(&pages(&feed(&d), 500)).unwrap();
    s.end_catch_up(before).unwrap();
    s.read(|c| {
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let ignore: i64 = c.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))?;
        let cache: i64 = c.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let checkpoint: i64 = c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        let temp: i64 = c.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        assert_eq!(
            (fk, ignore, cache, checkpoint, temp),
            (1, 0, -2000, 1000, 0)
        );
        let bad = c.execute(
            "UPDATE orders SET state = 'lost' WHERE rowid = (SELECT MIN(rowid) FROM orders)",
            [],
        );
        assert!(bad.is_err(), "the state's CHECK holds again");
        let taken = |c: &rusqlite::Connection| -> rusqlite::Result<i64> {
            c.query_row("SELECT SUM(qty) FROM deal_taken", [], |r| r.get(0))
        };
        let t0 = taken(c)?;
        c.execute(
            "UPDATE orders SET qty = qty + 1
             WHERE rowid = (SELECT MIN(rowid) FROM orders WHERE state = 'picked_up')",
            [],
        )?;
        assert_eq!(taken(c)?, t0 + 1, "the update trigger counted it");
        Ok::<_, rusqlite::Error>(())
    })
    .unwrap();
    assert_eq!(s.taken_mismatches().unwrap(), 0);
    assert_eq!(s.rollup_mismatches().unwrap(), 0);
}
