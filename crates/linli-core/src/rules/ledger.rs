//! Money rules. A member's balance is the sum of their entries, nothing else; charges come
//! when a deal forms, refunds never return more than an order was charged.

use crate::model::{
    Complaint, LedgerEntry, LedgerEntryId, LedgerKind, MemberId, Order, OrderId, RefundReason,
    Resolution, Timestamp,
};
use crate::money::Fen;
use thiserror::Error;

/// Why a money operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("the amount must be more than zero")]
    NotPositive,
    #[error("a refund can't be more than what is left of the charge ({left})")]
    MoreThanCharged { left: Fen },
    #[error("this complaint is already resolved")]
    AlreadyResolved,
    #[error("the complaint is about another order")]
    WrongOrder,
}

/// The balance: the sum of all entries (positive: the member has credit).
pub fn balance(entries: &[LedgerEntry]) -> Fen {
    entries.iter().map(|e| e.amount).sum()
}

/// What an order has cost so far: its charges less its refunds (≥ 0 when consistent).
pub fn net_charged(order: OrderId, entries: &[LedgerEntry]) -> Fen {
    -entries
        .iter()
        .filter(|e| e.order_id == Some(order) && e.kind != LedgerKind::Payment)
        .map(|e| e.amount)
        .sum::<Fen>()
}

/// The charge for an order whose deal formed: its full quantity at its price.
pub fn charge(order: &Order, now: Timestamp) -> LedgerEntry {
    LedgerEntry {
        id: LedgerEntryId::new(),
        member_id: order.member_id,
        kind: LedgerKind::Charge,
        amount: -(order.unit_price * order.qty),
        order_id: Some(order.id),
        complaint_id: None,
        at: now,
    }
}

/// A refund of `amount` (or all that is left of the charge when `None`) on `order`.
/// Returns `Ok(None)` when nothing was charged, e.g. a deal that failed at cutoff.
pub fn refund(
    order: &Order,
    entries_of_order: &[LedgerEntry],
    reason: RefundReason,
    amount: Option<Fen>,
    now: Timestamp,
) -> Result<Option<LedgerEntry>, MoneyError> {
    let left = net_charged(order.id, entries_of_order);
    let amount = match amount {
        None if left <= Fen::ZERO => return Ok(None),
        None => left,
        Some(a) if a <= Fen::ZERO => return Err(MoneyError::NotPositive),
        Some(a) if a > left => return Err(MoneyError::MoreThanCharged { left }),
        Some(a) => a,
    };
    Ok(Some(LedgerEntry {
        id: LedgerEntryId::new(),
        member_id: order.member_id,
        kind: LedgerKind::Refund(reason),
        amount,
        order_id: Some(order.id),
        complaint_id: None,
        at: now,
    }))
}

/// Cash or a transfer the organiser received from a member.
pub fn payment(member: MemberId, amount: Fen, now: Timestamp) -> Result<LedgerEntry, MoneyError> {
    if amount <= Fen::ZERO {
        return Err(MoneyError::NotPositive);
    }
    Ok(LedgerEntry {
        id: LedgerEntryId::new(),
        member_id: member,
        kind: LedgerKind::Payment,
        amount,
        order_id: None,
        complaint_id: None,
        at: now,
    })
}

/// Resolves a complaint; a refund resolution yields its ledger entry (bounded by the charge).
pub fn resolve_complaint(
    complaint: &Complaint,
    order: &Order,
    entries_of_order: &[LedgerEntry],
    resolution: Resolution,
    now: Timestamp,
) -> Result<(Complaint, Option<LedgerEntry>), MoneyError> {
    if complaint.resolution.is_some() {
        return Err(MoneyError::AlreadyResolved);
    }
    if complaint.order_id != order.id {
        return Err(MoneyError::WrongOrder);
    }
    let entry = match &resolution {
        Resolution::Refunded { amount, .. } => {
            let mut e = refund(
                order,
                entries_of_order,
                RefundReason::Complaint,
                Some(*amount),
                now,
            )?
            .expect("an explicit amount always yields an entry");
            e.complaint_id = Some(complaint.id);
            Some(e)
        }
        _ => None,
    };
    let resolved = Complaint {
        resolution: Some(resolution),
        resolved_at: Some(now),
        ..complaint.clone()
    };
    Ok((resolved, entry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ComplaintId, OrderState};
    use crate::rules::testkit::{at, deal};
    use proptest::prelude::*;

    fn confirmed(qty: u32) -> Order {
        let d = deal(100, 0, 100);
        let mut o = crate::rules::orders::place(
            &d,
            Default::default(),
            OrderId::new(),
            MemberId::new(),
            qty,
            at(9),
        )
        .unwrap();
        o.state = OrderState::Confirmed;
        o
    }

    #[test]
    fn charge_then_refunds_bounded_by_charge() {
        let o = confirmed(2); // 2 × ¥3.80
        let mut entries = vec![charge(&o, at(22))];
        assert_eq!(balance(&entries), Fen(-760));
        let r = refund(&o, &entries, RefundReason::Shortage, Some(Fen(380)), at(30))
            .unwrap()
            .unwrap();
        entries.push(r);
        assert_eq!(net_charged(o.id, &entries), Fen(380));
        assert_eq!(
            refund(
                &o,
                &entries,
                RefundReason::Complaint,
                Some(Fen(381)),
                at(31)
            ),
            Err(MoneyError::MoreThanCharged { left: Fen(380) })
        );
        entries.push(
            refund(&o, &entries, RefundReason::DealFailed, None, at(31))
                .unwrap()
                .unwrap(),
        );
        assert_eq!(balance(&entries), Fen::ZERO);
        assert_eq!(
            refund(&o, &entries, RefundReason::DealFailed, None, at(32)),
            Ok(None)
        );
    }

    #[test]
    fn payments_must_be_positive() {
        let m = MemberId::new();
        assert_eq!(payment(m, Fen(0), at(1)), Err(MoneyError::NotPositive));
        assert_eq!(payment(m, Fen(5000), at(1)).unwrap().amount, Fen(5000));
    }

    #[test]
    fn complaint_refund_is_linked_and_once_only() {
        let o = confirmed(1);
        let entries = vec![charge(&o, at(22))];
        let c = Complaint {
            id: ComplaintId::new(),
            member_id: o.member_id,
            order_id: o.id,
            text: "西红柿坏了两个".into(),
            resolution: None,
            created_at: at(30),
            resolved_at: None,
        };
        let res = Resolution::Refunded {
            amount: Fen(200),
            note: "退两元".into(),
        };
        let (done, e) = resolve_complaint(&c, &o, &entries, res.clone(), at(31)).unwrap();
        let e = e.unwrap();
        assert_eq!(
            (e.amount, e.complaint_id, e.kind),
            (
                Fen(200),
                Some(c.id),
                LedgerKind::Refund(RefundReason::Complaint)
            )
        );
        assert_eq!(
            resolve_complaint(&done, &o, &entries, res, at(32)),
            Err(MoneyError::AlreadyResolved)
        );
    }

    proptest! {
        /// Any mix of refund attempts: the total refunded never passes the charge, and the
        /// balance is exactly the sum of the entries kept.
        #[test]
        fn refunds_never_exceed_charge(qty in 1..20u32, asks in proptest::collection::vec(proptest::option::of(-500i64..3000), 0..12),
                                       paid in 0i64..100_000) {
            let o = confirmed(qty);
            let mut entries = vec![payment(o.member_id, Fen(paid.max(1)), at(1)).unwrap(), charge(&o, at(22))];
            for a in asks {
                if let Ok(Some(e)) = refund(&o, &entries, RefundReason::Complaint, a.map(Fen), at(30)) {
                    entries.push(e);
                }
                let charged = o.unit_price * o.qty;
                let net = net_charged(o.id, &entries);
                prop_assert!(net >= Fen::ZERO && net <= charged);
                prop_assert_eq!(balance(&entries), Fen(paid.max(1)) - net);
            }
        }
    }
}
