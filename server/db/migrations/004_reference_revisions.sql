-- Corrections to the reference data made by administrators: each one a new revision, never edited.
CREATE TABLE reference_revisions (
  id         INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL CHECK (table_name IN ('afr', 'jurisdiction')),
  row_key    TEXT NOT NULL,
  row_json   TEXT NOT NULL,
  author_id  INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  reason     TEXT NOT NULL
) STRICT;

CREATE TRIGGER reference_revisions_no_update BEFORE UPDATE ON reference_revisions
BEGIN SELECT RAISE(ABORT, 'reference revisions are immutable'); END;
CREATE TRIGGER reference_revisions_no_delete BEFORE DELETE ON reference_revisions
BEGIN SELECT RAISE(ABORT, 'reference revisions are immutable'); END;
