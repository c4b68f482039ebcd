-- 0019 (issue 16, webhooks): a site's webhooks and the log of their
-- deliveries (handlers_webhooks.go, webhook_delivery.go). A delivery is
-- queued when its event happens and tried until it succeeds or its
-- attempts are spent; its row is the queue entry and the log line both.
CREATE TABLE webhooks (
	id TEXT PRIMARY KEY,
	site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	event TEXT NOT NULL,
	url TEXT NOT NULL,
	owner_id TEXT NOT NULL,
	enabled INTEGER NOT NULL DEFAULT 1,
	status_change_reason TEXT NOT NULL DEFAULT '',
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL
);
CREATE INDEX webhooks_site_event ON webhooks(site_id, event);

CREATE TABLE webhook_deliveries (
	id TEXT PRIMARY KEY,
	seq INTEGER NOT NULL,
	webhook_id TEXT NOT NULL,
	site_id TEXT NOT NULL,
	event TEXT NOT NULL,
	url TEXT NOT NULL,
	payload TEXT NOT NULL,
	-- state: pending (waiting for its next attempt), delivered, failed.
	state TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_ms INTEGER NOT NULL,
	last_status INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_ms INTEGER NOT NULL,
	done_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_ms);
CREATE INDEX webhook_deliveries_seq ON webhook_deliveries(seq);
