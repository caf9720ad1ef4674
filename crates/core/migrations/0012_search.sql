-- Search everything (the command palette): one local, derived FTS5 index over the text people
-- write in goals, products, roadmap items (with their requirements, metric and impact), stories
-- and ideas. Decisions are already indexed by `decision_text` (0011) and are searched there.
--
-- A row's rowid is the source row's rowid * 8 + its kind (1 goal, 2 product, 3 roadmap item,
-- 4 story, 5 idea), so a hit finds its row without a join table. Only rows that are not deleted
-- are indexed. Like `decision_text`, it is kept in step by triggers on the synced tables, which
-- only `oplog::apply` and its replays write: an op that loses last-writer-wins or is refused
-- never reaches a table, so never the index; a rebuild (DELETE, then re-INSERT) re-indexes.
-- A story's criteria are indexed by their texts, not their JSON. Triggers fire only on the
-- columns indexed (and `deleted`), so a story's rank or an item's status costs nothing here.
-- Prefixes of 2 and 3 letters are indexed: the palette searches as one types.
CREATE VIRTUAL TABLE search_text USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

INSERT INTO search_text (rowid, title, body)
    SELECT rowid * 8 + 1, title, description || ' ' || measure FROM goal WHERE deleted = 0;
INSERT INTO search_text (rowid, title, body)
    SELECT rowid * 8 + 2, name, '' FROM product WHERE deleted = 0;
INSERT INTO search_text (rowid, title, body)
    SELECT rowid * 8 + 3, title, requirements || ' ' || metric || ' ' || impact FROM roadmap_item WHERE deleted = 0;
INSERT INTO search_text (rowid, title, body)
    SELECT rowid * 8 + 4, title, as_a || ' ' || i_want || ' ' || so_that || ' ' || CASE WHEN json_valid(criteria) AND json_type(criteria) = 'array'
            THEN coalesce((SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(criteria)), '') ELSE '' END
    FROM story WHERE deleted = 0;
INSERT INTO search_text (rowid, title, body)
    SELECT rowid * 8 + 5, title, problem || ' ' || proposal FROM idea;

CREATE TRIGGER search_goal_insert AFTER INSERT ON goal WHEN new.deleted = 0 BEGIN
    INSERT INTO search_text (rowid, title, body) VALUES (new.rowid * 8 + 1, new.title, new.description || ' ' || new.measure);
END;
CREATE TRIGGER search_goal_update AFTER UPDATE OF title, description, measure, deleted ON goal BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 1;
    INSERT INTO search_text (rowid, title, body)
        SELECT new.rowid * 8 + 1, new.title, new.description || ' ' || new.measure WHERE new.deleted = 0;
END;
CREATE TRIGGER search_goal_delete AFTER DELETE ON goal BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 1;
END;

CREATE TRIGGER search_product_insert AFTER INSERT ON product WHEN new.deleted = 0 BEGIN
    INSERT INTO search_text (rowid, title, body) VALUES (new.rowid * 8 + 2, new.name, '');
END;
CREATE TRIGGER search_product_update AFTER UPDATE OF name, deleted ON product BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 2;
    INSERT INTO search_text (rowid, title, body) SELECT new.rowid * 8 + 2, new.name, '' WHERE new.deleted = 0;
END;
CREATE TRIGGER search_product_delete AFTER DELETE ON product BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 2;
END;

CREATE TRIGGER search_item_insert AFTER INSERT ON roadmap_item WHEN new.deleted = 0 BEGIN
    INSERT INTO search_text (rowid, title, body)
        VALUES (new.rowid * 8 + 3, new.title, new.requirements || ' ' || new.metric || ' ' || new.impact);
END;
CREATE TRIGGER search_item_update AFTER UPDATE OF title, requirements, metric, impact, deleted ON roadmap_item BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 3;
    INSERT INTO search_text (rowid, title, body)
        SELECT new.rowid * 8 + 3, new.title, new.requirements || ' ' || new.metric || ' ' || new.impact WHERE new.deleted = 0;
END;
CREATE TRIGGER search_item_delete AFTER DELETE ON roadmap_item BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 3;
END;

CREATE TRIGGER search_story_insert AFTER INSERT ON story WHEN new.deleted = 0 BEGIN
    INSERT INTO search_text (rowid, title, body)
        VALUES (new.rowid * 8 + 4, new.title, new.as_a || ' ' || new.i_want || ' ' || new.so_that || ' ' || CASE WHEN json_valid(new.criteria) AND json_type(new.criteria) = 'array'
            THEN coalesce((SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(new.criteria)), '') ELSE '' END);
END;
CREATE TRIGGER search_story_update AFTER UPDATE OF title, as_a, i_want, so_that, criteria, deleted ON story BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 4;
    INSERT INTO search_text (rowid, title, body)
        SELECT new.rowid * 8 + 4, new.title, new.as_a || ' ' || new.i_want || ' ' || new.so_that || ' ' || CASE WHEN json_valid(new.criteria) AND json_type(new.criteria) = 'array'
            THEN coalesce((SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(new.criteria)), '') ELSE '' END
        WHERE new.deleted = 0;
END;
CREATE TRIGGER search_story_delete AFTER DELETE ON story BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 4;
END;

CREATE TRIGGER search_idea_insert AFTER INSERT ON idea BEGIN
    INSERT INTO search_text (rowid, title, body) VALUES (new.rowid * 8 + 5, new.title, new.problem || ' ' || new.proposal);
END;
CREATE TRIGGER search_idea_update AFTER UPDATE OF title, problem, proposal ON idea BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 5;
    INSERT INTO search_text (rowid, title, body) VALUES (new.rowid * 8 + 5, new.title, new.problem || ' ' || new.proposal);
END;
CREATE TRIGGER search_idea_delete AFTER DELETE ON idea BEGIN
    DELETE FROM search_text WHERE rowid = old.rowid * 8 + 5;
END;
