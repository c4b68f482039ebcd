-- 0021 (issue 16, group sets): a group set is a site's named set of groups
-- (REST API 3.22, "Create Group Set"). Its members, for permissions, are
-- the users who belong to every one of its groups: "users in the groups
-- that belong to the group set must be members of all the groups for the
-- capability to be evaluated. In this way, group sets enforce AND logic"
-- (Tableau help, "Work with Group Sets", group_sets.htm).

CREATE TABLE group_sets (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX group_sets_site_name ON group_sets (site_id, name COLLATE NOCASE);

CREATE TABLE group_set_groups (
    group_set_id TEXT NOT NULL REFERENCES group_sets (id) ON DELETE CASCADE,
    group_id     TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (group_set_id, group_id)
);
CREATE INDEX group_set_groups_group ON group_set_groups (group_id);

-- Rules may now name a group set: the permissions table is rebuilt with
-- the wider CHECK (SQLite cannot alter one). legacy_alter_table keeps the
-- rename from re-parsing the triggers of other tables that name
-- permissions in their bodies while it is briefly missing.
PRAGMA legacy_alter_table = ON;
CREATE TABLE permissions_0021 (
    site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    grantee_type  TEXT NOT NULL CHECK (grantee_type IN ('user', 'group', 'groupSet')),
    grantee_id    TEXT NOT NULL,
    capability    TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('Allow', 'Deny')),
    PRIMARY KEY (resource_type, resource_id, grantee_type, grantee_id, capability)
);
INSERT INTO permissions_0021 (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
    SELECT site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode FROM permissions ORDER BY rowid;
DROP TABLE permissions;
ALTER TABLE permissions_0021 RENAME TO permissions;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX permissions_grantee ON permissions (resource_type, capability, grantee_type, grantee_id, mode, resource_id);
CREATE INDEX permissions_grantee_id ON permissions (grantee_id);

CREATE TRIGGER group_sets_permissions_cleanup AFTER DELETE ON group_sets BEGIN
    DELETE FROM permissions WHERE grantee_type = 'groupSet' AND grantee_id = OLD.id;
END;

-- group_grantees says which group-level grantees a user holds: each group
-- they are in, and each group set whose groups (one at least) all hold
-- them. The permission filters read "the user's groups" from here, so that
-- a group set's rules count wherever a group's do.
CREATE VIEW group_grantees (user_id, grantee_id) AS
    SELECT user_id, group_id FROM group_users
    UNION ALL
    SELECT su.user_id, gs.id FROM group_sets gs JOIN site_users su ON su.site_id = gs.site_id
    WHERE EXISTS (SELECT 1 FROM group_set_groups x WHERE x.group_set_id = gs.id)
      AND NOT EXISTS (SELECT 1 FROM group_set_groups x WHERE x.group_set_id = gs.id
          AND NOT EXISTS (SELECT 1 FROM group_users gu WHERE gu.group_id = x.group_id AND gu.user_id = su.user_id));

-- Issue 16, directories: a group imported from a directory (Active
-- Directory, or the emulator's --directory file) keeps how it grants
-- licenses, "onLogin" or "onSync" ("" for a local group); its minimum site
-- role is minimum_site_role and its domain domain_name.
ALTER TABLE groups ADD COLUMN grant_license_mode TEXT NOT NULL DEFAULT '';
