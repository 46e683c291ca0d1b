//! A small group with one organiser, three members and one deal, for the store tests.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use linli_core::Fen;
use linli_core::model::*;
use linli_core::store::Store;

pub struct Fixture {
    pub group: Group,
    pub organiser: Member,
    pub members: Vec<Member>,
    pub product: Product,
    pub deal: Deal,
}

/// 2026-11-24 `hour`:00 UTC; the fixture's deal closes at 22:00.
pub fn at(hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap() + chrono::Duration::hours(hour.into())
}

pub fn pickup_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Writes the fixture group into `store` with a deal of `stock` units, minimum `min_total`,
/// limit `limit` per member, at ¥3.80 a 斤.
pub fn setup(store: &mut Store, stock: u32, min_total: u32, limit: u32) -> Fixture {
    let group = Group {
        id: GroupId::new(),
        name: "幸福里".into(),
        created_at: at(0),
    };
    store.put_group(&group).unwrap();
    let person = |name: &str, role| Member::new(MemberId::new(), group.id, name, role, at(0));
    let organiser = person("王秀英", Role::Organiser);
    let members = vec![
        person("李桂兰", Role::Member),
        person("Tom Baker", Role::Member),
        person("张建国", Role::Member),
    ];
    for m in std::iter::once(&organiser).chain(&members) {
        store.put_member(m).unwrap();
    }
    let product = Product {
        id: ProductId::new(),
        group_id: group.id,
        name: "西红柿".into(),
        emoji: "🍅".into(),
        unit: "斤".into(),
        shop_price: None,
    };
    store.put_product(&product).unwrap();
    let deal = Deal {
        id: DealId::new(),
        group_id: group.id,
        product_id: product.id,
        price: Fen(380),
        unit: "斤".into(),
        stock,
        min_total,
        per_member_limit: limit,
        cutoff: at(22),
        pickup_day: pickup_day(),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: at(8),
    };
    store.publish_deal(&deal).unwrap();
    Fixture {
        group,
        organiser,
        members,
        product,
        deal,
    }
}
