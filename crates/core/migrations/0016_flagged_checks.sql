-- The progress roll-up and the risks it shows read the guardrail checks marked violated or at
-- risk (a few among hundreds of thousands at an organisation's scale): this partial index holds
-- only those, so the read never walks the unchecked and passed ones.
CREATE INDEX guardrail_check_flagged ON guardrail_check (story_id, guardrail_id, mark)
    WHERE mark IN ('violated', 'at_risk');
