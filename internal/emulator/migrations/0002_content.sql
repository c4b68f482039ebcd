-- 0002: published content. Workbooks get their file's type; views, data
-- sources, connections, revisions (the published files, kept in the blob
-- store), background jobs, job faults and file upload sessions are new.

ALTER TABLE workbooks ADD COLUMN file_type TEXT NOT NULL DEFAULT '';
ALTER TABLE workbooks ADD COLUMN has_extracts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX workbooks_site_content_url ON workbooks (site_id, content_url);
CREATE INDEX workbooks_project_name ON workbooks (project_id, name);

-- views are the sheets of a workbook, in file order (position).
CREATE TABLE views (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    workbook_id TEXT NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- url_name is the sheet's name as its content URL writes it (no spaces).
    url_name    TEXT NOT NULL,
    sheet_type  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    total_views INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX views_workbook ON views (workbook_id, position);
CREATE INDEX views_site ON views (site_id, name);

CREATE TABLE datasources (
    id                     TEXT PRIMARY KEY,
    site_id                TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    project_id             TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id               TEXT NOT NULL REFERENCES users (id),
    name                   TEXT NOT NULL,
    content_url            TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    -- ds_type is the connector, as the REST API's type attribute says.
    ds_type                TEXT NOT NULL DEFAULT '',
    file_type              TEXT NOT NULL DEFAULT '',
    has_extracts           INTEGER NOT NULL DEFAULT 0,
    is_certified           INTEGER NOT NULL DEFAULT 0,
    certification_note     TEXT NOT NULL DEFAULT '',
    encrypt_extracts       INTEGER NOT NULL DEFAULT 0,
    use_remote_query_agent INTEGER NOT NULL DEFAULT 0,
    size_bytes             INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX datasources_site_name ON datasources (site_id, name);
CREATE INDEX datasources_project_name ON datasources (project_id, name);
CREATE INDEX datasources_owner ON datasources (owner_id);
CREATE INDEX datasources_site_content_url ON datasources (site_id, content_url);

-- connections belong to a workbook or to a data source, never both.
CREATE TABLE connections (
    id             TEXT PRIMARY KEY,
    site_id        TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    workbook_id    TEXT REFERENCES workbooks (id) ON DELETE CASCADE,
    datasource_id  TEXT REFERENCES datasources (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    type           TEXT NOT NULL DEFAULT '',
    server_address TEXT NOT NULL DEFAULT '',
    server_port    TEXT NOT NULL DEFAULT '',
    user_name      TEXT NOT NULL DEFAULT '',
    -- Passwords are write-only on the REST API: only whether one is set is kept.
    has_password   INTEGER NOT NULL DEFAULT 0,
    embed_password INTEGER NOT NULL DEFAULT 0,
    query_tagging  INTEGER,
    -- For workbooks: the embedded data source the connection belongs to.
    ds_id          TEXT NOT NULL DEFAULT '',
    ds_name        TEXT NOT NULL DEFAULT '',
    CHECK ((workbook_id IS NULL) <> (datasource_id IS NULL))
);
CREATE INDEX connections_workbook ON connections (workbook_id, position);
CREATE INDEX connections_datasource ON connections (datasource_id, position);

-- revisions are the published files of a workbook or data source; blob is
-- the file's key in the blob store, '' once the revision was removed.
CREATE TABLE revisions (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    content_id   TEXT NOT NULL,
    number       INTEGER NOT NULL,
    blob         TEXT NOT NULL,
    file_type    TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    publisher_id TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (content_type, content_id, number)
);

-- orphan_blobs lists files whose rows are gone (deleted content, removed
-- revisions, expired uploads), for the janitor to remove from disk.
CREATE TABLE orphan_blobs (
    blob TEXT PRIMARY KEY
);

-- Tags and revisions are not tied to their content by a foreign key (they
-- belong to several tables), so deleting content, directly or through a
-- cascade from its project or site, clears them here.
CREATE TRIGGER workbooks_cleanup AFTER DELETE ON workbooks BEGIN
    DELETE FROM tags WHERE content_type = 'workbook' AND content_id = OLD.id;
    INSERT OR IGNORE INTO orphan_blobs (blob)
        SELECT blob FROM revisions WHERE content_type = 'workbook' AND content_id = OLD.id AND blob <> '';
    DELETE FROM revisions WHERE content_type = 'workbook' AND content_id = OLD.id;
END;
CREATE TRIGGER datasources_cleanup AFTER DELETE ON datasources BEGIN
    DELETE FROM tags WHERE content_type = 'datasource' AND content_id = OLD.id;
    INSERT OR IGNORE INTO orphan_blobs (blob)
        SELECT blob FROM revisions WHERE content_type = 'datasource' AND content_id = OLD.id AND blob <> '';
    DELETE FROM revisions WHERE content_type = 'datasource' AND content_id = OLD.id;
END;
CREATE TRIGGER views_cleanup AFTER DELETE ON views BEGIN
    DELETE FROM tags WHERE content_type = 'view' AND content_id = OLD.id;
END;

-- jobs are background jobs. Times are Unix milliseconds: jobs move through
-- their states in fractions of a second in tests.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- type is the job's type (RefreshExtract, PublishWorkbook, PublishDatasource).
    type         TEXT NOT NULL,
    -- job_type is the type as the site's job list says it (refresh_extracts, ...).
    job_type     TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    content_id   TEXT NOT NULL DEFAULT '',
    content_name TEXT NOT NULL DEFAULT '',
    created_ms   INTEGER NOT NULL,
    started_ms   INTEGER,
    updated_ms   INTEGER NOT NULL,
    completed_ms INTEGER,
    duration_ms  INTEGER NOT NULL,
    status       TEXT NOT NULL,
    progress     INTEGER NOT NULL DEFAULT 0,
    finish_code  INTEGER,
    notes        TEXT NOT NULL DEFAULT '',
    -- fail_notes, when not NULL, makes the job fail with these notes.
    fail_notes   TEXT,
    -- payload is what a publish run as a job does when it succeeds (JSON).
    payload      TEXT NOT NULL DEFAULT '',
    priority     INTEGER NOT NULL DEFAULT 50
);
CREATE INDEX jobs_site ON jobs (site_id, created_ms);
CREATE INDEX jobs_open ON jobs (status, completed_ms);

-- job_faults make the next matching jobs on a site fail (fault injection).
CREATE TABLE job_faults (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- type, content_id and content_name narrow the jobs that fail; '' matches any.
    type         TEXT NOT NULL DEFAULT '',
    content_id   TEXT NOT NULL DEFAULT '',
    content_name TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL,
    remaining  INTEGER NOT NULL DEFAULT 1
);

-- upload_sessions are file uploads in progress; their file is uploads/<file_key>.
CREATE TABLE upload_sessions (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    file_key   TEXT NOT NULL,
    size_bytes INTEGER NOT NULL DEFAULT 0,
    chunks     INTEGER NOT NULL DEFAULT 0,
    expires_ms INTEGER NOT NULL
);
CREATE INDEX upload_sessions_expiry ON upload_sessions (expires_ms);
CREATE TRIGGER upload_sessions_cleanup AFTER DELETE ON upload_sessions BEGIN
    INSERT OR IGNORE INTO orphan_blobs (blob) VALUES ('upload:' || OLD.file_key);
END;
