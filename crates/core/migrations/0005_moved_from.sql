-- A laptop that found another copy of itself in the folder (a copied data directory, or a
-- restore from a backup that had published more) moves its changes to a new device identity;
-- its segments then name the identity they came from and when they left it, so readers that
-- hold those changes under the old one move them too (sync/own.rs, sync/peers.rs). Empty:
-- never moved.
ALTER TABLE sync_config ADD COLUMN moved_from TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_config ADD COLUMN moved_ms INTEGER NOT NULL DEFAULT 0;
-- When a device's changes were last seen moving away from it. A device whose state file is
-- no newer than that is retired: it no longer holds up "changes not yet seen by others" (a
-- live copy still writing as it rewrites its state file later, and counts again).
ALTER TABLE sync_peer ADD COLUMN retired_ms INTEGER;
