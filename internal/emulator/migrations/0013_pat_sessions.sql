-- 0013 (issue 13, Tableau Cloud): a session remembers the personal access
-- token it was signed in with, so that signing in with the token again ends
-- it, and a token remembers when it was last used, so that one idle for
-- fifteen days expires (cloud.go). Numbered after the issue, so that
-- migrations of other branches keep their numbers.
ALTER TABLE sessions ADD COLUMN pat_name TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_pat ON sessions (pat_name) WHERE pat_name <> '';
ALTER TABLE personal_access_tokens ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';
