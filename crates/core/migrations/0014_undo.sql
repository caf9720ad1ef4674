-- Undo and redo of this laptop's own commands: local, never synced. A step is one command's
-- run of this device's ops (by sequence); undoing it writes new ops that put back the values
-- from before, and the step then names those ops (so redo is the undo of the undo). Steps
-- still `done` form the undo stack, `undone` ones the redo stack; a new command clears the
-- redo stack.

CREATE TABLE undo_step (
    n         INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    undone    INTEGER NOT NULL DEFAULT 0,
    -- What undoing it did, in words, kept for its redo ("the change to roadmap item “X”").
    label     TEXT NOT NULL DEFAULT ''
) STRICT;
