-- 0010: schedules, the tasks they run, and the outbox.
--
-- Times are Unix milliseconds on the emulator's clock. next_run_ms is the
-- next occurrence the scheduler has not run yet: it is kept in the store so
-- that a restart with --data neither runs an occurrence again nor skips one.

-- schedules are server schedules (site_id NULL) and, on Tableau Cloud, the
-- schedules each task carries (site_id set, owner_task set).
CREATE TABLE schedules (
    id              TEXT PRIMARY KEY,
    site_id         TEXT REFERENCES sites (id) ON DELETE CASCADE,
    name            TEXT NOT NULL DEFAULT '',
    -- type: Extract, Subscription, Flow (DataAcceleration and
    -- ActiveDirectorySync exist on servers but are not created by clients).
    type            TEXT NOT NULL,
    -- frequency: Hourly, Daily, Weekly, Monthly.
    frequency       TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 50,
    execution_order TEXT NOT NULL DEFAULT 'Parallel',
    state           TEXT NOT NULL DEFAULT 'Active',
    -- start_time and end_time are the frequency details' times, HH:MM:SS
    -- in UTC; end_time is '' when the schedule has none.
    start_time      TEXT NOT NULL,
    end_time        TEXT NOT NULL DEFAULT '',
    -- intervals is the frequency details' intervals, one per line, as
    -- "hours=2", "minutes=15", "weekDay=Monday" or "monthDay=LastDay".
    intervals       TEXT NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    next_run_ms     INTEGER,
    last_run_ms     INTEGER,
    -- owner_task is the Cloud task whose own schedule this is ('' for a
    -- server schedule); such schedules are not listed as server schedules.
    owner_task      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX schedules_name ON schedules (name) WHERE owner_task = '';
CREATE INDEX schedules_due ON schedules (state, next_run_ms);

-- tasks are what a schedule runs: extract refreshes of a workbook or data
-- source, and flow runs (type runFlow; the emulator has no flows yet, so
-- none can be created).
CREATE TABLE tasks (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    schedule_id     TEXT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    -- type: extractRefresh or runFlow.
    type            TEXT NOT NULL,
    -- content_type: workbook, datasource or flow.
    content_type    TEXT NOT NULL,
    content_id      TEXT NOT NULL,
    incremental     INTEGER NOT NULL DEFAULT 0,
    priority        INTEGER NOT NULL DEFAULT 50,
    consecutive_failed INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL,
    last_run_ms     INTEGER
);
CREATE INDEX tasks_schedule ON tasks (schedule_id);
CREATE INDEX tasks_site ON tasks (site_id, type);
CREATE INDEX tasks_content ON tasks (content_id);

-- task_jobs ties the jobs a task started to it, so that a job's end
-- updates the task's consecutive failure count.
CREATE TABLE task_jobs (
    job_id  TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    task_id TEXT NOT NULL
);

-- linked_tasks run their steps (tasks) one after the other, on their own
-- schedule or on demand.
CREATE TABLE linked_tasks (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    schedule_id TEXT REFERENCES schedules (id) ON DELETE SET NULL,
    created_ms  INTEGER NOT NULL
);
CREATE TABLE linked_task_steps (
    id          TEXT PRIMARY KEY,
    linked_id   TEXT NOT NULL REFERENCES linked_tasks (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    task_id     TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    stop_on_failure INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE linked_task_jobs (
    id          TEXT PRIMARY KEY,
    linked_id   TEXT NOT NULL REFERENCES linked_tasks (id) ON DELETE CASCADE,
    site_id     TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    -- jobs is the step jobs started, one id per line, in step order.
    jobs        TEXT NOT NULL DEFAULT ''
);

-- outbox holds what the server would have sent (subscription e-mails,
-- data alerts): tests read it, nothing leaves the emulator.
CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    site_id     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    source_id   TEXT NOT NULL DEFAULT '',
    user_id     TEXT NOT NULL DEFAULT '',
    user_name   TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL
);
CREATE INDEX outbox_seq ON outbox (seq);
CREATE TABLE outbox_attachments (
    message_id   TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (message_id, position)
);

-- A task goes with its content: deleting a workbook or data source removes
-- its tasks (their schedules stay).
CREATE TRIGGER workbooks_delete_tasks AFTER DELETE ON workbooks
BEGIN DELETE FROM tasks WHERE content_id = OLD.id; END;
CREATE TRIGGER datasources_delete_tasks AFTER DELETE ON datasources
BEGIN DELETE FROM tasks WHERE content_id = OLD.id; END;
