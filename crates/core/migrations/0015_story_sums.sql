-- The progress roll-up sums every live story's points per delegation (100,000 stories at an
-- organisation's scale): this index holds what it reads, so the sums never touch the story
-- rows themselves (their texts and pinned reviews make them large).
CREATE INDEX story_sums ON story (delegation_id, deleted, stage, points, blocked);
