-- 0016 (issue 16, flows): Tableau Prep flows are published content beside
-- workbooks and data sources (store_flows.go). Their connections share the
-- connections table, which gains a flow_id (SQLite cannot change a CHECK in
-- place, so the table is rebuilt with its rows and indexes). A flow's output
-- steps are read from its file at publish; a run is a RunFlow job, and
-- flow_runs gives it the id Tableau's flow run list names it by.

CREATE TABLE flows (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    file_type   TEXT NOT NULL DEFAULT '',
    size_bytes  INTEGER NOT NULL DEFAULT 0,
    -- has_extracts is 0: a flow holds no extract (the shared download
    -- code reads it for every kind).
    has_extracts INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX flows_site_name ON flows (site_id, name);
CREATE INDEX flows_project_name ON flows (project_id, name);
CREATE INDEX flows_owner ON flows (owner_id);

-- flow_outputs are a flow's output steps, in file order. datasource_name
-- is set for the steps that publish a data source (PublishExtract): a run
-- creates or refreshes that data source in the flow's project.
CREATE TABLE flow_outputs (
    flow_id         TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    step_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    node_type       TEXT NOT NULL,
    datasource_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (flow_id, position)
);

-- flow_runs name the RunFlow jobs of a flow.
CREATE TABLE flow_runs (
    id      TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    flow_id TEXT NOT NULL,
    job_id  TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
    -- user_id started the run; '' for a scheduled run.
    user_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flow_runs_site ON flow_runs (site_id, flow_id);

CREATE TABLE connections_new (
    id             TEXT PRIMARY KEY,
    site_id        TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    workbook_id    TEXT REFERENCES workbooks (id) ON DELETE CASCADE,
    datasource_id  TEXT REFERENCES datasources (id) ON DELETE CASCADE,
    flow_id        TEXT REFERENCES flows (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    type           TEXT NOT NULL DEFAULT '',
    server_address TEXT NOT NULL DEFAULT '',
    server_port    TEXT NOT NULL DEFAULT '',
    user_name      TEXT NOT NULL DEFAULT '',
    has_password   INTEGER NOT NULL DEFAULT 0,
    embed_password INTEGER NOT NULL DEFAULT 0,
    query_tagging  INTEGER,
    ds_id          TEXT NOT NULL DEFAULT '',
    ds_name        TEXT NOT NULL DEFAULT '',
    CHECK ((workbook_id IS NOT NULL) + (datasource_id IS NOT NULL) + (flow_id IS NOT NULL) = 1)
);
INSERT INTO connections_new (id, site_id, workbook_id, datasource_id, position, type, server_address, server_port, user_name,
    has_password, embed_password, query_tagging, ds_id, ds_name)
    SELECT id, site_id, workbook_id, datasource_id, position, type, server_address, server_port, user_name,
    has_password, embed_password, query_tagging, ds_id, ds_name FROM connections;
DROP TABLE connections;
ALTER TABLE connections_new RENAME TO connections;
CREATE INDEX connections_workbook ON connections (workbook_id, position);
CREATE INDEX connections_datasource ON connections (datasource_id, position);
CREATE INDEX connections_flow ON connections (flow_id, position);

CREATE TRIGGER flows_cleanup AFTER DELETE ON flows BEGIN
    DELETE FROM tags WHERE content_type = 'flow' AND content_id = OLD.id;
    INSERT OR IGNORE INTO orphan_blobs (blob)
        SELECT blob FROM revisions WHERE content_type = 'flow' AND content_id = OLD.id AND blob <> '';
    DELETE FROM revisions WHERE content_type = 'flow' AND content_id = OLD.id;
    DELETE FROM tasks WHERE content_type = 'flow' AND content_id = OLD.id;
    DELETE FROM permissions WHERE resource_type = 'flow' AND resource_id = OLD.id;
END;
