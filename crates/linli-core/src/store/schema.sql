-- Linli local store, schema version 1. Every table is STRICT; ids are 16-byte UUID blobs,
-- instants UTC milliseconds, days whole days since 1970-01-01 (date(d * 86400, 'unixepoch')
-- shows one), money integer fen.

CREATE TABLE groups (
    id          BLOB PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
    id            BLOB PRIMARY KEY,
    group_id      BLOB NOT NULL REFERENCES groups(id),
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('member', 'organiser', 'volunteer')),
    joined_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX members_group ON members(group_id, display_name);

CREATE TABLE products (
    id        BLOB PRIMARY KEY,
    group_id  BLOB NOT NULL REFERENCES groups(id),
    name      TEXT NOT NULL,
    emoji     TEXT NOT NULL,
    unit      TEXT NOT NULL
) STRICT;
CREATE INDEX products_group ON products(group_id, name);

CREATE TABLE deals (
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
    state             TEXT NOT NULL CHECK (state IN ('open', 'formed', 'failed', 'arrived')),
    arrived_qty       INTEGER CHECK (arrived_qty >= 0),
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX deals_open ON deals(group_id, state, cutoff);
CREATE INDEX deals_pickup ON deals(pickup_day, state);
CREATE INDEX deals_product ON deals(product_id, pickup_day);

-- product_id and pickup_day are copied from the deal so analytics need no join.
CREATE TABLE orders (
    id              BLOB PRIMARY KEY,
    deal_id         BLOB NOT NULL REFERENCES deals(id),
    member_id       BLOB NOT NULL REFERENCES members(id),
    product_id      BLOB NOT NULL REFERENCES products(id),
    pickup_day      INTEGER NOT NULL,
    qty             INTEGER NOT NULL CHECK (qty > 0),
    allocated       INTEGER CHECK (allocated >= 0 AND allocated <= qty),
    unit_price_fen  INTEGER NOT NULL CHECK (unit_price_fen >= 0),
    state           TEXT NOT NULL CHECK (state IN
                      ('placed', 'rejected', 'cancelled', 'confirmed', 'ready', 'picked_up', 'unclaimed')),
    reason          TEXT,
    queued_at       INTEGER NOT NULL,
    placed_at       INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_deal ON orders(deal_id, state, member_id, qty);
CREATE INDEX orders_member ON orders(member_id, placed_at);
CREATE INDEX orders_unclaimed ON orders(pickup_day) WHERE state = 'unclaimed';

-- Rollups for analytics, kept by triggers so every write path (local, sync, import) keeps
-- them true. A "sale" is an order in a sold state, counted by its allocated units.
CREATE TABLE deal_sales (
    deal_id      BLOB PRIMARY KEY REFERENCES deals(id),
    pickup_day   INTEGER NOT NULL,
    product_id   BLOB NOT NULL,
    units        INTEGER NOT NULL,
    revenue_fen  INTEGER NOT NULL
) STRICT;
CREATE INDEX deal_sales_day ON deal_sales(pickup_day, product_id, units, revenue_fen);

CREATE TRIGGER orders_sales_insert AFTER INSERT ON orders
WHEN NEW.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed') BEGIN
    INSERT INTO deal_sales (deal_id, pickup_day, product_id, units, revenue_fen)
    VALUES (NEW.deal_id, NEW.pickup_day, NEW.product_id, COALESCE(NEW.allocated, NEW.qty),
            COALESCE(NEW.allocated, NEW.qty) * NEW.unit_price_fen)
    ON CONFLICT(deal_id) DO UPDATE SET units = units + excluded.units,
                                       revenue_fen = revenue_fen + excluded.revenue_fen;
END;

CREATE TRIGGER orders_sales_update AFTER UPDATE OF state, allocated, qty, unit_price_fen ON orders BEGIN
    UPDATE deal_sales SET units = units - COALESCE(OLD.allocated, OLD.qty),
                          revenue_fen = revenue_fen - COALESCE(OLD.allocated, OLD.qty) * OLD.unit_price_fen
    WHERE deal_id = OLD.deal_id AND OLD.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed');
    INSERT INTO deal_sales (deal_id, pickup_day, product_id, units, revenue_fen)
    SELECT NEW.deal_id, NEW.pickup_day, NEW.product_id, COALESCE(NEW.allocated, NEW.qty),
           COALESCE(NEW.allocated, NEW.qty) * NEW.unit_price_fen
    WHERE NEW.state IN ('confirmed', 'ready', 'picked_up', 'unclaimed')
    ON CONFLICT(deal_id) DO UPDATE SET units = units + excluded.units,
                                       revenue_fen = revenue_fen + excluded.revenue_fen;
END;

-- Members with at least one order for pickup in a Monday-to-Sunday week; day 0
-- (1970-01-01) was a Thursday, so (day + 3) / 7 numbers the weeks.
CREATE TABLE member_weeks (
    week       INTEGER NOT NULL,
    member_id  BLOB NOT NULL,
    PRIMARY KEY (week, member_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER orders_member_week AFTER INSERT ON orders BEGIN
    INSERT OR IGNORE INTO member_weeks (week, member_id) VALUES ((NEW.pickup_day + 3) / 7, NEW.member_id);
END;

CREATE TABLE pickup_codes (
    group_id    BLOB NOT NULL REFERENCES groups(id),
    pickup_day  INTEGER NOT NULL,
    member_id   BLOB NOT NULL REFERENCES members(id),
    code        TEXT NOT NULL CHECK (length(code) = 6),
    PRIMARY KEY (group_id, pickup_day, member_id),
    UNIQUE (group_id, pickup_day, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE ledger (
    id            BLOB PRIMARY KEY,
    member_id     BLOB NOT NULL REFERENCES members(id),
    kind          TEXT NOT NULL CHECK (kind IN ('payment', 'charge', 'refund')),
    reason        TEXT,
    amount_fen    INTEGER NOT NULL,
    order_id      BLOB REFERENCES orders(id),
    complaint_id  BLOB,
    at            INTEGER NOT NULL
) STRICT;
CREATE INDEX ledger_member ON ledger(member_id, at);
CREATE INDEX ledger_order ON ledger(order_id) WHERE order_id IS NOT NULL;

CREATE TABLE stock_movements (
    id          BLOB PRIMARY KEY,
    product_id  BLOB NOT NULL REFERENCES products(id),
    deal_id     BLOB REFERENCES deals(id),
    kind        TEXT NOT NULL CHECK (kind IN ('received', 'sold', 'lost', 'adjusted')),
    reason      TEXT,
    qty         INTEGER NOT NULL,
    note        TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX movements_product ON stock_movements(product_id, at);
CREATE INDEX movements_loss ON stock_movements(at, product_id, kind, qty)
    WHERE kind IN ('received', 'lost');

CREATE TABLE complaints (
    id           BLOB PRIMARY KEY,
    member_id    BLOB NOT NULL REFERENCES members(id),
    order_id     BLOB NOT NULL REFERENCES orders(id),
    text         TEXT NOT NULL,
    resolution   TEXT,  -- JSON of model::Resolution; NULL while open
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER
) STRICT;
CREATE INDEX complaints_member ON complaints(member_id, created_at);
CREATE INDEX complaints_order ON complaints(order_id);
CREATE INDEX complaints_open ON complaints(created_at) WHERE resolution IS NULL;

CREATE TABLE notices (
    id          BLOB PRIMARY KEY,
    group_id    BLOB NOT NULL REFERENCES groups(id),
    author_id   BLOB NOT NULL REFERENCES members(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX notices_group ON notices(group_id, created_at);

CREATE TABLE tips (
    id          BLOB PRIMARY KEY,
    group_id    BLOB NOT NULL REFERENCES groups(id),
    author_id   BLOB NOT NULL REFERENCES members(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX tips_group ON tips(group_id, created_at);

CREATE TABLE suggestions (
    id          BLOB PRIMARY KEY,
    group_id    BLOB NOT NULL REFERENCES groups(id),
    author_id   BLOB NOT NULL REFERENCES members(id),
    body        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('new', 'adopted', 'declined')),
    response    TEXT,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX suggestions_group ON suggestions(group_id, created_at);

CREATE TABLE help_requests (
    id            BLOB PRIMARY KEY,
    group_id      BLOB NOT NULL REFERENCES groups(id),
    member_id     BLOB NOT NULL REFERENCES members(id),
    note          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'done')),
    volunteer_id  BLOB REFERENCES members(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX help_group ON help_requests(group_id, state, created_at);
CREATE INDEX help_member ON help_requests(member_id, created_at);

-- Commands not yet answered by the hub, oldest first.
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id  BLOB NOT NULL UNIQUE,
    command     TEXT NOT NULL,  -- JSON of command::Command
    created_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
) STRICT;

-- Small key/value facts about syncing (pull cursor, last sync time).
CREATE TABLE sync_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
