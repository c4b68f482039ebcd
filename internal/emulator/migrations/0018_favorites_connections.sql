-- 0018 (issue 16, favorites): a user's favorites on a site. An item is a
-- favorite of a user once (Tableau: adding it again with another label
-- overwrites the label); position orders the list, 0 first, as Get
-- Favorites for User reports it and Organize Favorites changes it.
CREATE TABLE favorites (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    content_id   TEXT NOT NULL,
    label        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (site_id, user_id, content_type, content_id)
);
-- favoritesTotal and the cleanups look favorites up by item.
CREATE INDEX favorites_content ON favorites (content_type, content_id);

-- Favorites are tied to their content by type, not by a foreign key (as
-- permissions are, 0005): deleting content, directly or through a cascade,
-- removes it from everyone's favorites; leaving a site removes the user's
-- favorites there. A kind of content the emulator gains adds its trigger.
CREATE TRIGGER workbooks_favorites_cleanup AFTER DELETE ON workbooks BEGIN
    DELETE FROM favorites WHERE content_type = 'workbook' AND content_id = OLD.id;
END;
CREATE TRIGGER views_favorites_cleanup AFTER DELETE ON views BEGIN
    DELETE FROM favorites WHERE content_type = 'view' AND content_id = OLD.id;
END;
CREATE TRIGGER datasources_favorites_cleanup AFTER DELETE ON datasources BEGIN
    DELETE FROM favorites WHERE content_type = 'datasource' AND content_id = OLD.id;
END;
CREATE TRIGGER projects_favorites_cleanup AFTER DELETE ON projects BEGIN
    DELETE FROM favorites WHERE content_type = 'project' AND content_id = OLD.id;
END;
CREATE TRIGGER site_users_favorites_cleanup AFTER DELETE ON site_users BEGIN
    DELETE FROM favorites WHERE site_id = OLD.site_id AND user_id = OLD.user_id;
END;

-- Issue 16 part 8: Update Workbook / Data Source Connections (bulk, API
-- 3.26) set a connection's authentication type.
ALTER TABLE connections ADD COLUMN authentication_type TEXT NOT NULL DEFAULT '';
