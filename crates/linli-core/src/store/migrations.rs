//! Every schema change, in order, in one place. Append new steps; never edit old ones.

use rusqlite_migration::{M, Migrations};

/// The migrations from an empty file to the current schema.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("schema_2_sync.sql")),
        M::up(include_str!("schema_3_called_off.sql")),
        M::up(include_str!("schema_4_orders_ready.sql")),
        M::up(include_str!("schema_5_deal_taken.sql")),
        M::up(include_str!("schema_6_after_sales.sql")),
        M::up(include_str!("schema_7_payments.sql")),
        M::up(include_str!("schema_8_neighbours.sql")),
        M::up(include_str!("schema_9_entered_by.sql")),
    ])
}

/// The schema version this build writes (SQLite's `user_version` after migrating).
pub fn latest_version() -> i64 {
    9
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid_and_version_matches() {
        let m = super::migrations();
        m.validate().unwrap();
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        m.to_latest(&mut c).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::latest_version());
    }

    /// A version-2 file with a group's day in it opens as the latest version: every deal, order and
    /// reference kept, and a deal may now be called off.
    #[test]
    fn version_2_files_keep_their_deals_and_may_call_one_off() {
        use crate::store::{Durability, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            super::migrations().to_version(&mut c, 2).unwrap();
            c.execute_batch(
                "PRAGMA foreign_keys = ON;
                 INSERT INTO groups VALUES (x'01', 'g', 0);
                 INSERT INTO members VALUES (x'02', x'01', '李', 'member', 0);
                 INSERT INTO products VALUES (x'03', x'01', '西红柿', '🍅', '斤');
                 INSERT INTO deals VALUES (x'04', x'01', x'03', 380, '斤', 10, 1, 5, 1000, 20000,
                                           '门口', 'formed', NULL, 0);
                 INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated,
                                     unit_price_fen, state, reason, queued_at, placed_at, updated_at)
                 VALUES (x'05', x'04', x'02', x'03', 20000, 2, 2, 380, 'confirmed', NULL, 1, 1, 1);",
            )
            .unwrap();
        }
        let s = Store::open(&path, Durability::Normal).unwrap();
        let v: i64 = s
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::latest_version());
        let fk: bool = s
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(fk, "foreign keys are back on after migrating");
        // The test's ids are one-byte blobs; read the deal back by its raw id.
        let state: String = s
            .conn()
            .query_row("SELECT state FROM deals WHERE id = x'04'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(state, "formed");
        s.conn()
            .execute("UPDATE deals SET state = 'called_off' WHERE id = x'04'", [])
            .unwrap();
        let n: i64 = s
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM orders o JOIN deals d ON d.id = o.deal_id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
        s.integrity_check().unwrap();
        let fk_errors: i64 = s
            .conn()
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_errors, 0);
    }

    /// A version-4 file with orders opens as the latest version with each deal's taken
    /// units summed from its active orders (cancelled ones left out, allocated units sold).
    #[test]
    fn version_4_files_get_each_deals_taken_units() {
        use crate::store::{Durability, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            super::migrations().to_version(&mut c, 4).unwrap();
            c.execute_batch(
                "INSERT INTO groups VALUES (x'01', 'g', 0);
                 INSERT INTO members VALUES (x'02', x'01', '李', 'member', 0);
                 INSERT INTO products VALUES (x'03', x'01', '西红柿', '🍅', '斤');
                 INSERT INTO deals VALUES (x'04', x'01', x'03', 380, '斤', 10, 1, 5, 1000, 20000,
                                           '门口', 'arrived', 3, 0);
                 INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated,
                                     unit_price_fen, state, reason, queued_at, placed_at, updated_at)
                 VALUES (x'05', x'04', x'02', x'03', 20000, 3, 1, 380, 'ready', NULL, 1, 1, 1),
                        (x'06', x'04', x'02', x'03', 20000, 2, 2, 380, 'picked_up', NULL, 2, 2, 2),
                        (x'07', x'04', x'02', x'03', 20000, 4, 0, 380, 'cancelled', 'shortage', 3, 3, 3);",
            )
            .unwrap();
        }
        let s = Store::open(&path, Durability::Normal).unwrap();
        let kept: (i64, i64) = s
            .conn()
            .query_row(
                "SELECT qty, sold FROM deal_taken WHERE deal_id = x'04'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(kept, (5, 3));
        assert_eq!(s.taken_mismatches().unwrap(), 0);
    }

    /// A version-4 file (before after-sales kinds, shop prices and device ids): its
    /// complaint reads as kind `other`, its product has no shop price, and each device the
    /// hub knew gets its own public id.
    #[test]
    fn version_4_files_get_complaint_kinds_shop_prices_and_device_ids() {
        use crate::model::{ComplaintId, ComplaintKind, ProductId};
        use crate::store::{Durability, Store, rows};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        let id = |b: u8| uuid::Uuid::from_bytes([b; 16]);
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            super::migrations().to_version(&mut c, 4).unwrap();
            c.execute_batch(&format!(
                "INSERT INTO groups VALUES (x'{g}', 'g', 0);
                 INSERT INTO members VALUES (x'{m}', x'{g}', '李', 'member', 0);
                 INSERT INTO products VALUES (x'{p}', x'{g}', '西红柿', '🍅', '斤');
                 INSERT INTO deals VALUES (x'{d}', x'{g}', x'{p}', 380, '斤', 10, 1, 5, 1000, 20000,
                                           '门口', 'arrived', 2, 0);
                 INSERT INTO orders (id, deal_id, member_id, product_id, pickup_day, qty, allocated,
                                     unit_price_fen, state, reason, queued_at, placed_at, updated_at)
                 VALUES (x'{o}', x'{d}', x'{m}', x'{p}', 20000, 2, 2, 380, 'picked_up', NULL, 1, 1, 1);
                 INSERT INTO complaints VALUES (x'{x}', x'{m}', x'{o}', '坏了', NULL, 5, NULL);
                 INSERT INTO hub_devices VALUES (x'aa', x'{m}', 0);
                 INSERT INTO hub_devices VALUES (x'bb', x'{m}', 1);",
                g = id(1).simple(),
                m = id(2).simple(),
                p = id(3).simple(),
                d = id(4).simple(),
                o = id(5).simple(),
                x = id(6).simple(),
            ))
            .unwrap();
        }
        let s = Store::open(&path, Durability::Normal).unwrap();
        let x = rows::complaint(s.conn(), ComplaintId(id(6)))
            .unwrap()
            .unwrap();
        assert_eq!((x.kind, x.text.as_str()), (ComplaintKind::Other, "坏了"));
        let p = rows::product(s.conn(), ProductId(id(3))).unwrap().unwrap();
        assert_eq!(p.shop_price, None);
        let ids: Vec<Vec<u8>> = s
            .conn()
            .prepare("SELECT device_id FROM hub_devices")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert!(ids.iter().all(|i| i.len() == 16) && ids[0] != ids[1]);
        s.integrity_check().unwrap();
    }

    /// A file from before payments kept their way: its payment reads back without one, a
    /// new payment keeps cash or transfer, and a charge can't carry one.
    #[test]
    fn old_payments_have_no_method_and_new_ones_keep_it() {
        use crate::model::{LedgerKind, MemberId, PaymentMethod};
        use crate::money::Fen;
        use crate::store::{Durability, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.db");
        let id = |b: u8| uuid::Uuid::from_bytes([b; 16]);
        // Version 6: the last before payments kept their way.
        let steps = 6;
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            super::migrations().to_version(&mut c, steps).unwrap();
            c.execute_batch(&format!(
                "INSERT INTO groups VALUES (x'{g}', 'g', 0);
                 INSERT INTO members VALUES (x'{m}', x'{g}', '李', 'member', 0);
                 INSERT INTO ledger VALUES (x'{l}', x'{m}', 'payment', NULL, 2000, NULL, NULL, 5);",
                g = id(1).simple(),
                m = id(2).simple(),
                l = id(3).simple(),
            ))
            .unwrap();
        }
        let mut s = Store::open(&path, Durability::Normal).unwrap();
        let m = MemberId(id(2));
        let old = s.ledger(m).unwrap();
        assert_eq!((old[0].kind, old[0].method), (LedgerKind::Payment, None));
        s.record_payment(m, Fen(500), PaymentMethod::Transfer, chrono::Utc::now())
            .unwrap();
        let all = s.ledger(m).unwrap();
        assert_eq!(all[1].method, Some(PaymentMethod::Transfer));
        assert_eq!(s.balance(m).unwrap(), Fen(2500));
        let wrong = s.conn().execute(
            "UPDATE ledger SET kind = 'charge', method = 'cash' WHERE amount_fen = 500",
            [],
        );
        assert!(wrong.is_err(), "only a payment has a way it was paid");
    }

    /// A version-7 file keeps its tips (shown, as they were), suggestions (topic "other")
    /// and help requests (kind "other"), and the hub's feed keeps its numbers; the new
    /// answer "will consider" is accepted afterwards.
    #[test]
    fn version_7_files_keep_tips_suggestions_help_and_the_feed() {
        use crate::model::{HelpKind, MemberId, SuggestionState, SuggestionTopic};
        use crate::store::{Durability, Store, rows};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v7.db");
        let id = |b: u8| uuid::Uuid::from_bytes([b; 16]).simple().to_string();
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            super::migrations().to_version(&mut c, 7).unwrap();
            c.execute_batch(&format!(
                "INSERT INTO groups VALUES (x'{g}', 'g', 0);
                 INSERT INTO members VALUES (x'{m}', x'{g}', '李', 'member', 0);
                 INSERT INTO tips VALUES (x'{t}', x'{g}', x'{m}', '青菜', '用报纸包好', 1);
                 INSERT INTO suggestions VALUES (x'{s}', x'{g}', x'{m}', '多团鱼', 'new', NULL, 2);
                 INSERT INTO help_requests VALUES (x'{h}', x'{g}', x'{m}', '', 'open', NULL, 3, 3);
                 INSERT INTO hub_changes (seq, group_id, entity, audience, member_id, change)
                     VALUES (41, x'{g}', 'e', 'all', NULL, '{{}}');",
                g = id(1),
                m = id(2),
                t = id(3),
                s = id(4),
                h = id(5),
            ))
            .unwrap();
        }
        let s = Store::open(&path, Durability::Normal).unwrap();
        let g = crate::model::GroupId(uuid::Uuid::from_bytes([1; 16]));
        let tips = s.tips(g, 10).unwrap();
        assert!(tips[0].approved && tips[0].product_id.is_none());
        let sug = s.suggestions(g, 10).unwrap();
        assert_eq!(
            (sug[0].topic, sug[0].body.as_str()),
            (SuggestionTopic::Other, "多团鱼")
        );
        let help =
            rows::help_requests_of(s.conn(), MemberId(uuid::Uuid::from_bytes([2; 16]))).unwrap();
        assert_eq!(help[0].kind, HelpKind::Other);
        let seq: i64 = s
            .conn()
            .query_row("SELECT seq FROM hub_changes WHERE entity = 'e'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(seq, 41);
        let considered = crate::model::Suggestion {
            state: SuggestionState::Considering,
            ..sug[0].clone()
        };
        rows::put_suggestion(s.conn(), &considered).unwrap();
        assert_eq!(
            s.suggestions(g, 10).unwrap()[0].state,
            SuggestionState::Considering
        );
    }

    /// Private by default: no table has a column that could hold a phone number, an
    /// address, a location or health data (the hub's file has the same schema).
    #[test]
    fn no_column_holds_phone_address_location_or_health() {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut c).unwrap();
        let tables: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(tables.len() > 15, "{tables:?}");
        let forbidden = [
            "phone", "mobile", "tel", "address", "addr", "location", "lat", "lon", "lng", "gps",
            "health", "medical", "illness", "birth", "age", "id_card",
        ];
        for t in tables {
            let cols: Vec<String> = c
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for col in cols {
                let words: Vec<&str> = col.split('_').collect();
                for f in forbidden {
                    assert!(
                        !(words.contains(&f) || f.contains('_') && col.contains(f)),
                        "{t}.{col} looks like personal data ({f})"
                    );
                }
            }
        }
    }
}
