-- Deadlines computed from executed agreements, checklist tasks, renewals, reminder settings and calendar links.

-- Formation-checklist items tracked as tasks. Created from a checklist document's items; after
-- that a paralegal's edits (status, owner, due date) are the source of truth.
CREATE TABLE checklist_tasks (
  id               INTEGER PRIMARY KEY,
  document_id      INTEGER NOT NULL REFERENCES documents(id),
  matter_id        INTEGER NOT NULL REFERENCES matters(id),
  item_id          TEXT NOT NULL,
  entity           TEXT NOT NULL,
  title            TEXT NOT NULL,
  detail           TEXT NOT NULL,
  responsible      TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'done', 'not-applicable')),
  due_date         TEXT NOT NULL,
  -- 1 once someone sets the due date by hand: later document versions no longer move it.
  due_date_set     INTEGER NOT NULL DEFAULT 0 CHECK (due_date_set IN (0, 1)),
  verification     TEXT NOT NULL,
  -- 1 when the item no longer applies to the latest version of the checklist.
  retired          INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  note             TEXT NOT NULL DEFAULT '',
  updated_by       INTEGER REFERENCES users(id),
  updated_at       TEXT NOT NULL,
  row_version      INTEGER NOT NULL DEFAULT 1,
  UNIQUE (document_id, item_id)
) STRICT;
CREATE INDEX checklist_tasks_matter ON checklist_tasks(matter_id);

-- Renewal terms recorded by hand; automatic renewals are computed, not stored.
CREATE TABLE document_renewals (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  term_start   TEXT NOT NULL,
  term_months  INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
  term_end     TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  recorded_by  INTEGER NOT NULL REFERENCES users(id),
  recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX document_renewals_document ON document_renewals(document_id, term_start);
CREATE TRIGGER document_renewals_no_update BEFORE UPDATE ON document_renewals
BEGIN SELECT RAISE(ABORT, 'recorded renewals are immutable'); END;
CREATE TRIGGER document_renewals_no_delete BEFORE DELETE ON document_renewals
BEGIN SELECT RAISE(ABORT, 'recorded renewals are immutable'); END;

-- One row per deadline occurrence. (document_id, key) is stable across recomputation, so a
-- deadline marked handled stays handled; keys carry the due date of rolling series.
CREATE TABLE deadlines (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  matter_id    INTEGER NOT NULL REFERENCES matters(id),
  task_id      INTEGER REFERENCES checklist_tasks(id),
  kind         TEXT NOT NULL CHECK (kind IN ('term-end', 'notice', 'fmv-review', 'loc-maturity', 'draw-period-end', 'afr-recheck', 'checklist-task')),
  key          TEXT NOT NULL,
  due_date     TEXT NOT NULL,
  title        TEXT NOT NULL,
  action       TEXT NOT NULL,
  basis        TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled')),
  handled_by   INTEGER REFERENCES users(id),
  handled_at   TEXT,
  handled_note TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (document_id, key)
) STRICT;
-- The dashboard's "open, due by D" scan, firm-wide and per matter. Kind and matter ride along
-- in the index so counting by kind and urgency never reads the table.
CREATE INDEX deadlines_open_due ON deadlines(status, due_date, kind, matter_id);
CREATE INDEX deadlines_matter_due ON deadlines(matter_id, status, due_date);

-- Per-user reminder schedule in days before a deadline (JSON array); absent = the default.
CREATE TABLE reminder_settings (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id),
  days_before TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Secret calendar-feed links: only the SHA-256 of the token is stored; one live link per user.
CREATE TABLE calendar_tokens (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

-- The first day on which a document's rolling deadlines (terms, FMV reviews, AFR re-checks)
-- need computing again; the daily roll reads only documents whose day has come.
ALTER TABLE documents ADD COLUMN deadlines_roll_on TEXT;
CREATE INDEX documents_deadlines_roll_on ON documents(deadlines_roll_on) WHERE deadlines_roll_on IS NOT NULL;
