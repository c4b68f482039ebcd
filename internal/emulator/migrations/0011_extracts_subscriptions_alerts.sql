-- 0011: extract encryption of workbooks (data sources had it from 0002).
-- A workbook's encryptExtracts, like a data source's, says whether its
-- extracts are encrypted at rest; it follows the site's
-- extractEncryptionMode and the encrypt/decrypt-extracts jobs.
ALTER TABLE workbooks ADD COLUMN encrypt_extracts INTEGER NOT NULL DEFAULT 0;

-- data_generation counts the successful extract refreshes of a workbook:
-- its views' data is derived from it (export.SampleData keyed by view and
-- generation), so that a refresh changes what the views show and data
-- alerts can fire on it.
ALTER TABLE workbooks ADD COLUMN data_generation INTEGER NOT NULL DEFAULT 0;

-- subscriptions send a view or workbook to a user on a Subscription
-- schedule (handlers_subscriptions.go).
CREATE TABLE subscriptions (
    id                 TEXT PRIMARY KEY,
    site_id            TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    subject            TEXT NOT NULL,
    message            TEXT NOT NULL DEFAULT '',
    attach_image       INTEGER NOT NULL DEFAULT 1,
    attach_pdf         INTEGER NOT NULL DEFAULT 0,
    page_orientation   TEXT NOT NULL DEFAULT 'PORTRAIT',
    page_size_option   TEXT NOT NULL DEFAULT 'LETTER',
    suspended          INTEGER NOT NULL DEFAULT 0,
    -- content_type: View or Workbook; content_id the view's or workbook's id.
    content_type       TEXT NOT NULL,
    content_id         TEXT NOT NULL,
    send_if_view_empty INTEGER NOT NULL DEFAULT 0,
    schedule_id        TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms         INTEGER NOT NULL
);
CREATE INDEX subscriptions_site ON subscriptions (site_id, created_ms);
CREATE INDEX subscriptions_schedule ON subscriptions (schedule_id);
CREATE INDEX subscriptions_content ON subscriptions (content_id);

-- data_alerts are data-driven alerts on a view, created by the seed helper
-- (Tableau creates them in its UI); last_value is the view's measured value
-- when the alert was last evaluated, so that a refresh can tell a crossing.
CREATE TABLE data_alerts (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    view_id         TEXT NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    owner_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    creator_id      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    frequency       TEXT NOT NULL DEFAULT 'Once',
    public          INTEGER NOT NULL DEFAULT 0,
    suspended       INTEGER NOT NULL DEFAULT 0,
    condition       TEXT NOT NULL,
    threshold       REAL NOT NULL,
    last_value      REAL NOT NULL,
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL
);
CREATE INDEX data_alerts_site ON data_alerts (site_id, created_ms);
CREATE INDEX data_alerts_view ON data_alerts (view_id);
CREATE TABLE data_alert_recipients (
    alert_id     TEXT NOT NULL REFERENCES data_alerts (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_sent_ms INTEGER,
    PRIMARY KEY (alert_id, user_id)
);

-- What a subscription sends, and who receives it, going away takes the
-- subscription with it (as Tableau drops them); a user leaving a site
-- stops receiving its alerts.
CREATE TRIGGER subscriptions_workbook_gone AFTER DELETE ON workbooks BEGIN
    DELETE FROM subscriptions WHERE content_type = 'Workbook' AND content_id = old.id;
END;
CREATE TRIGGER subscriptions_view_gone AFTER DELETE ON views BEGIN
    DELETE FROM subscriptions WHERE content_type = 'View' AND content_id = old.id;
END;
CREATE TRIGGER notifications_member_gone AFTER DELETE ON site_users BEGIN
    DELETE FROM subscriptions WHERE site_id = old.site_id AND user_id = old.user_id;
    DELETE FROM data_alert_recipients WHERE user_id = old.user_id
        AND alert_id IN (SELECT id FROM data_alerts WHERE site_id = old.site_id);
END;
