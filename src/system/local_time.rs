//! This computer's clock to the instants the store and the hub keep (UTC): the app's clock
//! is local wall time, a day starts at her midnight. One place for the conversion.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use linli_core::model::Timestamp;

/// The instant of local wall time `t` (the earlier one when a clock change repeats it; a
/// time a clock change skips is read as UTC).
pub fn instant(t: NaiveDateTime) -> Timestamp {
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| t.and_utc())
}

/// The first instant of `day` on this computer's calendar.
pub fn day_start(day: NaiveDate) -> Timestamp {
    instant(day.and_time(NaiveTime::MIN))
}
