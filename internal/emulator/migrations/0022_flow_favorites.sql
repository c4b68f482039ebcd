-- 0022 (issue 16, flows wired into favorites): flows became a kind of
-- favorite after 0018 was written; deleting a flow, directly or through
-- its project's or site's cascade, removes it from everyone's favorites,
-- as 0018's triggers do for the other kinds.
CREATE TRIGGER flows_favorites_cleanup AFTER DELETE ON flows BEGIN
    DELETE FROM favorites WHERE content_type = 'flow' AND content_id = OLD.id;
END;
