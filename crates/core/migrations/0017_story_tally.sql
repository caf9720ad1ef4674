-- The progress roll-up's story sums, kept per delegation as stories change, like the search
-- index: local and derived (never synced), written only by triggers on `story`, which only
-- `oplog::apply` and its replays write; a rebuild (DELETE, then re-INSERT) empties and refills
-- it. Summing 100,000 stories at every read of the Progress page took most of its time; the
-- roll-up now adds up one row per delegation. A story counts while it is live and has a
-- delegation; whether that delegation was withdrawn is read at roll-up time.
CREATE TABLE story_tally (
    delegation_id TEXT PRIMARY KEY NOT NULL,
    stories       INTEGER NOT NULL,
    points        INTEGER NOT NULL,
    points_done   INTEGER NOT NULL,
    stories_done  INTEGER NOT NULL,
    blocked       INTEGER NOT NULL
) STRICT;

INSERT INTO story_tally (delegation_id, stories, points, points_done, stories_done, blocked)
    SELECT delegation_id, count(*), sum(points),
           sum(CASE WHEN stage = 'done' THEN points ELSE 0 END),
           count(CASE WHEN stage = 'done' THEN 1 END),
           count(CASE WHEN stage <> 'done' AND blocked <> '' THEN 1 END)
      FROM story WHERE deleted = 0 AND delegation_id IS NOT NULL GROUP BY delegation_id;

CREATE TRIGGER story_tally_insert AFTER INSERT ON story WHEN new.deleted = 0 AND new.delegation_id IS NOT NULL BEGIN
    INSERT INTO story_tally (delegation_id, stories, points, points_done, stories_done, blocked)
        VALUES (new.delegation_id, 1, new.points, CASE WHEN new.stage = 'done' THEN new.points ELSE 0 END,
                new.stage = 'done', new.stage <> 'done' AND new.blocked <> '')
        ON CONFLICT (delegation_id) DO UPDATE SET
            stories = stories + excluded.stories, points = points + excluded.points,
            points_done = points_done + excluded.points_done, stories_done = stories_done + excluded.stories_done,
            blocked = blocked + excluded.blocked;
END;

CREATE TRIGGER story_tally_update AFTER UPDATE OF delegation_id, deleted, stage, points, blocked ON story BEGIN
    UPDATE story_tally SET
        stories = stories - 1, points = points - old.points,
        points_done = points_done - CASE WHEN old.stage = 'done' THEN old.points ELSE 0 END,
        stories_done = stories_done - (old.stage = 'done'),
        blocked = blocked - (old.stage <> 'done' AND old.blocked <> '')
    WHERE delegation_id = old.delegation_id AND old.deleted = 0;
    DELETE FROM story_tally WHERE delegation_id = old.delegation_id AND stories = 0;
    INSERT INTO story_tally (delegation_id, stories, points, points_done, stories_done, blocked)
        SELECT new.delegation_id, 1, new.points, CASE WHEN new.stage = 'done' THEN new.points ELSE 0 END,
               new.stage = 'done', new.stage <> 'done' AND new.blocked <> ''
        WHERE new.deleted = 0 AND new.delegation_id IS NOT NULL
        ON CONFLICT (delegation_id) DO UPDATE SET
            stories = stories + excluded.stories, points = points + excluded.points,
            points_done = points_done + excluded.points_done, stories_done = stories_done + excluded.stories_done,
            blocked = blocked + excluded.blocked;
END;

CREATE TRIGGER story_tally_delete AFTER DELETE ON story WHEN old.deleted = 0 AND old.delegation_id IS NOT NULL BEGIN
    UPDATE story_tally SET
        stories = stories - 1, points = points - old.points,
        points_done = points_done - CASE WHEN old.stage = 'done' THEN old.points ELSE 0 END,
        stories_done = stories_done - (old.stage = 'done'),
        blocked = blocked - (old.stage <> 'done' AND old.blocked <> '')
    WHERE delegation_id = old.delegation_id;
    DELETE FROM story_tally WHERE delegation_id = old.delegation_id AND stories = 0;
END;

-- The roll-up's flagged guardrail checks join their stories by id for the story's state and
-- delegation: this index holds those, so the join never reads the story rows.
CREATE INDEX story_state ON story (id, deleted, stage, delegation_id);

-- The sums read the tally now: the covering index 0015 made for them would only cost writes.
DROP INDEX story_sums;
