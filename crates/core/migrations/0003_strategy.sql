-- Baton schema, version 3: strategy — goal measures, product families, planning base years,
-- roadmap item fields (status, confidence, metric, impact, order, requirements), guardrails,
-- planning-cycle snapshots, and the local record of received ops the author's role did not allow.
-- Same rules as 0001 for synced tables: every column has a default, no SQL foreign keys.

ALTER TABLE goal ADD COLUMN measure TEXT NOT NULL DEFAULT '';

CREATE TABLE product_family (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE product ADD COLUMN family_id TEXT;
-- 0 = not set yet (read as the current year).
ALTER TABLE product ADD COLUMN base_year INTEGER NOT NULL DEFAULT 0;

ALTER TABLE roadmap_item ADD COLUMN status TEXT NOT NULL DEFAULT 'planned';
ALTER TABLE roadmap_item ADD COLUMN confidence TEXT NOT NULL DEFAULT 'medium';
ALTER TABLE roadmap_item ADD COLUMN metric TEXT NOT NULL DEFAULT '';
ALTER TABLE roadmap_item ADD COLUMN impact TEXT NOT NULL DEFAULT '';
-- Order within a period: a fractional key compared as bytes; ties fall back to the id.
ALTER TABLE roadmap_item ADD COLUMN rank TEXT NOT NULL DEFAULT '';
ALTER TABLE roadmap_item ADD COLUMN requirements TEXT NOT NULL DEFAULT '';

CREATE TABLE guardrail (
    id        TEXT PRIMARY KEY NOT NULL,
    item_id   TEXT,
    kind      TEXT NOT NULL DEFAULT 'other',
    statement TEXT NOT NULL DEFAULT '',
    deleted   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX guardrail_by_item ON guardrail (item_id);

-- A frozen copy of one product's roadmap: `content` is JSON written once, at creation.
CREATE TABLE snapshot (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT,
    name       TEXT NOT NULL DEFAULT '',
    taken_at   TEXT NOT NULL DEFAULT '',
    content    TEXT NOT NULL DEFAULT '',
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX snapshot_by_product ON snapshot (product_id);

-- Local only, derived from the op log: ops kept but not applied because their author's role
-- did not allow them at that point in the log (checked on every replica the same way).
CREATE TABLE op_refused (
    op_id  TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The newest clock `sync::apply` has judged (local): an authority op older than it arrived
-- late, and the ops after it that it may decide are judged again.
CREATE TABLE apply_frontier (
    singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    hlc       INTEGER NOT NULL
) STRICT;
INSERT INTO apply_frontier (singleton, hlc) SELECT 1, coalesce(max(hlc), 0) FROM oplog;

-- History of an entity or a field, and the value a field held at a given clock (role checks):
-- (entity_id, field) as before, with the clock so neither needs the table rows to filter.
DROP INDEX oplog_by_entity;
CREATE INDEX oplog_by_entity_clock ON oplog (entity_id, field, hlc);

-- Finding a member's later ops when their role changes.
CREATE INDEX oplog_by_author ON oplog (author_id, hlc);

-- Finding what belongs to a product or item when a verdict it depends on changes.
CREATE INDEX oplog_by_product_link ON oplog (value) WHERE field = 'product_id';
CREATE INDEX oplog_by_item_link ON oplog (value) WHERE field = 'item_id';
