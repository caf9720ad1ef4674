-- Baton schema, version 2: folder sync bookkeeping (local only, never synced).

-- Where this device syncs, and how far its own ops have been published there.
CREATE TABLE sync_config (
    singleton      INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    folder         TEXT NOT NULL,
    exported_seq   INTEGER NOT NULL DEFAULT 0,
    exported_hash  TEXT NOT NULL DEFAULT '',
    last_pass_ms   INTEGER,
    last_problems  TEXT NOT NULL DEFAULT '[]',
    -- The invite this device joined with (recorded in its state file so it can't be reused).
    joined_invite  TEXT
) STRICT;

-- What this device had seen of the others when it wrote its own ops: ops with seq >= from_seq
-- (up to the next checkpoint) were written knowing `vv` ({device: max seq}). A segment carries
-- the vector of its ops, so readers can tell concurrent edits from informed ones.
CREATE TABLE seen_checkpoint (
    from_seq INTEGER PRIMARY KEY NOT NULL,
    vv       TEXT NOT NULL
) STRICT;

-- Every other device seen in the folder: how far its log has been applied here.
CREATE TABLE sync_peer (
    device_id     TEXT PRIMARY KEY NOT NULL,
    member_id     TEXT,
    applied_seq   INTEGER NOT NULL DEFAULT 0,
    applied_hash  TEXT NOT NULL DEFAULT '',
    -- What that device had seen of this one when it last wrote its state file.
    seen_of_me    INTEGER NOT NULL DEFAULT 0,
    last_seen_ms  INTEGER,
    clock_ahead_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Concurrent edits where one value overwrote another, for "recent conflicts".
CREATE TABLE conflict (
    id            INTEGER PRIMARY KEY,
    entity_table  TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    winner_op     TEXT NOT NULL,
    loser_op      TEXT NOT NULL,
    detected_ms   INTEGER NOT NULL,
    seen          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (winner_op, loser_op)
) STRICT;
