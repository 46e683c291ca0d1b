//! Every schema change, in order, in one place. Append new steps; never edit old ones.

use rusqlite_migration::{M, Migrations};

/// The migrations from an empty file to the current schema.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("schema_2_sync.sql")),
    ])
}

/// The schema version this build writes (SQLite's `user_version` after migrating).
pub fn latest_version() -> i64 {
    2
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid_and_version_matches() {
        let m = super::migrations();
        m.validate().unwrap();
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        m.to_latest(&mut c).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::latest_version());
    }
}
