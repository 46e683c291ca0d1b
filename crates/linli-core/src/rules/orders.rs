//! Placing, changing and cancelling orders before cutoff.
//!
//! One rule for all three: a member's active units on a deal never pass the per-member limit,
//! and all members' active units never pass the deal's stock. Only an open deal before its
//! cutoff takes orders, changes or cancellations.

use crate::model::{
    CancelReason, Deal, DealState, HelpRequest, HelpState, Member, MemberId, Order, OrderId,
    OrderState, RejectReason, Role, Timestamp,
};

/// Units already spoken for on a deal, as seen before one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Active units of every member.
    pub total: u32,
    /// Active units of the member asking.
    pub member: u32,
}

impl Tally {
    /// Counts `orders` (all orders of one deal), leaving out `except` (the order being
    /// changed) so its old quantity does not count against its new one.
    pub fn of(orders: &[Order], member: MemberId, except: Option<OrderId>) -> Tally {
        orders
            .iter()
            .filter(|o| o.state.is_active() && Some(o.id) != except)
            .fold(Tally::default(), |t, o| Tally {
                total: t.total + o.qty,
                member: t.member + if o.member_id == member { o.qty } else { 0 },
            })
    }

    /// Units still free on the deal.
    pub fn left(&self, deal: &Deal) -> u32 {
        deal.stock.saturating_sub(self.total)
    }
}

/// Whether `qty` more units may be ordered on `deal` at `now`, given what is already taken.
pub fn check_quantity(
    deal: &Deal,
    tally: Tally,
    qty: u32,
    now: Timestamp,
) -> Result<(), RejectReason> {
    check_open(deal, now)?;
    if qty == 0 {
        return Err(RejectReason::InvalidQuantity);
    }
    if tally.member.saturating_add(qty) > deal.per_member_limit {
        return Err(RejectReason::OverLimit);
    }
    if tally.total.saturating_add(qty) > deal.stock {
        return Err(RejectReason::SoldOut);
    }
    Ok(())
}

/// The deal takes orders, changes and cancellations: before cutoff and still open.
pub fn check_open(deal: &Deal, now: Timestamp) -> Result<(), RejectReason> {
    if now >= deal.cutoff {
        Err(RejectReason::TooLate)
    } else if deal.state != DealState::Open {
        Err(RejectReason::DealClosed)
    } else {
        Ok(())
    }
}

/// A new order of `qty` units by `member`, or why not.
pub fn place(
    deal: &Deal,
    tally: Tally,
    id: OrderId,
    member: MemberId,
    qty: u32,
    now: Timestamp,
) -> Result<Order, RejectReason> {
    check_quantity(deal, tally, qty, now)?;
    Ok(Order {
        id,
        deal_id: deal.id,
        member_id: member,
        qty,
        allocated: None,
        unit_price: deal.price,
        state: OrderState::Placed,
        queued_at: now,
        placed_at: now,
        updated_at: now,
        entered_by: None,
    })
}

/// `order` with a new quantity. `tally` must leave this order out (see [`Tally::of`]).
/// Raising the quantity moves the order to the back of the line for shortages, so no one
/// jumps ahead of neighbours who ordered earlier; lowering it keeps its place.
pub fn change(
    deal: &Deal,
    tally: Tally,
    order: &Order,
    new_qty: u32,
    now: Timestamp,
) -> Result<Order, RejectReason> {
    check_placed(deal, order, now)?;
    check_quantity(deal, tally, new_qty, now)?;
    Ok(Order {
        qty: new_qty,
        queued_at: if new_qty > order.qty {
            now
        } else {
            order.queued_at
        },
        updated_at: now,
        ..order.clone()
    })
}

/// `order` cancelled by its member.
pub fn cancel(deal: &Deal, order: &Order, now: Timestamp) -> Result<Order, RejectReason> {
    check_placed(deal, order, now)?;
    Ok(Order {
        state: OrderState::Cancelled(CancelReason::ByMember),
        updated_at: now,
        ..order.clone()
    })
}

/// Whether `actor` may place, change or cancel `member`'s orders (代下单): she herself; the
/// organiser for anyone of her group; a volunteer only while she holds a claimed, not yet
/// finished help request of `member`'s among `requests`. No one for a member who left.
pub fn may_enter_for(actor: &Member, member: &Member, requests: &[HelpRequest]) -> bool {
    if member.left_at.is_some() || actor.left_at.is_some() || actor.group_id != member.group_id {
        return false;
    }
    actor.id == member.id
        || actor.role == Role::Organiser
        || (actor.role == Role::Volunteer
            && requests
                .iter()
                .any(|h| h.member_id == member.id && h.state == HelpState::Claimed(actor.id)))
}

/// What an order records as who entered it when `actor` acts on `member`'s order: no one
/// when she does it herself.
pub fn entered_by(actor: MemberId, member: MemberId) -> Option<MemberId> {
    (actor != member).then_some(actor)
}

fn check_placed(deal: &Deal, order: &Order, now: Timestamp) -> Result<(), RejectReason> {
    check_open(deal, now)?;
    if order.deal_id != deal.id || order.state != OrderState::Placed {
        return Err(RejectReason::DealClosed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{at, deal};
    use proptest::prelude::*;

    #[test]
    fn who_may_order_for_a_neighbour() {
        let g = crate::model::GroupId::new();
        let person = |role| Member::new(MemberId::new(), g, "x", role, at(0));
        let (wang, boss, zhang, li) = (
            person(Role::Member),
            person(Role::Organiser),
            person(Role::Volunteer),
            person(Role::Volunteer),
        );
        let ask = |state| HelpRequest {
            id: crate::model::HelpRequestId::new(),
            group_id: g,
            member_id: wang.id,
            kind: crate::model::HelpKind::Ordering,
            note: String::new(),
            state,
            created_at: at(0),
            updated_at: at(0),
        };
        // Herself and the organiser, always; a plain member never for someone else.
        assert!(may_enter_for(&wang, &wang, &[]));
        assert!(may_enter_for(&boss, &wang, &[]));
        assert!(!may_enter_for(&person(Role::Member), &wang, &[]));
        // A volunteer: only with her own claim, and only until it is done.
        assert!(!may_enter_for(&zhang, &wang, &[]));
        assert!(!may_enter_for(&zhang, &wang, &[ask(HelpState::Open)]));
        assert!(may_enter_for(
            &zhang,
            &wang,
            &[ask(HelpState::Claimed(zhang.id))]
        ));
        assert!(!may_enter_for(
            &li,
            &wang,
            &[ask(HelpState::Claimed(zhang.id))]
        ));
        assert!(!may_enter_for(
            &zhang,
            &wang,
            &[ask(HelpState::Done(zhang.id))]
        ));
        // A claim on someone else's request gives nothing for wang.
        let other = HelpRequest {
            member_id: li.id,
            ..ask(HelpState::Claimed(zhang.id))
        };
        assert!(!may_enter_for(&zhang, &wang, &[other]));
        // No one for a member who left, nor across groups.
        let gone = Member {
            left_at: Some(at(1)),
            ..wang.clone()
        };
        assert!(!may_enter_for(&boss, &gone, &[]));
        let elsewhere = Member::new(
            MemberId::new(),
            crate::model::GroupId::new(),
            "y",
            Role::Organiser,
            at(0),
        );
        assert!(!may_enter_for(&elsewhere, &wang, &[]));
        assert_eq!(entered_by(wang.id, wang.id), None);
        assert_eq!(entered_by(boss.id, wang.id), Some(boss.id));
    }

    #[test]
    fn places_within_stock_and_limit() {
        let d = deal(10, 0, 3);
        let m = MemberId::new();
        let o = place(&d, Tally::default(), OrderId::new(), m, 3, at(10)).unwrap();
        assert_eq!(
            (o.qty, o.state, o.unit_price),
            (3, OrderState::Placed, d.price)
        );
        let orders = [o];
        let t = Tally::of(&orders, m, None);
        assert_eq!(
            place(&d, t, OrderId::new(), m, 1, at(10)),
            Err(RejectReason::OverLimit)
        );
        let other = MemberId::new();
        let t = Tally::of(&orders, other, None);
        assert_eq!(
            place(&d, t, OrderId::new(), other, 3, at(10)).map(|o| o.qty),
            Ok(3)
        );
        assert_eq!(Tally::of(&orders, other, None).left(&d), 7);
    }

    #[test]
    fn refuses_after_cutoff_zero_and_sold_out() {
        let d = deal(4, 0, 5);
        let m = MemberId::new();
        let t = Tally {
            total: 3,
            member: 0,
        };
        assert_eq!(
            place(&d, t, OrderId::new(), m, 2, at(10)),
            Err(RejectReason::SoldOut)
        );
        assert!(place(&d, t, OrderId::new(), m, 1, at(10)).is_ok());
        assert_eq!(
            place(&d, t, OrderId::new(), m, 0, at(10)),
            Err(RejectReason::InvalidQuantity)
        );
        // Cutoff is 22:00 in the test kit; exactly at cutoff is too late.
        assert_eq!(
            place(&d, t, OrderId::new(), m, 1, at(22)),
            Err(RejectReason::TooLate)
        );
    }

    #[test]
    fn change_and_cancel_only_before_cutoff() {
        let d = deal(10, 0, 5);
        let m = MemberId::new();
        let o = place(&d, Tally::default(), OrderId::new(), m, 2, at(9)).unwrap();
        let lower = change(&d, Tally::default(), &o, 1, at(12)).unwrap();
        assert_eq!((lower.qty, lower.queued_at), (1, at(9)));
        let higher = change(&d, Tally::default(), &o, 4, at(12)).unwrap();
        assert_eq!(
            (higher.qty, higher.queued_at),
            (4, at(12)),
            "raising goes to the back"
        );
        assert_eq!(
            change(&d, Tally::default(), &o, 3, at(23)),
            Err(RejectReason::TooLate)
        );
        assert_eq!(cancel(&d, &o, at(23)), Err(RejectReason::TooLate));
        let c = cancel(&d, &o, at(21)).unwrap();
        assert_eq!(c.state, OrderState::Cancelled(CancelReason::ByMember));
        assert_eq!(
            cancel(&d, &c, at(21)),
            Err(RejectReason::DealClosed),
            "no double cancel"
        );
    }

    #[test]
    fn closed_deal_takes_nothing() {
        let mut d = deal(10, 0, 5);
        d.state = DealState::Formed;
        let r = place(
            &d,
            Tally::default(),
            OrderId::new(),
            MemberId::new(),
            1,
            at(10),
        );
        assert_eq!(r, Err(RejectReason::DealClosed));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Place { member: usize, qty: u32, hour: u32 },
        Change { pick: usize, qty: u32, hour: u32 },
        Cancel { pick: usize, hour: u32 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..8usize, 0..6u32, 0..24u32).prop_map(|(member, qty, hour)| Op::Place {
                member,
                qty,
                hour
            }),
            (0..64usize, 0..6u32, 0..24u32).prop_map(|(pick, qty, hour)| Op::Change {
                pick,
                qty,
                hour
            }),
            (0..64usize, 0..24u32).prop_map(|(pick, hour)| Op::Cancel { pick, hour }),
        ]
    }

    proptest! {
        /// Whatever members do, in any order and at any hour, the deal is never oversold,
        /// no member passes the limit, and nothing changes at or after cutoff.
        #[test]
        fn never_oversold_nor_over_limit(stock in 0..30u32, limit in 1..8u32,
                                         ops in proptest::collection::vec(op(), 0..80)) {
            let d = deal(stock, 0, limit);
            let members: Vec<MemberId> = (0..8).map(|_| MemberId::new()).collect();
            let mut orders: Vec<Order> = Vec::new();
            for op in ops {
                let before = orders.clone();
                let late = match op {
                    Op::Place { member, qty, hour } => {
                        let m = members[member];
                        if let Ok(o) = place(&d, Tally::of(&orders, m, None), OrderId::new(), m, qty, at(hour)) {
                            orders.push(o);
                        }
                        hour >= 22
                    }
                    Op::Change { pick, qty, hour } if !orders.is_empty() => {
                        let i = pick % orders.len();
                        let o = orders[i].clone();
                        if let Ok(n) = change(&d, Tally::of(&orders, o.member_id, Some(o.id)), &o, qty, at(hour)) {
                            orders[i] = n;
                        }
                        hour >= 22
                    }
                    Op::Cancel { pick, hour } if !orders.is_empty() => {
                        let i = pick % orders.len();
                        if let Ok(n) = cancel(&d, &orders[i], at(hour)) {
                            orders[i] = n;
                        }
                        hour >= 22
                    }
                    _ => false,
                };
                if late {
                    prop_assert_eq!(&orders, &before);
                }
                let total: u32 = orders.iter().filter(|o| o.state.is_active()).map(|o| o.qty).sum();
                prop_assert!(total <= stock);
                for m in &members {
                    prop_assert!(Tally::of(&orders, *m, None).member <= limit);
                }
            }
        }
    }
}
