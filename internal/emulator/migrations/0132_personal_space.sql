-- 0132 (issue 13, Tableau Cloud's Personal Space): a workbook may live in
-- its owner's Personal Space instead of a project (personal_space.go).
-- project_id keeps the project it came from, which no answer shows while
-- the flag is set. Numbered 13.2 so that the other branches of issue 13
-- keep their numbers.
ALTER TABLE workbooks ADD COLUMN personal_space INTEGER NOT NULL DEFAULT 0;
