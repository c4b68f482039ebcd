-- 0005: permission rules (issue 14). One row per grantee and capability of
-- a piece of content ('workbook', 'view', 'datasource', 'project', ...) or
-- of a project's defaults for a kind ('default:workbook', ...; then
-- resource_id is the project). A grantee holds one mode per capability, as
-- Tableau's permission dialog shows it.

CREATE TABLE permissions (
    site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    grantee_type  TEXT NOT NULL CHECK (grantee_type IN ('user', 'group')),
    grantee_id    TEXT NOT NULL,
    capability    TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('Allow', 'Deny')),
    PRIMARY KEY (resource_type, resource_id, grantee_type, grantee_id, capability)
);
-- The readable-content filter of lists reads every rule for one
-- capability of one grantee at once: (type, capability, grantee) first,
-- the content id last, so that the index alone answers it.
CREATE INDEX permissions_grantee ON permissions (resource_type, capability, grantee_type, grantee_id, mode, resource_id);
-- Removing a user or group removes their rules.
CREATE INDEX permissions_grantee_id ON permissions (grantee_id);

-- Rules are tied to their content by type, not by a foreign key; deleting
-- content (directly or through a cascade) clears them here.
CREATE TRIGGER workbooks_permissions_cleanup AFTER DELETE ON workbooks BEGIN
    DELETE FROM permissions WHERE resource_type = 'workbook' AND resource_id = OLD.id;
END;
CREATE TRIGGER views_permissions_cleanup AFTER DELETE ON views BEGIN
    DELETE FROM permissions WHERE resource_type = 'view' AND resource_id = OLD.id;
END;
CREATE TRIGGER datasources_permissions_cleanup AFTER DELETE ON datasources BEGIN
    DELETE FROM permissions WHERE resource_type = 'datasource' AND resource_id = OLD.id;
END;
CREATE TRIGGER projects_permissions_cleanup AFTER DELETE ON projects BEGIN
    DELETE FROM permissions WHERE resource_id = OLD.id AND (resource_type = 'project' OR resource_type LIKE 'default:%');
END;
CREATE TRIGGER groups_permissions_cleanup AFTER DELETE ON groups BEGIN
    DELETE FROM permissions WHERE grantee_type = 'group' AND grantee_id = OLD.id;
END;
CREATE TRIGGER site_users_permissions_cleanup AFTER DELETE ON site_users BEGIN
    DELETE FROM permissions WHERE grantee_type = 'user' AND grantee_id = OLD.user_id AND site_id = OLD.site_id;
END;

-- The count of a non-administrator's list reads, for every item of the
-- site, its owner, project and id (the permission filter's columns): with
-- them in one index the count never reads the table.
CREATE INDEX workbooks_site_access ON workbooks (site_id, owner_id, project_id, id);
CREATE INDEX datasources_site_access ON datasources (site_id, owner_id, project_id, id);
