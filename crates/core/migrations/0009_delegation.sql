-- Delegation (journeys 3 and 4): the hand-off of a one-year item to a junior PM, its
-- check-ins, the junior's stories with their guardrail checklist and review verdicts, and
-- comments. A member gains a mentor. Same rules as 0001 for synced tables: every column has a
-- default, no SQL foreign keys (a row may arrive before the row it points at).

ALTER TABLE member ADD COLUMN mentor_id TEXT;

CREATE TABLE delegation (
    id           TEXT PRIMARY KEY NOT NULL,
    item_id      TEXT,
    from_id      TEXT,
    to_id        TEXT,
    scope        TEXT NOT NULL DEFAULT '',
    non_goals    TEXT NOT NULL DEFAULT '',
    decisions    TEXT NOT NULL DEFAULT '',
    due          TEXT NOT NULL DEFAULT '',
    cadence_days INTEGER NOT NULL DEFAULT 0,
    offered_ms   INTEGER NOT NULL DEFAULT 0,
    assigned_ms  INTEGER NOT NULL DEFAULT 0,
    amended_ms   INTEGER NOT NULL DEFAULT 0,
    answer       TEXT NOT NULL DEFAULT '',
    answered_ms  INTEGER NOT NULL DEFAULT 0,
    ended        TEXT NOT NULL DEFAULT 'open',
    response     TEXT NOT NULL DEFAULT 'none',
    question     TEXT NOT NULL DEFAULT '',
    responded_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX delegation_by_to ON delegation (to_id, ended);
CREATE INDEX delegation_by_from ON delegation (from_id, ended);
CREATE INDEX delegation_by_item ON delegation (item_id);

CREATE TABLE checkin (
    id            TEXT PRIMARY KEY NOT NULL,
    delegation_id TEXT,
    body          TEXT NOT NULL DEFAULT '',
    at_ms         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX checkin_by_delegation ON checkin (delegation_id, at_ms);

CREATE TABLE story (
    id              TEXT PRIMARY KEY NOT NULL,
    delegation_id   TEXT,
    title           TEXT NOT NULL DEFAULT '',
    as_a            TEXT NOT NULL DEFAULT '',
    i_want          TEXT NOT NULL DEFAULT '',
    so_that         TEXT NOT NULL DEFAULT '',
    criteria        TEXT NOT NULL DEFAULT '[]',
    dev             TEXT NOT NULL DEFAULT '',
    qa              TEXT NOT NULL DEFAULT '',
    points          INTEGER NOT NULL DEFAULT 0,
    rank            TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL DEFAULT 'draft',
    blocked         TEXT NOT NULL DEFAULT '',
    review_asked_ms INTEGER NOT NULL DEFAULT 0,
    edited_ms       INTEGER NOT NULL DEFAULT 0,
    deleted         INTEGER NOT NULL DEFAULT 0,
    verdict         TEXT NOT NULL DEFAULT 'none',
    verdict_ms      INTEGER NOT NULL DEFAULT 0,
    pinned          TEXT NOT NULL DEFAULT '',
    exception       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX story_by_delegation ON story (delegation_id, deleted, rank);

CREATE TABLE guardrail_check (
    id           TEXT PRIMARY KEY NOT NULL,
    story_id     TEXT,
    guardrail_id TEXT,
    mark         TEXT NOT NULL DEFAULT 'unchecked',
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX guardrail_check_by_story ON guardrail_check (story_id);

CREATE TABLE comment (
    id            TEXT PRIMARY KEY NOT NULL,
    author_id     TEXT,
    delegation_id TEXT,
    story_id      TEXT,
    parent_id     TEXT,
    body          TEXT NOT NULL DEFAULT '',
    at_ms         INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX comment_by_story ON comment (story_id, at_ms);
CREATE INDEX comment_by_delegation ON comment (delegation_id, at_ms);
