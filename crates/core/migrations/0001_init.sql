-- Baton schema, version 1.
--
-- Synced tables (workspace, member, goal, product, roadmap_item) are written only by
-- sync::apply, one field at a time. Rules that keep old clients working and merges
-- order-independent:
--   * every column has a default, so a row can be born from any single field op;
--   * no SQL foreign keys: references are soft, an orphan shows up instead of vanishing;
--   * nothing is hard-deleted: `deleted` is a field like any other;
--   * columns are only ever added (see tests/schema.rs).

CREATE TABLE workspace (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE member (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT 'junior',
    manager_id TEXT,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE goal (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE product (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    owner_id TEXT,
    deleted  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE roadmap_item (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT,
    horizon    TEXT NOT NULL DEFAULT '',
    period     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    goal_id    TEXT,
    parent_id  TEXT,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX roadmap_item_by_product ON roadmap_item (product_id, horizon, period);
CREATE INDEX roadmap_item_by_parent ON roadmap_item (parent_id);

-- The op log: append-only, the source of truth the tables above can be rebuilt from.
CREATE TABLE oplog (
    op_id        TEXT PRIMARY KEY NOT NULL,
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    hlc          INTEGER NOT NULL,
    author_id    TEXT NOT NULL,
    entity_table TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    UNIQUE (device_id, seq)
) STRICT;

-- History of an entity or one field (ids are unique across tables).
CREATE INDEX oplog_by_entity ON oplog (entity_id, field);

-- The clock of the op that currently holds each field (last writer wins per field).
CREATE TABLE field_clock (
    entity_table TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    hlc          INTEGER NOT NULL,
    device_id    TEXT NOT NULL,
    op_id        TEXT NOT NULL,
    PRIMARY KEY (entity_table, entity_id, field)
) STRICT, WITHOUT ROWID;

-- Local only, never synced: who this device is and where its clock and sequence stand.
CREATE TABLE local_device (
    singleton    INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    device_id    TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    next_seq     INTEGER NOT NULL,
    hlc          INTEGER NOT NULL
) STRICT;
