-- Local only, derived from the op log and this laptop's wall clock: received ops whose clock
-- was more than a day ahead of the wall clock when they arrived (`oplog::held`). They are in
-- the log (nothing is lost, and they sync on like any op) but hold no field, grant nothing and
-- do not move this laptop's clock until the wall clock comes within a day of theirs.
CREATE TABLE op_held (
    op INTEGER PRIMARY KEY NOT NULL
) STRICT;
