-- Schema version 3: a deal may be called off ('called_off'), and a group's deals are
-- found by when they were published (the organiser's "copy yesterday's deals").
-- SQLite can't change a CHECK constraint, so the table is rebuilt with the same rows and ids (foreign keys are
-- off while migrating, see Store::open). No foreign_key_check: copying every row can't
-- break a reference, and a device's file may hold references to things it was never shown.

CREATE TABLE deals_v3 (
    id                BLOB PRIMARY KEY,
    group_id          BLOB NOT NULL REFERENCES groups(id),
    product_id        BLOB NOT NULL REFERENCES products(id),
    price_fen         INTEGER NOT NULL CHECK (price_fen >= 0),
    unit              TEXT NOT NULL,
    stock             INTEGER NOT NULL CHECK (stock >= 0),
    min_total         INTEGER NOT NULL CHECK (min_total >= 0),
    per_member_limit  INTEGER NOT NULL CHECK (per_member_limit > 0),
    cutoff            INTEGER NOT NULL,
    pickup_day        INTEGER NOT NULL,
    pickup_place      TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'formed', 'failed', 'arrived', 'called_off')),
    arrived_qty       INTEGER CHECK (arrived_qty >= 0),
    created_at        INTEGER NOT NULL
) STRICT;

INSERT INTO deals_v3 (id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
                      cutoff, pickup_day, pickup_place, state, arrived_qty, created_at)
SELECT id, group_id, product_id, price_fen, unit, stock, min_total, per_member_limit,
       cutoff, pickup_day, pickup_place, state, arrived_qty, created_at FROM deals;

DROP TABLE deals;
ALTER TABLE deals_v3 RENAME TO deals;

CREATE INDEX deals_open ON deals(group_id, state, cutoff);
CREATE INDEX deals_pickup ON deals(pickup_day, state);
CREATE INDEX deals_product ON deals(product_id, pickup_day);
CREATE INDEX deals_created ON deals(group_id, created_at);
