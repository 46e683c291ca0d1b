-- Schema version 8: neighbours as experts. Members may be named experts (达人) or elderly
-- coordinators (老年协调员), and may leave (their name then a neutral label). Tips may be
-- about a product and wait for the organiser's approval. Suggestions have a topic, a
-- "will consider" answer, the deal an adopted one changed and when it was answered (the
-- table is rebuilt: its state CHECK gains 'considering'). Help requests say what kind.
ALTER TABLE members ADD COLUMN expert INTEGER NOT NULL DEFAULT 0 CHECK (expert IN (0, 1));
ALTER TABLE members ADD COLUMN coordinator INTEGER NOT NULL DEFAULT 0 CHECK (coordinator IN (0, 1));
ALTER TABLE members ADD COLUMN left_at INTEGER;

ALTER TABLE tips ADD COLUMN product_id BLOB REFERENCES products(id);
-- Tips written before approval existed were shown to everyone: they stay approved.
ALTER TABLE tips ADD COLUMN approved INTEGER NOT NULL DEFAULT 1 CHECK (approved IN (0, 1));
-- Shown to everyone once and taken back since (everyone's devices hear of it).
ALTER TABLE tips ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1));
CREATE INDEX tips_product ON tips(product_id, created_at) WHERE product_id IS NOT NULL;

CREATE TABLE suggestions_8 (
    id           BLOB PRIMARY KEY,
    group_id     BLOB NOT NULL REFERENCES groups(id),
    author_id    BLOB NOT NULL REFERENCES members(id),
    topic        TEXT NOT NULL DEFAULT 'other'
                 CHECK (topic IN ('pickup_time', 'products', 'less_waste', 'other')),
    body         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('new', 'adopted', 'considering', 'declined')),
    response     TEXT,
    deal_id      BLOB REFERENCES deals(id),
    created_at   INTEGER NOT NULL,
    answered_at  INTEGER
) STRICT;
INSERT INTO suggestions_8 (id, group_id, author_id, body, state, response, created_at)
    SELECT id, group_id, author_id, body, state, response, created_at FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_8 RENAME TO suggestions;
CREATE INDEX suggestions_group ON suggestions(group_id, created_at);
CREATE INDEX suggestions_author ON suggestions(author_id, created_at);

ALTER TABLE help_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('unfamiliar', 'ordering', 'pickup', 'other'));

-- The hub's change feed gains an audience: a member, the coordinators and the organiser
-- (a suggestion not yet adopted). Rebuilt for its CHECK; numbers and order are kept.
CREATE TABLE hub_changes_8 (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id   BLOB NOT NULL REFERENCES groups(id),
    entity     TEXT NOT NULL UNIQUE,
    audience   TEXT NOT NULL
               CHECK (audience IN ('all', 'member', 'helpers', 'coordinators', 'organiser')),
    member_id  BLOB,
    change     TEXT NOT NULL
) STRICT;
INSERT INTO hub_changes_8 (seq, group_id, entity, audience, member_id, change)
    SELECT seq, group_id, entity, audience, member_id, change FROM hub_changes;
DROP TABLE hub_changes;
ALTER TABLE hub_changes_8 RENAME TO hub_changes;
CREATE INDEX hub_changes_feed ON hub_changes(group_id, seq);
