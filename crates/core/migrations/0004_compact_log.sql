-- Baton schema, version 4: the op log in a compact shape (issue 9, storage at scale).
--
-- Before: every op row carried five 36-character text ids (op, device, author, entity) and two
-- names (table, field), and four text indexes repeated them: about 440 bytes per op. Now each
-- id the log mentions is stored once in `ident` and ops refer to it by number; (table, field)
-- pairs are numbered in `field_name`; op ids are stored as their 16 bytes (`baton_op_key`, a
-- function every connection registers; an id that is not a canonical UUID stays text, and text
-- sorts before every blob, in SQL and in `oplog::OpKey` alike). Segment files are untouched: ids
-- stay UUID text on the wire, and the numbers here are local to this file.
--
-- The order every replica agrees on is still (hlc, device id text, op id), so comparisons that
-- can tie on hlc join `ident` for the device's text.

CREATE TABLE ident (
    n  INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE field_name (
    n            INTEGER PRIMARY KEY,
    entity_table TEXT NOT NULL,
    field        TEXT NOT NULL,
    UNIQUE (entity_table, field)
) STRICT;

CREATE TABLE op (
    n      INTEGER PRIMARY KEY,
    op_id  ANY NOT NULL UNIQUE,
    device INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    author INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    field  INTEGER NOT NULL,
    value  TEXT NOT NULL,
    UNIQUE (device, seq)
) STRICT;

INSERT INTO ident (id)
    SELECT device_id FROM oplog UNION SELECT author_id FROM oplog UNION SELECT entity_id FROM oplog;
INSERT INTO field_name (entity_table, field) SELECT DISTINCT entity_table, field FROM oplog ORDER BY 1, 2;
INSERT INTO op (op_id, device, seq, hlc, author, entity, field, value)
    SELECT baton_op_key(o.op_id), d.n, o.seq, o.hlc, a.n, e.n, f.n, o.value
    FROM oplog o
    JOIN ident d ON d.id = o.device_id
    JOIN ident a ON a.id = o.author_id
    JOIN ident e ON e.id = o.entity_id
    JOIN field_name f ON f.entity_table = o.entity_table AND f.field = o.field
    ORDER BY o.hlc, o.device_id, o.op_id;

-- History of an entity or one field, and the value a field held at a given clock.
CREATE INDEX op_by_entity ON op (entity, field, hlc);
-- A member's later ops when their role changes.
CREATE INDEX op_by_author ON op (author, hlc);
-- (Link fields on a rule's path get a partial index `op_link_<n>` on their values, made when
-- the database is opened: see `oplog::store::ensure_fields`.)

-- The op that holds each field now, with its clock so most comparisons need no other row.
CREATE TABLE field_clock_v4 (
    entity INTEGER NOT NULL,
    field  INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    op     INTEGER NOT NULL,
    PRIMARY KEY (entity, field)
) STRICT, WITHOUT ROWID;
INSERT INTO field_clock_v4 (entity, field, hlc, op)
    SELECT e.n, f.n, c.hlc, o.n
    FROM field_clock c
    JOIN ident e ON e.id = c.entity_id
    JOIN field_name f ON f.entity_table = c.entity_table AND f.field = c.field
    JOIN op o ON o.op_id = baton_op_key(c.op_id);

CREATE TABLE op_refused_v4 (
    op     INTEGER PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL
) STRICT;
INSERT INTO op_refused_v4 (op, reason)
    SELECT o.n, r.reason FROM op_refused r JOIN op o ON o.op_id = baton_op_key(r.op_id);

DROP TABLE oplog;
DROP TABLE field_clock;
DROP TABLE op_refused;
ALTER TABLE field_clock_v4 RENAME TO field_clock;
ALTER TABLE op_refused_v4 RENAME TO op_refused;

-- The log as it reads on the wire, for the paths that are not hot (history, export, dump).
-- Filters on entity_id, device_id or op_key reach the indexes through the joins.
CREATE VIEW oplog AS
SELECT o.n AS n, o.op_id AS op_key, baton_op_id(o.op_id) AS op_id, d.id AS device_id, o.seq AS seq,
       o.hlc AS hlc, a.id AS author_id, f.entity_table AS entity_table, e.id AS entity_id,
       f.field AS field, o.value AS value, o.entity AS entity_n, o.field AS field_n
FROM op o
JOIN ident d ON d.n = o.device
JOIN ident a ON a.n = o.author
JOIN ident e ON e.n = o.entity
JOIN field_name f ON f.n = o.field;
