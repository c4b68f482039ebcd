-- 0001: sites, users, groups, projects, sessions, tokens; workbooks and tags
-- so that content owned by users can be listed, reassigned and cascaded now,
-- and the publishing issue only adds columns and tables beside them.

CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    content_url TEXT NOT NULL,
    -- settings is the JSON of the site's optional settings (tsc.Site without
    -- id, name and contentUrl): they are read and written whole, never queried.
    settings    TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX sites_content_url ON sites (content_url COLLATE NOCASE);
CREATE UNIQUE INDEX sites_name ON sites (name COLLATE NOCASE);

-- users are server users; site_users says which sites they belong to and with
-- which role. A user's id is the same on every site, as on Tableau Server.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    full_name     TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    domain_name   TEXT NOT NULL DEFAULT 'local',
    password_salt TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    server_admin  INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX users_name ON users (name COLLATE NOCASE, domain_name);

CREATE TABLE site_users (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_role    TEXT NOT NULL,
    auth_setting TEXT NOT NULL DEFAULT 'ServerDefault',
    last_login   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (site_id, user_id)
);
CREATE INDEX site_users_user ON site_users (user_id);
CREATE INDEX site_users_role ON site_users (site_id, site_role);
CREATE INDEX site_users_login ON site_users (site_id, last_login);

CREATE TABLE groups (
    id                TEXT PRIMARY KEY,
    site_id           TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    domain_name       TEXT NOT NULL DEFAULT 'local',
    minimum_site_role TEXT NOT NULL DEFAULT '',
    -- all_users marks the group every site has and no one may delete or rename.
    all_users         INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX groups_site_name ON groups (site_id, name COLLATE NOCASE, domain_name);

CREATE TABLE group_users (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_users_user ON group_users (user_id);

CREATE TABLE projects (
    id                  TEXT PRIMARY KEY,
    site_id             TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- parent_id cascades: deleting a project deletes the projects nested in it.
    parent_id           TEXT REFERENCES projects (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    content_permissions TEXT NOT NULL DEFAULT 'ManagedByOwner',
    owner_id            TEXT REFERENCES users (id),
    is_default          INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_site_parent_name ON projects (site_id, ifnull(parent_id, ''), name COLLATE NOCASE);
CREATE INDEX projects_site_name ON projects (site_id, name);
CREATE INDEX projects_parent ON projects (parent_id);
CREATE INDEX projects_owner ON projects (owner_id);
CREATE INDEX projects_site_updated ON projects (site_id, updated_at);

CREATE TABLE workbooks (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    content_url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    show_tabs   INTEGER NOT NULL DEFAULT 0,
    size_mb     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX workbooks_site_name ON workbooks (site_id, name);
CREATE INDEX workbooks_owner ON workbooks (owner_id);
CREATE INDEX workbooks_project ON workbooks (project_id);

-- tags belong to any content item; content_type says which table content_id is in.
CREATE TABLE tags (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    content_id   TEXT NOT NULL,
    label        TEXT NOT NULL,
    PRIMARY KEY (content_type, content_id, label)
);
CREATE INDEX tags_label ON tags (site_id, content_type, label);

-- sessions are looked up by the SHA-256 of their token; the token itself is never stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- actor_id is the administrator who impersonates user_id, or ''.
    actor_id     TEXT NOT NULL DEFAULT '',
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE personal_access_tokens (
    name        TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
