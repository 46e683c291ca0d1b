-- Schema version 6: after-sales, shop prices and the hub's device list.
-- (Version 5 is another change; this step is appended after it.)

-- What was wrong, as the member chose it; complaints from before say 'other'.
ALTER TABLE complaints ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('broken', 'missing', 'not_fresh', 'other'));

-- The usual price of one unit at the market (the organiser's word), in fen; NULL: not said.
ALTER TABLE products ADD COLUMN shop_price_fen INTEGER CHECK (shop_price_fen >= 0);

-- The hub's devices get a public id (16 random bytes, never the token) for the
-- organiser's device list and revoking, and when each was last heard from (to the hour).
ALTER TABLE hub_devices ADD COLUMN device_id BLOB;
ALTER TABLE hub_devices ADD COLUMN last_seen_at INTEGER;
UPDATE hub_devices SET device_id = randomblob(16) WHERE device_id IS NULL;
CREATE UNIQUE INDEX hub_devices_id ON hub_devices(device_id);
CREATE INDEX hub_devices_member ON hub_devices(member_id, created_at);
