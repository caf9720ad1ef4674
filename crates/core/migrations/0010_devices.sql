-- Device identity (issue 10, Trust): every laptop signs what it publishes with its own key,
-- and its public key is enrolled in the workspace by an op. Same rules as 0001 for synced
-- tables: every column has a default, no SQL foreign keys.

-- A laptop enrolled in the workspace: the member it acts for, its public key (hex), and what
-- let it in: the invite it joined with, or none (the founder's first laptop, or a laptop that
-- wrote changes before signatures: trusted on first use). Written once, by the laptop itself.
CREATE TABLE device (
    id          TEXT PRIMARY KEY NOT NULL,
    member_id   TEXT,
    public_key  TEXT NOT NULL DEFAULT '',
    invite_id   TEXT,
    enrolled_by TEXT
) STRICT;

-- An invitation for one member to enrol one laptop: written by the inviter, expiring,
-- revocable, used by the first enrolment that names it (in clock order).
CREATE TABLE invite (
    id         TEXT PRIMARY KEY NOT NULL,
    member_id  TEXT,
    created_by TEXT,
    expires_ms INTEGER NOT NULL DEFAULT 0,
    revoked    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Local: laptops this one had received changes from before signatures existed, trusted on
-- first use: their unsigned (format 1) segments are still read until they enrol a key.
-- `said`: the pass report has named them once.
CREATE TABLE device_trust (
    device_id TEXT PRIMARY KEY NOT NULL,
    said      INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO device_trust (device_id)
SELECT DISTINCT d.id FROM op o JOIN ident d ON d.n = o.device
WHERE d.id NOT IN (SELECT device_id FROM local_device);
