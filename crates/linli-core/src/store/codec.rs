//! How domain values are written to SQLite: ids as 16-byte blobs, instants as UTC
//! milliseconds, days as day numbers since 1970-01-01, enums by their serde (snake_case) names.

use crate::model::*;
use chrono::{DateTime, NaiveDate};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

macro_rules! sql_id {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
            }
        }
        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let b = v.as_blob()?;
                Uuid::from_slice(b).map($name).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}
sql_id!(
    GroupId,
    MemberId,
    ProductId,
    DealId,
    OrderId,
    LedgerEntryId,
    MovementId,
    ComplaintId,
    NoticeId,
    TipId,
    SuggestionId,
    HelpRequestId
);

/// A 16-byte blob for a bare UUID (command ids).
pub fn uuid_blob(u: &Uuid) -> [u8; 16] {
    *u.as_bytes()
}

/// Instant → UTC milliseconds.
pub fn ms(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

/// UTC milliseconds → instant.
pub fn from_ms(v: i64) -> rusqlite::Result<Timestamp> {
    DateTime::from_timestamp_millis(v).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, v))
}

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

/// Day → whole days since 1970-01-01.
pub fn day(d: NaiveDate) -> i64 {
    (d - EPOCH).num_days()
}

/// Whole days since 1970-01-01 → day.
pub fn parse_day(n: i64) -> rusqlite::Result<NaiveDate> {
    EPOCH
        .checked_add_signed(chrono::Duration::days(n))
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(0, n))
}

/// An enum's serde name and, for adjacently tagged enums, its content's name:
/// `OrderState::Rejected(SoldOut)` → `("rejected", Some("sold_out"))`.
pub fn tagged<T: Serialize>(v: &T, tag: &str, content: &str) -> (String, Option<String>) {
    match serde_json::to_value(v).expect("domain enums serialize") {
        Value::String(s) => (s, None),
        Value::Object(m) => (
            m.get(tag)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            m.get(content).map(|c| match c {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        ),
        other => (other.to_string(), None),
    }
}

/// The inverse of [`tagged`].
pub fn untagged<T: DeserializeOwned>(
    tag: &str,
    content: &str,
    name: String,
    inner: Option<String>,
) -> rusqlite::Result<T> {
    let v = match inner {
        None => serde_json::json!({ tag: name }),
        Some(i) => serde_json::json!({ tag: name, content: i }),
    };
    serde_json::from_value(v.clone())
        .or_else(|_| serde_json::from_value(Value::String(name.clone())))
        .map_err(|e| bad(format!("{v}: {e}")))
}

/// A plain (unit-variant) enum's serde name: `Role::Organiser` → `"organiser"`.
pub fn name<T: Serialize>(v: &T) -> String {
    tagged(v, "", "").0
}

/// The inverse of [`name`].
pub fn from_name<T: DeserializeOwned>(s: String) -> rusqlite::Result<T> {
    serde_json::from_value(Value::String(s)).map_err(|e| bad(e.to_string()))
}

fn bad(msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, msg.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_round_trip() {
        for s in [
            OrderState::Placed,
            OrderState::Rejected(RejectReason::SoldOut),
            OrderState::Cancelled(CancelReason::DealFailed),
            OrderState::PickedUp,
        ] {
            let (n, r) = tagged(&s, "state", "reason");
            assert_eq!(untagged::<OrderState>("state", "reason", n, r).unwrap(), s);
        }
        assert_eq!(
            tagged(
                &OrderState::Rejected(RejectReason::TooLate),
                "state",
                "reason"
            ),
            ("rejected".into(), Some("too_late".into()))
        );
        let m = MemberId::new();
        let (n, r) = tagged(&HelpState::Claimed(m), "state", "volunteer");
        assert_eq!(
            untagged::<HelpState>("state", "volunteer", n, r).unwrap(),
            HelpState::Claimed(m)
        );
        assert_eq!(name(&Role::Organiser), "organiser");
        assert_eq!(
            from_name::<Role>("volunteer".into()).unwrap(),
            Role::Volunteer
        );
        assert!(from_name::<Role>("boss".into()).is_err());
    }
}
