//! What the organiser's Members page reads besides the balances ([`Store::balances`] and
//! [`Store::owing_for_day`], in `money.rs`): one member's latest ledger lines, each with
//! the product of the order it is about. A named query like `organiser.rs`; nothing here
//! writes.

use super::{Result, Store, rows};
use crate::model::*;
use rusqlite::params;

/// [`Store::member_ledger`]: `?1` member, `?2` most lines. Her ledger newest first, with
/// the product (name, emoji) of the order a charge or refund is about.
pub const MEMBER_LEDGER: &str = "\
SELECT l.id, l.member_id, l.kind, l.reason, l.amount_fen, l.order_id, l.complaint_id, l.at,
    l.method, p.name, p.emoji
FROM ledger l LEFT JOIN orders o ON o.id = l.order_id LEFT JOIN products p ON p.id = o.product_id
WHERE l.member_id = ?1 ORDER BY l.at DESC, l.id DESC LIMIT ?2";

/// One ledger line with the product it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLedgerLine {
    pub entry: LedgerEntry,
    /// The product of the order (charges and refunds); `None` for payments.
    pub product: Option<String>,
    pub emoji: Option<String>,
}

impl Store {
    /// A member's latest `limit` ledger lines, newest first.
    pub fn member_ledger(&self, member: MemberId, limit: u32) -> Result<Vec<MemberLedgerLine>> {
        let mut st = self.conn().prepare_cached(MEMBER_LEDGER)?;
        let rows = st.query_map(params![member, limit], |r| {
            Ok(MemberLedgerLine {
                entry: rows::ledger_row(r)?,
                product: r.get(9)?,
                emoji: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate};
    use crate::rules::ledger;

    /// Each member's lines are her ledger newest first, charges name their order's
    /// product, and the balances of the page agree with the rule over each ledger.
    #[test]
    fn a_members_lines_are_her_ledger_newest_first_with_products() {
        let data = generate(&DemoConfig {
            members: 20,
            days: 14,
            ..DemoConfig::standard()
        });
        let mut s = Store::open_in_memory().unwrap();
        s.import(&data).unwrap();
        let product_of = |o: OrderId| {
            let order = data.orders.iter().find(|x| x.id == o).unwrap();
            let deal = data.deals.iter().find(|d| d.id == order.deal_id).unwrap();
            let p = data
                .products
                .iter()
                .find(|p| p.id == deal.product_id)
                .unwrap();
            p.name.clone()
        };
        for b in s.balances(data.group.id).unwrap() {
            let all = s.member_ledger(b.member.id, 10_000).unwrap();
            let mut mine: Vec<LedgerEntry> = data
                .ledger
                .iter()
                .filter(|e| e.member_id == b.member.id)
                .cloned()
                .collect();
            assert_eq!(
                b.balance,
                ledger::balance(&mine),
                "{}",
                b.member.display_name
            );
            mine.sort_by_key(|e| std::cmp::Reverse((e.at, e.id.0)));
            let got: Vec<LedgerEntry> = all.iter().map(|l| l.entry.clone()).collect();
            assert_eq!(got, mine);
            for l in &all {
                match l.entry.order_id {
                    Some(o) => assert_eq!(l.product.as_deref(), Some(product_of(o).as_str())),
                    None => assert_eq!(l.product, None),
                }
            }
            let latest = s.member_ledger(b.member.id, 3).unwrap();
            assert_eq!(latest[..], all[..all.len().min(3)]);
        }
        assert!(s.full_table_scans(MEMBER_LEDGER).unwrap().is_empty());
    }
}
