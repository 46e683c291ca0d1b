//! What the organiser's Stock page reads: each product's units on hand (from its
//! movements, as [`inventory::signed`] counts them), what came in and was lost lately, and
//! the latest losses. Named queries like `organiser.rs`; nothing here writes.

use super::codec::ms;
use super::{Result, Store, rows};
use crate::model::*;
#[cfg(doc)]
use crate::rules::inventory;
use rusqlite::params;

/// [`Store::stock_levels`]: `?1` group, `?2` the start (UTC ms) of "lately". Per product:
/// on hand (received and adjustments in, sold and lost out: [`inventory::signed`]),
/// received and lost since `?2`. Products without movements count 0.
pub const STOCK_LEVELS: &str = "\
SELECT p.id, p.name, p.emoji, p.unit,
  COALESCE(SUM(CASE WHEN m.kind IN ('received', 'adjusted') THEN m.qty ELSE -m.qty END), 0),
  COALESCE(SUM(CASE WHEN m.kind = 'received' AND m.at >= ?2 THEN m.qty ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN m.kind = 'lost' AND m.at >= ?2 THEN m.qty ELSE 0 END), 0)
FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id
WHERE p.group_id = ?1 GROUP BY p.id ORDER BY p.name, p.id";

/// [`Store::recent_losses`]: `?1` group, `?2` most rows. Losses newest first (a movement's
/// columns first, read by `rows::movement_row`), with the product's name and unit.
pub const RECENT_LOSSES: &str = "\
SELECT m.id, m.product_id, m.deal_id, m.kind, m.reason, m.qty, m.note, m.at, p.name, p.emoji, p.unit
FROM stock_movements m JOIN products p ON p.id = m.product_id
WHERE m.kind = 'lost' AND p.group_id = ?1 ORDER BY m.at DESC, m.id LIMIT ?2";

/// Both statements, for plan checks and the benchmark.
pub const ALL: [(&str, &str); 2] = [
    ("stock_levels", STOCK_LEVELS),
    ("recent_losses", RECENT_LOSSES),
];

/// One product's stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLevel {
    pub product_id: ProductId,
    pub name: String,
    pub emoji: String,
    pub unit: String,
    /// Units at the organiser's now (may be negative if counts were never corrected).
    pub on_hand: i64,
    pub received: i64,
    pub lost: i64,
}

impl StockLevel {
    /// Lost share of what came in lately, in ‰; `None` when nothing came in.
    pub fn loss_per_mille(&self) -> Option<i64> {
        (self.received > 0).then(|| self.lost * 1000 / self.received)
    }
}

/// A recorded loss with its product's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossLine {
    pub movement: StockMovement,
    pub name: String,
    pub emoji: String,
    pub unit: String,
}

impl Store {
    /// Every product of the group with its stock, by name; "lately" starts at `since`.
    pub fn stock_levels(&self, group: GroupId, since: Timestamp) -> Result<Vec<StockLevel>> {
        let mut st = self.conn().prepare_cached(STOCK_LEVELS)?;
        let rows = st.query_map(params![group, ms(since)], |r| {
            Ok(StockLevel {
                product_id: r.get(0)?,
                name: r.get(1)?,
                emoji: r.get(2)?,
                unit: r.get(3)?,
                on_hand: r.get(4)?,
                received: r.get(5)?,
                lost: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The group's latest `limit` losses, newest first.
    pub fn recent_losses(&self, group: GroupId, limit: u32) -> Result<Vec<LossLine>> {
        let mut st = self.conn().prepare_cached(RECENT_LOSSES)?;
        let rows = st.query_map(params![group, limit], |r| {
            Ok(LossLine {
                movement: rows::movement_row(r)?,
                name: r.get(8)?,
                emoji: r.get(9)?,
                unit: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate};
    use crate::rules::inventory;

    #[test]
    fn on_hand_is_the_rule_over_each_products_movements() {
        let data = generate(&DemoConfig {
            members: 30,
            days: 21,
            ..DemoConfig::standard()
        });
        let mut s = Store::open_in_memory().unwrap();
        s.import(&data).unwrap();
        let g = data.group.id;
        let since = data.movements.iter().map(|m| m.at).max().unwrap() - chrono::Duration::days(7);
        let levels = s.stock_levels(g, since).unwrap();
        assert_eq!(levels.len(), data.products.len());
        let mut any_loss = false;
        for l in &levels {
            let mine: Vec<_> = data
                .movements
                .iter()
                .filter(|m| m.product_id == l.product_id)
                .cloned()
                .collect();
            assert_eq!(l.on_hand, inventory::on_hand(&mine), "{}", l.name);
            let lately: Vec<_> = mine.into_iter().filter(|m| m.at >= since).collect();
            let losses = inventory::losses_by_product(&lately)
                .remove(&l.product_id)
                .unwrap_or_default();
            assert_eq!((l.received, l.lost), (losses.received, losses.lost));
            any_loss |= l.lost > 0;
        }
        assert!(any_loss, "the generated group loses something in a week");

        let recent = s.recent_losses(g, 5).unwrap();
        assert_eq!(recent.len(), 5);
        assert!(
            recent
                .windows(2)
                .all(|w| w[0].movement.at >= w[1].movement.at)
        );
        assert!(
            recent
                .iter()
                .all(|l| matches!(l.movement.kind, MovementKind::Lost(_)))
        );
        for (name, sql) in ALL {
            assert!(s.full_table_scans(sql).unwrap().is_empty(), "{name}");
        }
    }
}
