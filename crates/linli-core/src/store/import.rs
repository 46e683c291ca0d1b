//! Bulk load of a generated dataset (demo, tests, benchmarks) in one transaction.

use super::{Result, Store, rows};
use crate::demo::Dataset;
use std::collections::HashMap;

impl Store {
    /// Writes every record of `data`; existing records with the same ids are updated.
    pub fn import(&mut self, data: &Dataset) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        rows::put_group(&tx, &data.group)?;
        for m in &data.members {
            rows::put_member(&tx, m)?;
        }
        for p in &data.products {
            rows::put_product(&tx, p)?;
        }
        let mut deals = HashMap::with_capacity(data.deals.len());
        for d in &data.deals {
            rows::put_deal(&tx, d)?;
            deals.insert(d.id, d);
        }
        for o in &data.orders {
            rows::put_order(&tx, o, deals[&o.deal_id])?;
        }
        for c in &data.pickup_codes {
            rows::put_pickup_code(&tx, c)?;
        }
        for e in &data.ledger {
            rows::put_ledger_entry(&tx, e)?;
        }
        for m in &data.movements {
            rows::put_movement(&tx, m)?;
        }
        for c in &data.complaints {
            rows::put_complaint(&tx, c)?;
        }
        for n in &data.notices {
            rows::put_notice(&tx, n)?;
        }
        for t in &data.tips {
            rows::put_tip(&tx, t)?;
        }
        for s in &data.suggestions {
            rows::put_suggestion(&tx, s)?;
        }
        for h in &data.help_requests {
            rows::put_help_request(&tx, h)?;
        }
        tx.commit()?;
        Ok(())
    }
}
