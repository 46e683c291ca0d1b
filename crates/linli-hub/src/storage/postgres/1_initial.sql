-- The hub on PostgreSQL, version 1. Each domain record is kept whole as JSONB (`body`,
-- linli-core's serde form, the same as the feed carries) beside the columns its named
-- queries look up or sum; the hub's own tables are those of the SQLite hub.
CREATE TABLE groups (id uuid PRIMARY KEY, body jsonb NOT NULL);
CREATE TABLE members (id uuid PRIMARY KEY, group_id uuid NOT NULL, body jsonb NOT NULL);
CREATE INDEX members_group ON members (group_id);
CREATE TABLE products (id uuid PRIMARY KEY, group_id uuid NOT NULL, body jsonb NOT NULL);
CREATE TABLE deals (
    id uuid PRIMARY KEY, group_id uuid NOT NULL, state text NOT NULL, cutoff bigint NOT NULL,
    body jsonb NOT NULL);
CREATE INDEX deals_due ON deals (cutoff) WHERE state = 'open';
-- `active`: counts toward stock and limits; `sold`: allocated units once arrived, else qty.
CREATE TABLE orders (
    id uuid PRIMARY KEY, deal_id uuid NOT NULL, member_id uuid NOT NULL,
    pickup_day date NOT NULL, ready boolean NOT NULL, active boolean NOT NULL,
    qty integer NOT NULL, sold integer NOT NULL, queued_at bigint NOT NULL,
    placed_at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX orders_deal ON orders (deal_id, member_id) INCLUDE (active, qty);
CREATE INDEX orders_ready ON orders (member_id, pickup_day) WHERE ready;
-- Units taken on each deal by its active orders (ordered, and sold as published), kept by
-- a trigger as the SQLite store keeps its own, so stock is checked without summing a
-- deal's orders.
CREATE TABLE deal_taken (deal_id uuid PRIMARY KEY, qty bigint NOT NULL, sold bigint NOT NULL);
CREATE FUNCTION deal_taken_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
        UPDATE deal_taken SET qty = qty - OLD.qty, sold = sold - OLD.sold
        WHERE deal_id = OLD.deal_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active THEN
        INSERT INTO deal_taken AS t (deal_id, qty, sold) VALUES (NEW.deal_id, NEW.qty, NEW.sold)
        ON CONFLICT (deal_id) DO UPDATE SET qty = t.qty + excluded.qty, sold = t.sold + excluded.sold;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER orders_taken AFTER INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION deal_taken_keep();
CREATE TABLE pickup_codes (
    group_id uuid NOT NULL, pickup_day date NOT NULL, member_id uuid NOT NULL,
    code text NOT NULL, PRIMARY KEY (group_id, pickup_day, member_id));
CREATE TABLE ledger (id uuid PRIMARY KEY, order_id uuid, at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX ledger_order ON ledger (order_id);
CREATE TABLE movements (
    id uuid PRIMARY KEY, product_id uuid NOT NULL, at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX movements_product ON movements (product_id);
CREATE TABLE complaints (
    id uuid PRIMARY KEY, member_id uuid NOT NULL, created_at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX complaints_member ON complaints (member_id);
CREATE TABLE notices (id uuid PRIMARY KEY, group_id uuid NOT NULL, body jsonb NOT NULL);
CREATE TABLE tips (
    id uuid PRIMARY KEY, author_id uuid NOT NULL, created_at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX tips_author ON tips (author_id);
CREATE TABLE suggestions (
    id uuid PRIMARY KEY, group_id uuid NOT NULL, author_id uuid NOT NULL,
    created_at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX suggestions_group ON suggestions (group_id, created_at);
CREATE INDEX suggestions_author ON suggestions (author_id);
CREATE TABLE help_requests (
    id uuid PRIMARY KEY, group_id uuid NOT NULL, member_id uuid NOT NULL, state text NOT NULL,
    created_at bigint NOT NULL, body jsonb NOT NULL);
CREATE INDEX help_requests_group ON help_requests (group_id, state);
CREATE INDEX help_requests_member ON help_requests (member_id);

CREATE TABLE hub_invites (
    code_hash bytea PRIMARY KEY, group_id uuid NOT NULL, role text NOT NULL, member_id uuid,
    created_at bigint NOT NULL);
CREATE TABLE hub_devices (
    token_hash bytea PRIMARY KEY, member_id uuid NOT NULL, device_id uuid NOT NULL UNIQUE,
    created_at bigint NOT NULL, last_seen_at bigint);
CREATE INDEX hub_devices_member ON hub_devices (member_id);
CREATE TABLE hub_commands (
    command_id uuid PRIMARY KEY, member_id uuid NOT NULL, outcome text NOT NULL,
    at bigint NOT NULL);
-- The feed. `seq` comes from hub_head, taken as a transaction's last write and held until
-- it commits, so numbers are in commit order: a reader never sees 11 before 10 is there.
CREATE TABLE hub_changes (
    seq bigint PRIMARY KEY, group_id uuid NOT NULL, entity text NOT NULL UNIQUE,
    audience text NOT NULL, member_id uuid, change text NOT NULL);
CREATE INDEX hub_changes_feed ON hub_changes (group_id, seq);
CREATE TABLE hub_head (one boolean PRIMARY KEY CHECK (one), seq bigint NOT NULL);
INSERT INTO hub_head VALUES (true, 0);
-- Wrong invite codes per address, shared by every hub process.
CREATE TABLE hub_join_failures (ip inet NOT NULL, at bigint NOT NULL);
CREATE INDEX hub_join_failures_ip ON hub_join_failures (ip, at);
