//! What the paper printouts for neighbours without a computer read: the deals on a day's
//! order form (订货单), numbered once for the form and for the page where the organiser
//! enters a collected form (代下单), and what each neighbour collects on a pickup day (取货条).
//!
//! Nothing here writes, and nothing runs SQL of its own: the order form is the open deals
//! of [`organiser::deal_progress`] filtered and numbered, the slips are [`DaySheet`]'s
//! baskets.

use super::organiser::{self, Basket, DaySheet, LineState};
use super::{Result, Store, StoreError, rows};
use crate::model::*;
use rusqlite::Connection;

/// One numbered deal of an order form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    /// 1, 2, 3 … in the order of the form.
    pub number: u32,
    pub deal: Deal,
    /// The deal's product (its name, picture and the organiser's shop price).
    pub product: Product,
    /// Units in active orders so far.
    pub sold: u32,
}

/// The deals of `group` a neighbour can still order on the day starting at `day_start`
/// (her local midnight, which the store can't know), as of `now`: open deals whose cutoff
/// is after `now` and not before `day_start`. Ordered by pickup day, then cutoff, then
/// product name, then deal id, and numbered from 1.
///
/// This is the one rule for "which deals, in which order": the printed order form numbers
/// its boxes with it, and the page where the organiser types in a collected form (代下单)
/// goes down the same numbered list, so number 3 on paper is number 3 on screen. Change
/// it here and both follow. The list moves with time (a deal whose cutoff passes, or that
/// is closed, drops out; one published later joins it): a form printed at `T` (it says
/// when, to the minute) is numbered by `order_form_deals(group, day_start, T)`.
pub fn order_form_deals(
    c: &Connection,
    group: GroupId,
    day_start: Timestamp,
    now: Timestamp,
) -> Result<Vec<FormLine>> {
    let mut lines = Vec::new();
    for p in organiser::deal_progress(c, group)? {
        let d = &p.deal;
        if d.state != DealState::Open || d.cutoff <= now || d.cutoff < day_start {
            continue;
        }
        let product = rows::product(c, d.product_id)?.ok_or(StoreError::NotFound("product"))?;
        lines.push(FormLine {
            number: 0,
            sold: p.sold,
            deal: p.deal,
            product,
        });
    }
    lines.sort_by(|a, b| {
        (a.deal.pickup_day, a.deal.cutoff, &a.product.name, a.deal.id).cmp(&(
            b.deal.pickup_day,
            b.deal.cutoff,
            &b.product.name,
            b.deal.id,
        ))
    });
    for (i, l) in lines.iter_mut().enumerate() {
        l.number = i as u32 + 1;
    }
    Ok(lines)
}

impl DaySheet {
    /// What each neighbour still collects that day (the pickup slips): every basket with
    /// lines confirmed or ready, only those lines, and its total recomputed from them; by
    /// name, then member id, as the sheet is.
    pub fn to_collect(&self) -> Vec<Basket> {
        self.baskets
            .iter()
            .filter_map(|b| {
                let lines: Vec<_> = b
                    .lines
                    .iter()
                    .filter(|l| matches!(l.state, LineState::Confirmed | LineState::Ready))
                    .cloned()
                    .collect();
                (!lines.is_empty()).then(|| Basket {
                    total: lines.iter().map(|l| l.amount).sum(),
                    lines,
                    ..b.clone()
                })
            })
            .collect()
    }
}

impl Store {
    /// See [`order_form_deals`] (the 代下单 page numbers its list with it too).
    pub fn order_form_deals(
        &self,
        group: GroupId,
        day_start: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<FormLine>> {
        order_form_deals(self.conn(), group, day_start, now)
    }
}
