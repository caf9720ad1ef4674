-- Execution (journeys 5 and 6): sprints a product's stories are planned into, launches of
-- one-year items with their checklists (and the checklist template a product's owner keeps),
-- and each member's journal of learnings and achievements. Same rules as 0001 for synced
-- tables: every column has a default, no SQL foreign keys (a row may arrive before the row it
-- points at). Progress roll-ups and burn-up charts are computed, never stored.

CREATE TABLE sprint (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT,
    name       TEXT NOT NULL DEFAULT '',
    starts_on  TEXT NOT NULL DEFAULT '',
    ends_on    TEXT NOT NULL DEFAULT '',
    capacity   INTEGER NOT NULL DEFAULT 0,
    closed_ms  INTEGER NOT NULL DEFAULT 0,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX sprint_by_product ON sprint (product_id, starts_on);

-- A story's sprint (null: the backlog). The board reads a sprint's stories by it.
ALTER TABLE story ADD COLUMN sprint_id TEXT;
CREATE INDEX story_by_sprint ON story (sprint_id) WHERE sprint_id IS NOT NULL;

CREATE TABLE launch (
    id          TEXT PRIMARY KEY NOT NULL,
    item_id     TEXT,
    owner_id    TEXT,
    target_on   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'planned',
    notes       TEXT NOT NULL DEFAULT '',
    override    TEXT NOT NULL DEFAULT '',
    launched_ms INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX launch_by_item ON launch (item_id);
CREATE INDEX launch_by_target ON launch (target_on);

CREATE TABLE launch_check (
    id        TEXT PRIMARY KEY NOT NULL,
    launch_id TEXT,
    text      TEXT NOT NULL DEFAULT '',
    mandatory INTEGER NOT NULL DEFAULT 0,
    done      INTEGER NOT NULL DEFAULT 0,
    rank      TEXT NOT NULL DEFAULT '',
    deleted   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX launch_check_by_launch ON launch_check (launch_id, deleted, rank);

CREATE TABLE launch_template (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT,
    text       TEXT NOT NULL DEFAULT '',
    mandatory  INTEGER NOT NULL DEFAULT 0,
    rank       TEXT NOT NULL DEFAULT '',
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX launch_template_by_product ON launch_template (product_id, deleted, rank);

CREATE TABLE journal_entry (
    id            TEXT PRIMARY KEY NOT NULL,
    author_id     TEXT,
    kind          TEXT NOT NULL DEFAULT 'learning',
    body          TEXT NOT NULL DEFAULT '',
    on_day        TEXT NOT NULL DEFAULT '',
    story_id      TEXT,
    launch_id     TEXT,
    delegation_id TEXT,
    at_ms         INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX journal_by_author ON journal_entry (author_id, on_day);
