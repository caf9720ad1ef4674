-- Ideas (journey 2): customer feedback and its triage, ideas with evidence and a RICE score,
-- their sponsorship and submission, leadership's decisions (append-only), and the placement of
-- a go-ahead on the roadmap. Same rules as 0001 for synced tables: every column has a default,
-- no SQL foreign keys (a row may arrive before the row it points at).

CREATE TABLE feedback (
    id         TEXT PRIMARY KEY NOT NULL,
    by_id      TEXT,
    source     TEXT NOT NULL DEFAULT 'other',
    body       TEXT NOT NULL DEFAULT '',
    customer   TEXT NOT NULL DEFAULT '',
    who        TEXT NOT NULL DEFAULT '',
    heard_on   TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    added_ms   INTEGER NOT NULL DEFAULT 0,
    idea_id    TEXT,
    item_id    TEXT,
    dismissed  TEXT NOT NULL DEFAULT '',
    triaged_by TEXT,
    triaged_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX feedback_by_idea ON feedback (idea_id, heard_on);
CREATE INDEX feedback_by_item ON feedback (item_id);
CREATE INDEX feedback_by_added ON feedback (added_ms);

CREATE TABLE idea (
    id           TEXT PRIMARY KEY NOT NULL,
    proposer_id  TEXT,
    title        TEXT NOT NULL DEFAULT '',
    problem      TEXT NOT NULL DEFAULT '',
    proposal     TEXT NOT NULL DEFAULT '',
    product_id   TEXT,
    reach        INTEGER NOT NULL DEFAULT 0,
    impact       TEXT NOT NULL DEFAULT 'none',
    confidence   INTEGER NOT NULL DEFAULT 0,
    effort       INTEGER NOT NULL DEFAULT 0,
    edited_ms    INTEGER NOT NULL DEFAULT 0,
    asked_ms     INTEGER NOT NULL DEFAULT 0,
    sponsor_id   TEXT,
    sponsored_ms INTEGER NOT NULL DEFAULT 0,
    returned_ms  INTEGER NOT NULL DEFAULT 0,
    return_note  TEXT NOT NULL DEFAULT '',
    submitted_ms INTEGER NOT NULL DEFAULT 0,
    decision_id  TEXT,
    item_id      TEXT,
    placed_ms    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Leadership's queue: submitted, undecided (no decision yet), oldest first.
CREATE INDEX idea_by_stage ON idea (decision_id, submitted_ms);
CREATE INDEX idea_by_proposer ON idea (proposer_id);
CREATE INDEX idea_by_item ON idea (item_id);

CREATE TABLE evidence (
    id      TEXT PRIMARY KEY NOT NULL,
    idea_id TEXT,
    kind    TEXT NOT NULL DEFAULT 'note',
    body    TEXT NOT NULL DEFAULT '',
    url     TEXT NOT NULL DEFAULT '',
    at_ms   INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX evidence_by_idea ON evidence (idea_id, at_ms);

CREATE TABLE decision (
    id         TEXT PRIMARY KEY NOT NULL,
    idea_id    TEXT,
    by_id      TEXT,
    outcome    TEXT NOT NULL DEFAULT 'no',
    rationale  TEXT NOT NULL DEFAULT '',
    changes    TEXT NOT NULL DEFAULT '',
    revisit    TEXT NOT NULL DEFAULT '',
    pinned     TEXT NOT NULL DEFAULT '',
    approved_ms INTEGER NOT NULL DEFAULT 0,
    decided_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX decision_by_idea ON decision (idea_id, decided_ms);
CREATE INDEX decision_by_time ON decision (decided_ms);

-- Local, derived: the decision log's full-text index (title, problem and proposal as decided,
-- rationale, changes asked for), one row per decision row under the same rowid. Kept in step
-- by triggers on the synced table, which only `oplog::apply` and its replays write: what an op
-- that loses last-writer-wins or is refused never reaches the table, so never the index, and a
-- rebuild or replay (DELETE, then re-INSERT) re-indexes.
CREATE VIRTUAL TABLE decision_text USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER decision_text_insert AFTER INSERT ON decision BEGIN
    INSERT INTO decision_text (rowid, title, body) VALUES (
        new.rowid,
        CASE WHEN json_valid(new.pinned) THEN coalesce(json_extract(new.pinned, '$.title'), '') ELSE '' END,
        new.rationale || ' ' || new.changes || ' ' ||
        CASE WHEN json_valid(new.pinned)
            THEN coalesce(json_extract(new.pinned, '$.problem'), '') || ' ' || coalesce(json_extract(new.pinned, '$.proposal'), '')
            ELSE '' END
    );
END;

CREATE TRIGGER decision_text_update AFTER UPDATE ON decision BEGIN
    DELETE FROM decision_text WHERE rowid = old.rowid;
    INSERT INTO decision_text (rowid, title, body) VALUES (
        new.rowid,
        CASE WHEN json_valid(new.pinned) THEN coalesce(json_extract(new.pinned, '$.title'), '') ELSE '' END,
        new.rationale || ' ' || new.changes || ' ' ||
        CASE WHEN json_valid(new.pinned)
            THEN coalesce(json_extract(new.pinned, '$.problem'), '') || ' ' || coalesce(json_extract(new.pinned, '$.proposal'), '')
            ELSE '' END
    );
END;

CREATE TRIGGER decision_text_delete AFTER DELETE ON decision BEGIN
    DELETE FROM decision_text WHERE rowid = old.rowid;
END;
