-- Accounts, sessions, matters and the append-only audit log.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'attorney', 'paralegal', 'client')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;

-- Only a SHA-256 of the session token is stored: a copy of the database opens no sessions.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE matters (
  id                  INTEGER PRIMARY KEY,
  title               TEXT NOT NULL,
  mso_name            TEXT NOT NULL,
  mso_entity_type     TEXT NOT NULL,
  mso_state           TEXT NOT NULL,
  pe_name             TEXT NOT NULL,
  pe_entity_type      TEXT NOT NULL CHECK (pe_entity_type IN ('PC', 'PLLC', 'PA', 'medical-corporation', 'other')),
  pe_state            TEXT NOT NULL,
  governing_law_state TEXT NOT NULL,
  tracking_status     TEXT NOT NULL DEFAULT 'open',
  tracking_notes      TEXT NOT NULL DEFAULT '',
  next_follow_up      TEXT,
  created_by          INTEGER NOT NULL REFERENCES users(id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  row_version         INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE matter_owners (
  id            INTEGER PRIMARY KEY,
  matter_id     INTEGER NOT NULL REFERENCES matters(id),
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  license_state TEXT,
  licensed      INTEGER NOT NULL CHECK (licensed IN (0, 1)),
  is_mso        INTEGER NOT NULL DEFAULT 0 CHECK (is_mso IN (0, 1)),
  ownership_pct REAL NOT NULL CHECK (ownership_pct > 0 AND ownership_pct <= 100),
  UNIQUE (matter_id, position)
) STRICT;

-- Who is on a matter: the clients who may see it and the attorneys and paralegals who work it.
CREATE TABLE matter_members (
  matter_id INTEGER NOT NULL REFERENCES matters(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (matter_id, user_id)
) STRICT;
CREATE INDEX matter_members_user ON matter_members(user_id);

-- Append-only: the triggers below make the database itself refuse to change history.
CREATE TABLE audit_events (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  type          TEXT NOT NULL,
  actor_user_id INTEGER,
  actor_role    TEXT,
  ip            TEXT,
  request_id    TEXT,
  matter_id     INTEGER,
  object_type   TEXT,
  object_id     TEXT,
  data          TEXT NOT NULL DEFAULT '{}',
  prev_hash     TEXT NOT NULL,
  row_hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_matter ON audit_events(matter_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
