//! The benchmarks' trace check: which statements a run of our code executes, so the
//! `sqlite3` shell baseline can be shown to run the very same ones.

use linli_core::store::Store;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Statement (whitespace squeezed) → executions.
pub type Census = BTreeMap<String, usize>;

static TRACED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A statement with its whitespace squeezed to single spaces, for comparing.
pub fn squeeze(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn traced(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(_, sql) = e {
        TRACED.lock().unwrap().push(squeeze(sql));
    }
}

/// How often each statement of `sqls` appears.
pub fn census<'a>(sqls: impl IntoIterator<Item = &'a str>) -> Census {
    let mut c = Census::new();
    for s in sqls {
        *c.entry(squeeze(s)).or_default() += 1;
    }
    c
}

/// The statements one run of `f` executes on the store's connection.
pub fn trace(store: &Store, f: impl FnOnce()) -> Census {
    TRACED.lock().unwrap().clear();
    store
        .read(|c| {
            c.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(traced));
            Ok::<_, ()>(())
        })
        .unwrap();
    f();
    store
        .read(|c| {
            c.trace_v2(TraceEventCodes::empty(), None);
            Ok::<_, ()>(())
        })
        .unwrap();
    let seen = std::mem::take(&mut *TRACED.lock().unwrap());
    census(seen.iter().map(String::as_str))
}
