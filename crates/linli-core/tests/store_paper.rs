//! The paper printouts' reads on a real SQLite file: which deals an order form lists, in
//! which order and with which numbers (the 代下单 page goes down the same list), and what
//! each neighbour collects on the pickup slips.

mod common;

use common::{at, pickup_day, setup};
use linli_core::Fen;
use linli_core::model::*;
use linli_core::store::{Durability, Store};

/// Publishes a deal of a new product `name` at ¥`price` fen, closing at `cutoff`, picked up
/// on `pickup`, with the shop price `shop` (fen) when given.
fn deal(
    s: &mut Store,
    g: GroupId,
    name: &str,
    price: i64,
    cutoff: Timestamp,
    pickup: chrono::NaiveDate,
    shop: Option<i64>,
) -> Deal {
    let product = Product {
        id: ProductId::new(),
        group_id: g,
        name: name.into(),
        emoji: "🥚".into(),
        unit: "盒".into(),
        shop_price: shop.map(Fen),
    };
    s.put_product(&product).unwrap();
    let d = Deal {
        id: DealId::new(),
        group_id: g,
        product_id: product.id,
        price: Fen(price),
        unit: "盒".into(),
        stock: 20,
        min_total: 1,
        per_member_limit: 5,
        cutoff,
        pickup_day: pickup,
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: at(8),
    };
    s.publish_deal(&d).unwrap();
    d
}

#[test]
fn the_order_form_lists_open_deals_by_pickup_cutoff_and_name_numbered_from_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("paper.db"), Durability::Normal).unwrap();
    // 西红柿: cutoff 22:00, pickup the 25th.
    let f = setup(&mut s, 10, 1, 5);
    let g = f.group.id;
    let later = pickup_day().succ_opt().unwrap();
    let eggs = deal(&mut s, g, "鸡蛋", 1200, at(22), pickup_day(), Some(1500));
    let cabbage = deal(&mut s, g, "白菜", 200, at(20), pickup_day(), None);
    let apples = deal(&mut s, g, "苹果", 600, at(30), later, Some(800));
    // Left out: a cutoff already past at 11:00, and a deal closed early (it formed).
    let _milk = deal(&mut s, g, "牛奶", 500, at(10), pickup_day(), None);
    let rice = deal(&mut s, g, "大米", 5000, at(22), pickup_day(), None);
    s.place_order(f.members[0].id, rice.id, OrderId::new(), 1, at(9))
        .unwrap();
    s.close_deal_now(rice.id, at(10)).unwrap();
    // Two deals of one product with the same terms: the deal id decides.
    let eggs2 = deal(&mut s, g, "鸡蛋", 1100, at(22), pickup_day(), None);
    s.place_order(f.members[1].id, f.deal.id, OrderId::new(), 3, at(9))
        .unwrap();

    let now = at(11);
    let lines = s.order_form_deals(g, at(0), now).unwrap();
    let (first_egg, second_egg) = if eggs.id < eggs2.id {
        (eggs.id, eggs2.id)
    } else {
        (eggs2.id, eggs.id)
    };
    let ids: Vec<DealId> = lines.iter().map(|l| l.deal.id).collect();
    assert_eq!(
        ids,
        vec![cabbage.id, f.deal.id, first_egg, second_egg, apples.id],
        "pickup day, then cutoff, then name (西 before 鸡), then id"
    );
    let numbers: Vec<u32> = lines.iter().map(|l| l.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    assert_eq!(lines[1].sold, 3, "the tomatoes' units ordered");
    assert_eq!(lines[1].product.name, "西红柿");
    assert_eq!(lines[4].product.shop_price, Some(Fen(800)));
    assert!(
        !lines
            .iter()
            .any(|l| l.product.name == "牛奶" || l.product.name == "大米"),
        "past cutoff and closed deals are left out"
    );
    // The same again: the order is stable.
    assert_eq!(s.order_form_deals(g, at(0), now).unwrap(), lines);

    // Tomorrow's form (from midnight of the 25th): only what is still open then.
    let tomorrow = s.order_form_deals(g, at(24), now).unwrap();
    assert_eq!(
        tomorrow
            .iter()
            .map(|l| (l.number, l.deal.id))
            .collect::<Vec<_>>(),
        vec![(1, apples.id)]
    );
    // At 21:00 the cabbage has closed; the numbers close up.
    let evening = s.order_form_deals(g, at(0), at(21)).unwrap();
    assert_eq!(evening[0].deal.id, f.deal.id);
    assert_eq!(evening[0].number, 1);
    assert_eq!(evening.len(), 4);
}

#[test]
fn the_slips_hold_what_each_neighbour_still_collects() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("slips.db"), Durability::Normal).unwrap();
    let f = setup(&mut s, 10, 1, 5);
    let g = f.group.id;
    let eggs = deal(&mut s, g, "鸡蛋", 1200, at(22), pickup_day(), None);
    let [a, b] = [f.members[0].id, f.members[1].id];
    s.place_order(a, f.deal.id, OrderId::new(), 2, at(9))
        .unwrap();
    s.place_order(a, eggs.id, OrderId::new(), 1, at(9)).unwrap();
    s.place_order(b, f.deal.id, OrderId::new(), 1, at(10))
        .unwrap();
    s.close_due_deals(g, at(22)).unwrap();
    let code = s.pickup_code(g, a, pickup_day(), &mut rand::rng()).unwrap();

    let sheet = s.day_sheet(g, pickup_day()).unwrap();
    let slips = sheet.to_collect();
    assert_eq!(slips.len(), 2);
    let hers = slips.iter().find(|x| x.member_id == a).unwrap();
    assert_eq!(hers.lines.len(), 2);
    assert_eq!(hers.total, Fen(2 * 380 + 1200));
    assert_eq!(hers.code.as_deref(), Some(code.as_str()));
    // Once she has collected, she has no slip.
    s.record_arrival(f.deal.id, 10, at(30)).unwrap();
    s.record_arrival(eggs.id, 20, at(30)).unwrap();
    s.hand_over(a, pickup_day(), at(31)).unwrap();
    let after = s.day_sheet(g, pickup_day()).unwrap().to_collect();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].member_id, b);
    assert_eq!(after[0].total, Fen(380));
}
