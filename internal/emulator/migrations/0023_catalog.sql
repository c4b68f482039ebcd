-- 0023 (issue 17): the catalog. Tableau Catalog indexes what published
-- content reads: databases (database servers, files, cloud files, web data
-- connectors), their tables (and custom SQL queries), the tables' columns,
-- the embedded data sources of workbooks, and the fields of published and
-- embedded data sources. The REST catalog (databases, tables, columns,
-- data quality warnings) and the Metadata API (GraphQL) read the same rows,
-- so that a description, certification or warning set through one shows
-- in the other.
--
-- Rows are derived from the published files at publish and overwrite (the
-- catalog indexer, store_catalog.go). Databases and tables that live outside
-- the content (a database server, a shared file) are shared by every piece
-- of content on the site that reads them, found again by their identity
-- (the UNIQUE indexes below), and outlive that content as Tableau Catalog
-- keeps them, with what an admin wrote about them. Databases embedded in
-- the content (an extract, a file packaged in a .twbx/.tdsx) belong to it
-- (embedded_in_*) and go with it. The edges (catalog_table_uses), embedded
-- data sources, fields and sheet-field links go with their content.

-- catalog_databases: kind is the Metadata API type name; the REST API's
-- database type attribute says the same (DatabaseServer, File, CloudFile,
-- WebDataConnector). name is the database name, or host:port for a server
-- connection that names none, or the file's name for files.
CREATE TABLE catalog_databases (
    id                  TEXT PRIMARY KEY,
    site_id             TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('DatabaseServer', 'File', 'CloudFile', 'WebDataConnector')),
    name                TEXT NOT NULL,
    -- connection_type is the connector class (postgres, sqlserver, hyper, excel-direct, ...).
    connection_type     TEXT NOT NULL DEFAULT '',
    host_name           TEXT NOT NULL DEFAULT '',
    -- port is '' when the connection names none (the REST attribute is then left out).
    port                TEXT NOT NULL DEFAULT '',
    file_path           TEXT NOT NULL DEFAULT '',
    file_extension      TEXT NOT NULL DEFAULT '',
    -- embedded_in_type/id: the content ('workbook', 'datasource', 'flow')
    -- that packages this database; '' for a shared one. is_embedded follows.
    embedded_in_type    TEXT NOT NULL DEFAULT '',
    embedded_in_id      TEXT NOT NULL DEFAULT '',
    is_embedded         INTEGER NOT NULL DEFAULT 0,
    -- content_permissions: how the database's tables are permissioned
    -- (LockedToDatabase: by the database's default table rules; ManagedByOwner).
    content_permissions TEXT NOT NULL DEFAULT 'ManagedByOwner'
                        CHECK (content_permissions IN ('LockedToDatabase', 'ManagedByOwner')),
    description         TEXT NOT NULL DEFAULT '',
    -- contact_id, certifier_id: user ids, '' for none.
    contact_id          TEXT NOT NULL DEFAULT '',
    is_certified        INTEGER NOT NULL DEFAULT 0,
    certification_note  TEXT NOT NULL DEFAULT '',
    certifier_id        TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_databases_identity ON catalog_databases
    (site_id, kind, connection_type, host_name, port, name, file_path, embedded_in_type, embedded_in_id);
CREATE INDEX catalog_databases_site_name ON catalog_databases (site_id, name);
CREATE INDEX catalog_databases_embedded ON catalog_databases (embedded_in_id);

-- catalog_tables: kind DatabaseTable (name and schema_name from the
-- relation, full_name as the file writes it, e.g. [dbo].[Orders]) or
-- CustomSQLTable (query holds the SQL text; name is Tableau's "Custom SQL
-- Query" caption).
CREATE TABLE catalog_tables (
    id                 TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    database_id        TEXT NOT NULL REFERENCES catalog_databases (id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('DatabaseTable', 'CustomSQLTable')),
    name               TEXT NOT NULL,
    schema_name        TEXT NOT NULL DEFAULT '',
    full_name          TEXT NOT NULL DEFAULT '',
    query              TEXT NOT NULL DEFAULT '',
    is_embedded        INTEGER NOT NULL DEFAULT 0,
    description        TEXT NOT NULL DEFAULT '',
    contact_id         TEXT NOT NULL DEFAULT '',
    is_certified       INTEGER NOT NULL DEFAULT 0,
    certification_note TEXT NOT NULL DEFAULT '',
    certifier_id       TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_tables_identity ON catalog_tables (database_id, kind, schema_name, name, query);
CREATE INDEX catalog_tables_site_name ON catalog_tables (site_id, name);

CREATE TABLE catalog_columns (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    table_id    TEXT NOT NULL REFERENCES catalog_tables (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    -- remote_type is the database's type as the file's metadata records
    -- write it (e.g. WSTR, I8, DATE); '' when unknown.
    remote_type TEXT NOT NULL DEFAULT '',
    is_nullable INTEGER NOT NULL DEFAULT 1,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_columns_identity ON catalog_columns (table_id, name);

-- catalog_embedded_datasources: the data sources inside a workbook, in file
-- order. published_datasource_id is set when the embedded data source is a
-- proxy for a published data source on the same site (a sqlproxy
-- connection); its tables are then the published one's.
CREATE TABLE catalog_embedded_datasources (
    id                      TEXT PRIMARY KEY,
    site_id                 TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    workbook_id             TEXT NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    published_datasource_id TEXT NOT NULL DEFAULT '',
    has_extracts            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX catalog_embedded_datasources_workbook ON catalog_embedded_datasources (workbook_id, position);
CREATE INDEX catalog_embedded_datasources_published ON catalog_embedded_datasources (published_datasource_id);

-- catalog_table_uses: lineage edges from a table to what reads it directly:
-- a published data source ('datasource', datasources.id), an embedded data
-- source ('embedded', catalog_embedded_datasources.id) or a flow ('flow',
-- flows.id; role says whether the flow reads or writes the table).
CREATE TABLE catalog_table_uses (
    site_id       TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    table_id      TEXT NOT NULL REFERENCES catalog_tables (id) ON DELETE CASCADE,
    consumer_type TEXT NOT NULL CHECK (consumer_type IN ('datasource', 'embedded', 'flow')),
    consumer_id   TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'input' CHECK (role IN ('input', 'output')),
    PRIMARY KEY (table_id, consumer_type, consumer_id, role)
);
CREATE INDEX catalog_table_uses_consumer ON catalog_table_uses (consumer_type, consumer_id);

-- catalog_fields: the fields of a published ('datasource') or embedded
-- ('embedded') data source, in file order. kind is the Metadata API type:
-- ColumnField (reads column_id, '' when the column is unknown) or
-- CalculatedField (formula). name is the caption users see, field_ref the
-- internal name as the file writes it ([Sales]).
CREATE TABLE catalog_fields (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    datasource_type TEXT NOT NULL CHECK (datasource_type IN ('datasource', 'embedded')),
    datasource_id   TEXT NOT NULL,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    field_ref       TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('ColumnField', 'CalculatedField')),
    data_type       TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    formula         TEXT NOT NULL DEFAULT '',
    column_id       TEXT NOT NULL DEFAULT '',
    is_hidden       INTEGER NOT NULL DEFAULT 0,
    description     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX catalog_fields_datasource ON catalog_fields (datasource_type, datasource_id, position);
CREATE INDEX catalog_fields_column ON catalog_fields (column_id);

-- catalog_field_refs: the fields a calculated field's formula refers to.
CREATE TABLE catalog_field_refs (
    field_id          TEXT NOT NULL REFERENCES catalog_fields (id) ON DELETE CASCADE,
    upstream_field_id TEXT NOT NULL REFERENCES catalog_fields (id) ON DELETE CASCADE,
    PRIMARY KEY (field_id, upstream_field_id)
);
CREATE INDEX catalog_field_refs_upstream ON catalog_field_refs (upstream_field_id);

-- catalog_sheet_fields: the fields a sheet (a view) uses, as the sheet's
-- datasource-dependencies in the workbook file list them.
CREATE TABLE catalog_sheet_fields (
    view_id  TEXT NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL REFERENCES catalog_fields (id) ON DELETE CASCADE,
    PRIMARY KEY (view_id, field_id)
);
CREATE INDEX catalog_sheet_fields_field ON catalog_sheet_fields (field_id);

-- data_quality_warnings: content_type is 'datasource', 'table', 'database'
-- or 'flow' (the REST API writes it upper-case); type is Tableau's warning
-- type (WARNING, DEPRECATED, STALE, SENSITIVE_DATA, MAINTENANCE).
CREATE TABLE data_quality_warnings (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('datasource', 'table', 'database', 'flow')),
    content_id   TEXT NOT NULL,
    owner_id     TEXT NOT NULL REFERENCES users (id),
    type         TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    is_active    INTEGER NOT NULL DEFAULT 1,
    is_severe    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX data_quality_warnings_content ON data_quality_warnings (content_type, content_id);
CREATE INDEX data_quality_warnings_site ON data_quality_warnings (site_id);

-- What goes with its content, and the permission rules and warnings of
-- catalog assets, which are tied to them by type rather than foreign key.
CREATE TRIGGER catalog_datasources_cleanup AFTER DELETE ON datasources BEGIN
    DELETE FROM catalog_table_uses WHERE consumer_type = 'datasource' AND consumer_id = OLD.id;
    DELETE FROM catalog_fields WHERE datasource_type = 'datasource' AND datasource_id = OLD.id;
    DELETE FROM catalog_databases WHERE embedded_in_type = 'datasource' AND embedded_in_id = OLD.id;
    DELETE FROM data_quality_warnings WHERE content_type = 'datasource' AND content_id = OLD.id;
    UPDATE catalog_embedded_datasources SET published_datasource_id = '' WHERE published_datasource_id = OLD.id;
END;
CREATE TRIGGER catalog_embedded_datasources_cleanup AFTER DELETE ON catalog_embedded_datasources BEGIN
    DELETE FROM catalog_table_uses WHERE consumer_type = 'embedded' AND consumer_id = OLD.id;
    DELETE FROM catalog_fields WHERE datasource_type = 'embedded' AND datasource_id = OLD.id;
END;
CREATE TRIGGER catalog_workbooks_cleanup AFTER DELETE ON workbooks BEGIN
    DELETE FROM catalog_databases WHERE embedded_in_type = 'workbook' AND embedded_in_id = OLD.id;
END;
CREATE TRIGGER catalog_flows_cleanup AFTER DELETE ON flows BEGIN
    DELETE FROM catalog_table_uses WHERE consumer_type = 'flow' AND consumer_id = OLD.id;
    DELETE FROM catalog_databases WHERE embedded_in_type = 'flow' AND embedded_in_id = OLD.id;
    DELETE FROM data_quality_warnings WHERE content_type = 'flow' AND content_id = OLD.id;
END;
CREATE TRIGGER catalog_databases_cleanup AFTER DELETE ON catalog_databases BEGIN
    DELETE FROM permissions WHERE (resource_type = 'database' OR resource_type = 'default:table') AND resource_id = OLD.id;
    DELETE FROM data_quality_warnings WHERE content_type = 'database' AND content_id = OLD.id;
END;
CREATE TRIGGER catalog_tables_cleanup AFTER DELETE ON catalog_tables BEGIN
    DELETE FROM permissions WHERE resource_type = 'table' AND resource_id = OLD.id;
    DELETE FROM data_quality_warnings WHERE content_type = 'table' AND content_id = OLD.id;
END;
