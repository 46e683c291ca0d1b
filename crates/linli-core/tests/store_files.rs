//! Opening data files: bad files give clear errors and are never changed; a writer killed
//! mid-transaction loses nothing it had committed and leaves a sound file.

mod common;

use linli_core::model::{DealId, MemberId, OrderId};
use linli_core::store::{Durability, Store, StoreError};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn new_file_is_created_migrated_and_reopens() {
    // In a folder named as a Windows user 王奶奶's would be (run under Wine too).
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("王奶奶").join("邻里 数据");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("linli.db");
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    let f = common::setup(&mut s, 10, 0, 5);
    drop(s);
    let s = Store::open(&path, Durability::Full).unwrap();
    assert_eq!(s.open_deals(f.group.id).unwrap(), vec![f.deal]);
    s.integrity_check().unwrap();
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let text = "买菜清单：西红柿 2 斤，鸡蛋一盒\n".repeat(50);
    std::fs::write(&path, &text).unwrap();
    let err = Store::open(&path, Durability::Normal)
        .err()
        .expect("must refuse");
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("not a Linli data file"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn a_file_from_a_newer_linli_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linli.db");
    {
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        common::setup(&mut s, 10, 0, 5);
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, Durability::Normal)
        .err()
        .expect("must refuse");
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => assert_eq!(
            (*found, *supported),
            (99, linli_core::store::latest_version())
        ),
        other => panic!("wrong error: {other}"),
    }
    assert!(err.to_string().contains("please update Linli"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_unwritable_place_gives_a_clear_error() {
    // /proc refuses new files even to root, so this holds wherever the tests run.
    let err = Store::open("/proc/linli-test/linli.db", Durability::Normal)
        .err()
        .expect("must refuse");
    assert!(matches!(err, StoreError::NotWritable { .. }), "{err}");
    assert!(err.to_string().contains("can't write Linli's data"));
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path(), Durability::Normal)
        .err()
        .expect("a folder is not a file");
    assert!(matches!(err, StoreError::NotWritable { .. }), "{err}");
}

#[test]
fn a_damaged_file_gives_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linli.db");
    {
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        common::setup(&mut s, 10, 0, 5);
        s.integrity_check().unwrap();
    }
    // Keep SQLite's header, scribble over everything after the first page header.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let _ = std::fs::remove_file(dir.path().join("linli.db-wal"));
    match Store::open(&path, Durability::Normal) {
        Err(e) => assert!(
            matches!(e, StoreError::NotSqlite { .. } | StoreError::Damaged { .. }),
            "{e}"
        ),
        Ok(s) => assert!(s.integrity_check().is_err()),
    }
}

/// Re-run of this test binary as the writer: places orders one transaction at a time and
/// prints each committed order id, until killed.
#[test]
fn child_writer() {
    let Ok(path) = std::env::var("LINLI_CHILD_DB") else {
        return;
    };
    let id = |k: &str| uuid::Uuid::parse_str(&std::env::var(k).unwrap()).unwrap();
    let (deal, member) = (
        DealId(id("LINLI_CHILD_DEAL")),
        MemberId(id("LINLI_CHILD_MEMBER")),
    );
    let mut s = Store::open(&path, Durability::Normal).unwrap();
    loop {
        let id = OrderId::new();
        s.place_order(member, deal, id, 1, common::at(10)).unwrap();
        println!("{id}");
    }
}

#[test]
fn killed_mid_write_keeps_every_committed_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linli.db");
    let f = {
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        common::setup(&mut s, 1_000_000, 0, 1_000_000)
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env("LINLI_CHILD_DB", &path)
        .env("LINLI_CHILD_DEAL", f.deal.id.to_string())
        .env("LINLI_CHILD_MEMBER", f.members[0].id.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut committed = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while committed.len() < 300 {
        let line = lines.next().expect("child died early").unwrap();
        if let Ok(id) = line.trim().parse::<uuid::Uuid>() {
            committed.push(OrderId(id));
        }
    }
    child.kill().unwrap(); // SIGKILL, in the middle of the next transaction or so
    child.wait().unwrap();
    let s = Store::open(&path, Durability::Normal).unwrap();
    s.integrity_check().unwrap();
    let saved = s.orders_of_deal(f.deal.id).unwrap();
    for id in &committed {
        assert!(
            saved.iter().any(|o| o.id == *id),
            "order {id} was acknowledged but lost"
        );
    }
    assert_eq!(
        s.outbox_len().unwrap() as usize,
        saved.len(),
        "every order has its queued command"
    );
}

#[test]
fn a_file_from_the_first_version_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linli.db");
    let group = linli_core::model::GroupId::new();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../src/store/schema.sql"))
            .unwrap();
        c.execute(
            "INSERT INTO groups (id, name, created_at) VALUES (?1, '幸福里', 0)",
            [group],
        )
        .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let s = Store::open(&path, Durability::Normal).unwrap();
    let g = s
        .read(|c| linli_core::store::rows::group(c, group))
        .unwrap()
        .expect("the group survived the upgrade");
    assert_eq!(g.name, "幸福里");
    assert_eq!(s.cursor().unwrap(), 0, "the new sync tables are there");
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, linli_core::store::latest_version());
}
