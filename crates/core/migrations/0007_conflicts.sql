-- Baton schema, version 5: "recent conflicts" the same on every laptop (sync-trust issue, case 7).
--
-- A conflict is now a function of the op log: for each field, two consecutive applied ops (in
-- the order every replica agrees on) from different devices, holding different values, whose
-- writers had not seen each other. Deciding "had not seen" needs the version vector every op
-- was written under, on every replica, so received segments' `seen` vectors are kept here.

-- The vector `vv` ({device id: max seq}) under which a remote device wrote its ops
-- from_seq..=to_seq (one row per run of ops written under one vector; runs with the same vector
-- that meet are merged). Filled from received segments; this device's own vectors are read from
-- `seen_checkpoint`. An op no row covers has an unknown vector (ops received before this
-- version). Local, derived from what was received.
CREATE TABLE op_seen (
    device   INTEGER NOT NULL,
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER NOT NULL,
    vv       TEXT NOT NULL,
    PRIMARY KEY (device, from_seq)
) STRICT, WITHOUT ROWID;

-- This device's ops with a seq below `seq` were written before this version: their vectors
-- count as unknown here too (the laptops that received them before upgrading never kept them).
-- No row: a database created by this version, every own op's vector known.
CREATE TABLE own_seen_floor (
    singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    seq       INTEGER NOT NULL
) STRICT;
INSERT INTO own_seen_floor (singleton, seq) SELECT 1, next_seq FROM local_device;

-- The pairs (winner, loser) as op rows. Each op is the loser of at most one pair and the winner
-- of at most one (pairs are consecutive ops of one field). `detected_ms` and `seen` (looked at)
-- are this laptop's own.
CREATE TABLE conflict_v5 (
    id          INTEGER PRIMARY KEY,
    winner      INTEGER NOT NULL,
    loser       INTEGER NOT NULL UNIQUE,
    detected_ms INTEGER NOT NULL,
    seen        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conflict_by_winner ON conflict_v5 (winner);

-- The old rows carry over (with when they were found and whether they were looked at); the
-- upgrade then recomputes the set from the log: a pair stays if the definition gives it, or if
-- it still is a consecutive pair whose verdict depends on a vector nobody kept (see
-- `oplog::conflicts`); the others go.
INSERT INTO conflict_v5 (id, winner, loser, detected_ms, seen)
    SELECT c.id, w.n, l.n, c.detected_ms, c.seen
    FROM conflict c
    JOIN op w ON w.op_id = baton_op_key(c.winner_op)
    JOIN op l ON l.op_id = baton_op_key(c.loser_op)
    WHERE true
    ON CONFLICT DO NOTHING;

DROP TABLE conflict;
ALTER TABLE conflict_v5 RENAME TO conflict;
