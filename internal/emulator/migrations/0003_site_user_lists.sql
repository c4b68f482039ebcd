-- 0003: lists of users read one table. A site's user rows carry copies of
-- the user's names, kept in step by triggers, so that filtering, sorting,
-- paging and counting a site's users walk one index and never join: a page
-- of 100,000 users costs about what a page of 100 does.

ALTER TABLE site_users ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE site_users ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE site_users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE site_users ADD COLUMN domain_name TEXT NOT NULL DEFAULT 'local';

UPDATE site_users SET
    name        = (SELECT u.name FROM users u WHERE u.id = site_users.user_id),
    full_name   = (SELECT u.full_name FROM users u WHERE u.id = site_users.user_id),
    email       = (SELECT u.email FROM users u WHERE u.id = site_users.user_id),
    domain_name = (SELECT u.domain_name FROM users u WHERE u.id = site_users.user_id);

CREATE TRIGGER site_users_copy_names AFTER INSERT ON site_users BEGIN
    UPDATE site_users SET
        name        = (SELECT u.name FROM users u WHERE u.id = NEW.user_id),
        full_name   = (SELECT u.full_name FROM users u WHERE u.id = NEW.user_id),
        email       = (SELECT u.email FROM users u WHERE u.id = NEW.user_id),
        domain_name = (SELECT u.domain_name FROM users u WHERE u.id = NEW.user_id)
    WHERE site_id = NEW.site_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER users_names_to_sites AFTER UPDATE OF name, full_name, email, domain_name ON users BEGIN
    UPDATE site_users SET name = NEW.name, full_name = NEW.full_name, email = NEW.email, domain_name = NEW.domain_name
    WHERE user_id = NEW.id;
END;

-- Equality filters compare exactly; sorts and cieq ignore case.
CREATE INDEX site_users_name ON site_users (site_id, name);
CREATE INDEX site_users_name_nocase ON site_users (site_id, name COLLATE NOCASE);
CREATE INDEX site_users_full_name ON site_users (site_id, full_name COLLATE NOCASE);
CREATE INDEX site_users_email ON site_users (site_id, email);
DROP INDEX site_users_role;
CREATE INDEX site_users_role ON site_users (site_id, site_role, name COLLATE NOCASE);

-- Without statistics SQLite's planner may read a whole site in name order to
-- avoid sorting one row. Statistics written here (the shape ANALYZE would
-- find on a large site: names unique, few roles) make it pick the selective
-- index; ANALYZE sqlite_schema loads them.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'site_users';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('site_users', 'sqlite_autoindex_site_users_1', '100000 10000 1'),
    ('site_users', 'site_users_name', '100000 10000 1'),
    ('site_users', 'site_users_name_nocase', '100000 10000 1'),
    ('site_users', 'site_users_full_name', '100000 10000 2'),
    ('site_users', 'site_users_email', '100000 10000 2'),
    ('site_users', 'site_users_role', '100000 10000 2000 1'),
    ('site_users', 'site_users_login', '100000 10000 5'),
    ('site_users', 'site_users_user', '100000 2');
ANALYZE sqlite_schema;
