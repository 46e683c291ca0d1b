//! The PostgreSQL hub's schema: every migration in order, in one place. A database is
//! brought up to date when a hub process opens it, under an advisory lock, so processes
//! starting together migrate it once.

use super::rows::db;
use crate::storage::HubError;
use postgres::Client;

/// The migrations, oldest first: number N brings the schema to version N.
const MIGRATIONS: &[&str] = &[
    include_str!("1_initial.sql"),
    include_str!("2_actors_notify.sql"),
];

/// The advisory lock migrations hold ("linli" in ASCII).
const LOCK: i64 = 0x006c_696e_6c69;

/// Brings the database at `client` to the newest schema; refuses one written by a newer hub.
pub fn migrate(client: &mut Client) -> Result<(), HubError> {
    let mut t = client.transaction().map_err(db)?;
    t.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .map_err(db)?;
    t.batch_execute("CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)")
        .map_err(db)?;
    let found: i32 = t
        .query_one("SELECT COALESCE(MAX(version), 0) FROM hub_schema", &[])
        .map_err(db)?
        .get(0);
    let known = MIGRATIONS.len() as i32;
    if found > known {
        return Err(HubError::BadInput(format!(
            "this database was written by a newer linli-hub (schema {found}, this one knows up to {known}); please update linli-hub"
        )));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        t.batch_execute(sql).map_err(db)?;
        t.execute(
            "INSERT INTO hub_schema (version) VALUES ($1)",
            &[&(n as i32 + 1)],
        )
        .map_err(db)?;
    }
    t.commit().map_err(db)?;
    Ok(())
}
