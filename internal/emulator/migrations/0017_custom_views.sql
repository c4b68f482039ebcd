-- custom_views are users' saved states of views (issue 16 item 2). Tableau
-- creates them in its web UI; the emulator through its seed helper
-- (SeedCustomView) and Publish Custom View. content is the custom view file
-- Download Custom View answers: JSON, one entry per view of the workbook,
-- each with its <customized-view> document (tableaufile.ReadCustomView).
-- A custom view goes with its view, its workbook, its owner, and its
-- owner's membership of the site.
CREATE TABLE custom_views (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    view_id     TEXT NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    workbook_id TEXT NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    shared      INTEGER NOT NULL DEFAULT 0,
    content     BLOB NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX custom_views_site ON custom_views (site_id, created_ms);
CREATE INDEX custom_views_view ON custom_views (view_id);
CREATE INDEX custom_views_workbook ON custom_views (workbook_id);
CREATE INDEX custom_views_owner ON custom_views (owner_id);
CREATE TRIGGER custom_views_member_gone AFTER DELETE ON site_users BEGIN
    DELETE FROM custom_views WHERE site_id = old.site_id AND owner_id = old.user_id;
END;
