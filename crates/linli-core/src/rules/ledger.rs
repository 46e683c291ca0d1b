//! Money rules. A member's balance is the sum of their entries, nothing else; charges come
//! when a deal forms, refunds never return more than an order was charged. After-sales:
//! a member complains about her own charged order; the organiser answers once, with a
//! refund bounded by what is left of the charge or with words.

use crate::model::{
    Complaint, ComplaintId, ComplaintKind, LedgerEntry, LedgerEntryId, LedgerKind, MemberId, Order,
    OrderId, OrderState, PaymentMethod, RefundReason, Resolution, Timestamp,
};
use crate::money::Fen;
use crate::text::{self, Field, TextError};
use thiserror::Error;

/// Why a money or after-sales operation was refused.
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
    #[error("a complaint can only be about one's own order")]
    NotTheirs,
    #[error("only an order that was charged can be complained about")]
    NotCharged,
    /// The words are too long or hold a control character ([`crate::text`]).
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("an answer without a refund needs words")]
    NoReply,
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

/// What an order was charged (its charge lines, as a positive amount; refunds not
/// subtracted).
pub fn charged(order: OrderId, entries: &[LedgerEntry]) -> Fen {
    -entries
        .iter()
        .filter(|e| e.order_id == Some(order) && e.kind == LedgerKind::Charge)
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
        method: None,
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
        method: None,
    }))
}

/// Cash or a transfer the organiser received from a member.
pub fn payment(
    member: MemberId,
    amount: Fen,
    method: PaymentMethod,
    now: Timestamp,
) -> Result<LedgerEntry, MoneyError> {
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
        method: Some(method),
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

/// What a member saved on a sold order against the market: (shop price − the order's unit
/// price) × the units she gets (allocated, else ordered); nothing when the shop price is
/// unknown or not higher.
pub fn saving(order: &Order, shop_price: Option<Fen>) -> Fen {
    match shop_price {
        Some(shop) if shop > order.unit_price => {
            (shop - order.unit_price) * order.allocated.unwrap_or(order.qty)
        }
        _ => Fen::ZERO,
    }
}

/// A member's complaint about `order`: only her own, only an order that was charged
/// (confirmed, ready, picked up or unclaimed), `note` (may be empty) at most [`MAX_TEXT`]
/// characters. Earlier complaints about the order do not matter: each is its own.
pub fn file_complaint(
    id: ComplaintId,
    member: MemberId,
    order: &Order,
    kind: ComplaintKind,
    note: &str,
    now: Timestamp,
) -> Result<Complaint, MoneyError> {
    if order.member_id != member {
        return Err(MoneyError::NotTheirs);
    }
    if !matches!(
        order.state,
        OrderState::Confirmed | OrderState::Ready | OrderState::PickedUp | OrderState::Unclaimed
    ) {
        return Err(MoneyError::NotCharged);
    }
    let note = text::clean(Field::Note, note).map_err(MoneyError::Text)?;
    Ok(Complaint {
        id,
        member_id: member,
        order_id: order.id,
        kind,
        text: note,
        resolution: None,
        created_at: now,
        resolved_at: None,
    })
}

/// The organiser's answer to an open complaint, given once: with `refund` (more than zero,
/// at most what is left of the order's charge) it is [`Resolution::Refunded`] with its
/// ledger line ([`RefundReason::Complaint`]); without, [`Resolution::Explained`], which needs
/// words. `note` is at most [`MAX_TEXT`] characters.
pub fn answer_complaint(
    complaint: &Complaint,
    order: &Order,
    entries_of_order: &[LedgerEntry],
    refund: Option<Fen>,
    note: &str,
    now: Timestamp,
) -> Result<(Complaint, Option<LedgerEntry>), MoneyError> {
    if complaint.resolution.is_some() {
        return Err(MoneyError::AlreadyResolved);
    }
    let note = text::clean(Field::Note, note).map_err(MoneyError::Text)?;
    let resolution = match refund {
        Some(amount) => Resolution::Refunded { amount, note },
        None if note.is_empty() => return Err(MoneyError::NoReply),
        None => Resolution::Explained { note },
    };
    resolve_complaint(complaint, order, entries_of_order, resolution, now)
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
        assert_eq!(
            payment(m, Fen(0), PaymentMethod::Cash, at(1)),
            Err(MoneyError::NotPositive)
        );
        assert_eq!(
            payment(m, Fen(5000), PaymentMethod::Transfer, at(1))
                .unwrap()
                .amount,
            Fen(5000)
        );
    }

    #[test]
    fn complaint_refund_is_linked_and_once_only() {
        let o = confirmed(1);
        let entries = vec![charge(&o, at(22))];
        let c = Complaint {
            id: ComplaintId::new(),
            member_id: o.member_id,
            order_id: o.id,
            kind: ComplaintKind::Broken,
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

    #[test]
    fn complaints_only_on_ones_own_charged_order() {
        let mut o = confirmed(2);
        let me = o.member_id;
        let file = |o: &Order, who, note: &str| {
            file_complaint(
                ComplaintId::new(),
                who,
                o,
                ComplaintKind::Missing,
                note,
                at(30),
            )
        };
        assert_eq!(
            file(&o, MemberId::new(), "").unwrap_err(),
            MoneyError::NotTheirs
        );
        assert_eq!(
            file(&o, me, &"x".repeat(crate::model::MAX_TEXT + 1)).unwrap_err(),
            MoneyError::Text(TextError::TooLong {
                max: crate::model::MAX_TEXT
            })
        );
        for (state, ok) in [
            (OrderState::Placed, false),
            (
                OrderState::Cancelled(crate::model::CancelReason::DealFailed),
                false,
            ),
            (
                OrderState::Rejected(crate::model::RejectReason::SoldOut),
                false,
            ),
            (OrderState::Confirmed, true),
            (OrderState::Ready, true),
            (OrderState::PickedUp, true),
            (OrderState::Unclaimed, true),
        ] {
            o.state = state;
            assert_eq!(file(&o, me, "").is_ok(), ok, "{state:?}");
        }
        let x = file(&o, me, " 少了一斤 ").unwrap();
        assert_eq!(
            (x.kind, x.text.as_str(), x.resolution),
            (ComplaintKind::Missing, "少了一斤", None)
        );
    }

    #[test]
    fn an_answer_is_a_bounded_refund_or_words_given_once() {
        let o = confirmed(2); // charged ¥7.60
        let entries = vec![charge(&o, at(22))];
        let x = file_complaint(
            ComplaintId::new(),
            o.member_id,
            &o,
            ComplaintKind::Broken,
            "",
            at(30),
        )
        .unwrap();
        assert_eq!(
            answer_complaint(&x, &o, &entries, Some(Fen(761)), "", at(31)).unwrap_err(),
            MoneyError::MoreThanCharged { left: Fen(760) }
        );
        assert_eq!(
            answer_complaint(&x, &o, &entries, None, " ", at(31)).unwrap_err(),
            MoneyError::NoReply
        );
        let (said, none) =
            answer_complaint(&x, &o, &entries, None, "供货商说明天补", at(31)).unwrap();
        assert!(none.is_none());
        assert_eq!(
            said.resolution,
            Some(Resolution::Explained {
                note: "供货商说明天补".into()
            })
        );
        assert_eq!(
            answer_complaint(&said, &o, &entries, Some(Fen(1)), "", at(32)).unwrap_err(),
            MoneyError::AlreadyResolved
        );
        let (paid, e) = answer_complaint(&x, &o, &entries, Some(Fen(760)), "", at(31)).unwrap();
        assert_eq!(e.unwrap().amount, Fen(760));
        assert_eq!(paid.resolved_at, Some(at(31)));
    }

    #[test]
    fn saving_is_the_market_difference_on_units_received() {
        let mut o = confirmed(3); // ¥3.80 each
        assert_eq!(saving(&o, Some(Fen(500))), Fen(360));
        o.allocated = Some(1);
        assert_eq!(saving(&o, Some(Fen(500))), Fen(120));
        assert_eq!(saving(&o, Some(Fen(380))), Fen::ZERO);
        assert_eq!(saving(&o, Some(Fen(200))), Fen::ZERO);
        assert_eq!(saving(&o, None), Fen::ZERO);
    }

    proptest! {
        /// Complaints filed and answered one after another about one order (any refunds
        /// asked): every complaint is answered at most once, and the refunds of all of them
        /// together never pass the charge.
        #[test]
        fn complaint_refunds_never_exceed_the_charge(qty in 1..10u32,
                asks in proptest::collection::vec((proptest::option::of(-100i64..3000), any::<bool>()), 1..12)) {
            let o = confirmed(qty);
            let mut entries = vec![charge(&o, at(22))];
            let mut history: Vec<Complaint> = Vec::new();
            for (i, (ask, twice)) in asks.into_iter().enumerate() {
                let x = file_complaint(ComplaintId::new(), o.member_id, &o, ComplaintKind::Other, "", at(30)).unwrap();
                let t = at(31 + i as u32);
                let answered = match answer_complaint(&x, &o, &entries, ask.map(Fen), "好的", t) {
                    Ok((done, e)) => {
                        entries.extend(e);
                        done
                    }
                    Err(_) => x,
                };
                if twice && answered.resolution.is_some() {
                    prop_assert_eq!(
                        answer_complaint(&answered, &o, &entries, None, "again", t).unwrap_err(),
                        MoneyError::AlreadyResolved
                    );
                }
                history.push(answered);
                let refunded: Fen = entries.iter().filter(|e| e.complaint_id.is_some()).map(|e| e.amount).sum();
                prop_assert!(refunded <= charged(o.id, &entries));
                prop_assert!(net_charged(o.id, &entries) >= Fen::ZERO);
            }
        }

        /// Any mix of refund attempts: the total refunded never passes the charge, and the
        /// balance is exactly the sum of the entries kept.
        #[test]
        fn refunds_never_exceed_charge(qty in 1..20u32, asks in proptest::collection::vec(proptest::option::of(-500i64..3000), 0..12),
                                       paid in 0i64..100_000) {
            let o = confirmed(qty);
            let mut entries = vec![payment(o.member_id, Fen(paid.max(1)), PaymentMethod::Cash, at(1)).unwrap(), charge(&o, at(22))];
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
