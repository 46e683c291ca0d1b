//! Publishing a deal and editing a published one. Before anyone orders, the organiser may
//! change everything; once a member has an active order, the terms they agreed to (product,
//! price, unit, minimum, limit, pickup day and place) are fixed. Stock may still change,
//! but never below the units already taken.

use crate::model::{Deal, DealState, MAX_SHOP_PRICE, Product, Timestamp};
use crate::money::Fen;
use crate::text::{self, Field, TextError};
use thiserror::Error;

/// Why a deal can't be published as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PublishError {
    #[error("the deal no longer takes orders, so it can't be edited")]
    Closed,
    #[error("stock and the per-member limit must be more than zero, the price not negative")]
    Invalid,
    #[error("the cutoff must be in the future")]
    CutoffPassed,
    #[error("stock can't be less than the units already ordered")]
    BelowTaken,
    #[error("members have ordered: the price, unit, minimum, limit and pickup can't change")]
    TermsFixed,
    #[error("a shop price must be from ¥0 to ¥100,000")]
    ShopPrice,
}

/// Whether a product may be saved as given: its shop price, if said, from 0 to
/// [`MAX_SHOP_PRICE`]. (Name and unit lengths are the hub's input limits.)
pub fn check_product(p: &Product) -> Result<(), PublishError> {
    match p.shop_price {
        Some(price) if price < Fen::ZERO || price > MAX_SHOP_PRICE => Err(PublishError::ShopPrice),
        _ => Ok(()),
    }
}

/// A product's name and unit as kept (trimmed, 1–40 characters, no control characters).
pub fn tidy_product(p: &Product) -> Result<Product, TextError> {
    Ok(Product {
        name: text::clean(Field::ProductName, &p.name)?,
        unit: text::clean(Field::ProductName, &p.unit)?,
        ..p.clone()
    })
}

/// A deal's unit and pickup place as kept (trimmed; a unit 1–40, a place 1–80 characters;
/// no control characters).
pub fn tidy_deal(d: &Deal) -> Result<Deal, TextError> {
    Ok(Deal {
        unit: text::clean(Field::ProductName, &d.unit)?,
        pickup_place: text::clean(Field::Place, &d.pickup_place)?,
        ..d.clone()
    })
}

/// Whether `new` may be published at `now`, given the deal as stored (`old`, `None` for a
/// new deal) and the active units already `taken` on it.
pub fn check(
    old: Option<&Deal>,
    new: &Deal,
    taken: u32,
    now: Timestamp,
) -> Result<(), PublishError> {
    if old.is_some_and(|o| o.state != DealState::Open)
        || new.state != DealState::Open
        || new.arrived_qty.is_some()
    {
        return Err(PublishError::Closed);
    }
    if new.per_member_limit == 0 || new.stock == 0 || new.price.0 < 0 {
        return Err(PublishError::Invalid);
    }
    if new.cutoff <= now {
        return Err(PublishError::CutoffPassed);
    }
    if let Some(old) = old
        && taken > 0
        && !same_terms(old, new)
    {
        return Err(PublishError::TermsFixed);
    }
    if new.stock < taken {
        return Err(PublishError::BelowTaken);
    }
    Ok(())
}

/// The terms members agree to when they order.
fn same_terms(a: &Deal, b: &Deal) -> bool {
    (
        a.product_id,
        a.price,
        &a.unit,
        a.min_total,
        a.per_member_limit,
        a.pickup_day,
        &a.pickup_place,
    ) == (
        b.product_id,
        b.price,
        &b.unit,
        b.min_total,
        b.per_member_limit,
        b.pickup_day,
        &b.pickup_place,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{at, deal};

    #[test]
    fn a_shop_price_is_from_nothing_to_a_hundred_thousand_yuan() {
        let mut p = Product {
            id: Default::default(),
            group_id: Default::default(),
            name: "鸡蛋".into(),
            emoji: "🥚".into(),
            unit: "盒".into(),
            shop_price: None,
        };
        for (price, ok) in [
            (None, true),
            (Some(0), true),
            (Some(10_000_000), true),
            (Some(-1), false),
            (Some(10_000_001), false),
        ] {
            p.shop_price = price.map(Fen);
            assert_eq!(check_product(&p).is_ok(), ok, "{price:?}");
        }
    }

    #[test]
    fn anything_may_change_before_the_first_order() {
        let old = deal(20, 5, 3);
        let mut new = old.clone();
        new.price = Fen(450);
        new.unit = "盒".into();
        new.min_total = 8;
        new.per_member_limit = 2;
        new.pickup_day = new.pickup_day.succ_opt().unwrap();
        new.pickup_place = "南门".into();
        new.stock = 5;
        assert_eq!(check(Some(&old), &new, 0, at(10)), Ok(()));
        assert_eq!(check(None, &new, 0, at(10)), Ok(()));
    }

    #[test]
    fn after_the_first_order_only_stock_and_cutoff_may_change() {
        let old = deal(20, 5, 3);
        let changes: Vec<fn(&mut Deal)> = vec![
            |d| d.price = Fen(381),
            |d| d.unit = "个".into(),
            |d| d.min_total = 6,
            |d| d.per_member_limit = 4,
            |d| d.pickup_day = d.pickup_day.succ_opt().unwrap(),
            |d| d.pickup_place = "南门".into(),
            |d| d.product_id = crate::model::ProductId::new(),
        ];
        for change in changes {
            let mut new = old.clone();
            change(&mut new);
            assert_eq!(
                check(Some(&old), &new, 1, at(10)),
                Err(PublishError::TermsFixed)
            );
        }
        let mut more = old.clone();
        more.stock = 30;
        more.cutoff = at(21);
        assert_eq!(check(Some(&old), &more, 7, at(10)), Ok(()));
        more.stock = 6;
        assert_eq!(
            check(Some(&old), &more, 7, at(10)),
            Err(PublishError::BelowTaken)
        );
        more.stock = 7;
        assert_eq!(check(Some(&old), &more, 7, at(10)), Ok(()));
    }

    #[test]
    fn closed_invalid_or_late_deals_are_refused() {
        let old = deal(20, 5, 3);
        let mut formed = old.clone();
        formed.state = DealState::Formed;
        assert_eq!(
            check(Some(&formed), &old, 0, at(10)),
            Err(PublishError::Closed)
        );
        assert_eq!(check(None, &formed, 0, at(10)), Err(PublishError::Closed));
        let mut zero = old.clone();
        zero.per_member_limit = 0;
        assert_eq!(check(None, &zero, 0, at(10)), Err(PublishError::Invalid));
        assert_eq!(
            check(None, &old, 0, at(22)),
            Err(PublishError::CutoffPassed)
        );
    }
}
