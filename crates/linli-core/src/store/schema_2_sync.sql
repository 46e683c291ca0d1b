-- Schema version 2: syncing. The hub_* tables are used by the hub only and stay empty on
-- a device; deal_sold is the device's copy of what the hub says was sold.

-- Invite codes, stored hashed (SHA-256 of the code without dashes, upper case).
CREATE TABLE hub_invites (
    code_hash   BLOB PRIMARY KEY,
    group_id    BLOB NOT NULL REFERENCES groups(id),
    role        TEXT NOT NULL CHECK (role IN ('member', 'organiser', 'volunteer')),
    -- The member an organiser invite binds to; NULL: each join makes a new member.
    member_id   BLOB REFERENCES members(id),
    created_at  INTEGER NOT NULL
) STRICT;

-- Device bearer tokens, stored hashed (SHA-256).
CREATE TABLE hub_devices (
    token_hash  BLOB PRIMARY KEY,
    member_id   BLOB NOT NULL REFERENCES members(id),
    created_at  INTEGER NOT NULL
) STRICT;

-- Every command the hub has answered, with its first outcome (JSON of sync::Outcome).
CREATE TABLE hub_commands (
    command_id  BLOB PRIMARY KEY,
    member_id   BLOB NOT NULL REFERENCES members(id),
    outcome     TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;

-- The change feed: the latest state of each thing (entity), numbered in commit order.
-- A newer change of the same entity replaces the row under a higher seq.
CREATE TABLE hub_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id   BLOB NOT NULL REFERENCES groups(id),
    entity     TEXT NOT NULL UNIQUE,
    audience   TEXT NOT NULL CHECK (audience IN ('all', 'member', 'helpers', 'organiser')),
    member_id  BLOB,
    change     TEXT NOT NULL
) STRICT;
CREATE INDEX hub_changes_feed ON hub_changes(group_id, seq);

-- Units sold on each deal as last told by the hub (a member's device sees only its own
-- orders, so it can't count them itself).
CREATE TABLE deal_sold (
    deal_id  BLOB PRIMARY KEY,
    units    INTEGER NOT NULL CHECK (units >= 0)
) STRICT;
