-- 0020 (issue 16, item 5): virtual connections. Each lives in a project
-- with an owner; content is its JSON document (the current revision's,
-- every revision's in the blob store through the shared revisions table,
-- content_type 'virtualConnection'); its database connections are read
-- from the content when it is published and keep their credentials here.
CREATE TABLE virtual_connections (
    id                 TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id           TEXT NOT NULL REFERENCES users (id),
    name               TEXT NOT NULL,
    is_certified       INTEGER NOT NULL DEFAULT 0,
    certification_note TEXT NOT NULL DEFAULT '',
    has_extracts       INTEGER NOT NULL DEFAULT 0,
    content            TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX virtual_connections_site_name ON virtual_connections (site_id, name);
CREATE INDEX virtual_connections_project_name ON virtual_connections (project_id, name);
CREATE INDEX virtual_connections_owner ON virtual_connections (owner_id);

-- The columns of connections (0002), so that the shared connection code
-- reads and updates them, and the database the connection opens.
CREATE TABLE virtual_connection_connections (
    id                    TEXT PRIMARY KEY,
    site_id               TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    virtual_connection_id TEXT NOT NULL REFERENCES virtual_connections (id) ON DELETE CASCADE,
    position              INTEGER NOT NULL,
    type                  TEXT NOT NULL DEFAULT '',
    server_address        TEXT NOT NULL DEFAULT '',
    server_port           TEXT NOT NULL DEFAULT '',
    user_name             TEXT NOT NULL DEFAULT '',
    -- Passwords are write-only on the REST API: only whether one is set is kept.
    has_password          INTEGER NOT NULL DEFAULT 0,
    embed_password        INTEGER NOT NULL DEFAULT 0,
    query_tagging         INTEGER,
    ds_id                 TEXT NOT NULL DEFAULT '',
    ds_name               TEXT NOT NULL DEFAULT '',
    db_name               TEXT NOT NULL DEFAULT '',
    authentication_type   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX virtual_connection_connections_vc ON virtual_connection_connections (virtual_connection_id, position);

CREATE TRIGGER virtual_connections_cleanup AFTER DELETE ON virtual_connections BEGIN
    DELETE FROM tags WHERE content_type = 'virtualConnection' AND content_id = OLD.id;
    INSERT OR IGNORE INTO orphan_blobs (blob)
        SELECT blob FROM revisions WHERE content_type = 'virtualConnection' AND content_id = OLD.id AND blob <> '';
    DELETE FROM revisions WHERE content_type = 'virtualConnection' AND content_id = OLD.id;
    DELETE FROM permissions WHERE resource_type = 'virtualConnection' AND resource_id = OLD.id;
END;
