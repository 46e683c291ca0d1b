//! Shared fixtures for the rules' unit tests.

use crate::model::*;
use crate::money::Fen;
use chrono::{NaiveDate, TimeZone, Utc};

/// 2026-11-24 at `hour`:00 UTC (hour may be 24+ for the next days).
pub fn at(hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap() + chrono::Duration::hours(hour.into())
}

/// An open deal at ¥3.80 a unit with cutoff 22:00, pickup next day.
pub fn deal(stock: u32, min_total: u32, per_member_limit: u32) -> Deal {
    Deal {
        id: DealId::new(),
        group_id: GroupId::new(),
        product_id: ProductId::new(),
        price: Fen(380),
        unit: "斤".into(),
        stock,
        min_total,
        per_member_limit,
        cutoff: at(22),
        pickup_day: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: at(8),
    }
}

/// Orders of `qtys` on `d` by as many new members, placed at 10:00 in that order.
pub fn orders_of(d: &Deal, qtys: &[u32]) -> Vec<Order> {
    use crate::rules::orders::{Tally, place};
    let mut v: Vec<Order> = Vec::new();
    for &q in qtys {
        let m = MemberId::new();
        v.push(place(d, Tally::of(&v, m, None), OrderId::new(), m, q, at(10)).unwrap());
    }
    v
}
