-- Clause versions, documents, their immutable versions, and executable renditions.

-- Every version of every clause ever used. A document version pins (clause_id, version).
CREATE TABLE clause_versions (
  clause_id    TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  source       TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  origin       TEXT NOT NULL CHECK (origin IN ('file', 'published')),
  published_by INTEGER REFERENCES users(id),
  published_at TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (clause_id, version)
) STRICT;

CREATE TRIGGER clause_versions_no_update BEFORE UPDATE ON clause_versions
BEGIN SELECT RAISE(ABORT, 'clause_versions are immutable'); END;
CREATE TRIGGER clause_versions_no_delete BEFORE DELETE ON clause_versions
BEGIN SELECT RAISE(ABORT, 'clause_versions are immutable'); END;

CREATE TABLE documents (
  id                    INTEGER PRIMARY KEY,
  matter_id             INTEGER NOT NULL REFERENCES matters(id),
  short_id              TEXT NOT NULL UNIQUE,
  kind                  TEXT NOT NULL CHECK (kind IN ('msa', 'loc', 'formation-checklist')),
  title                 TEXT NOT NULL,
  status                TEXT NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'executable', 'executed', 'renewed', 'amended', 'terminated', 'expired')),
  current_version_no    INTEGER NOT NULL DEFAULT 0,
  executable_version_no INTEGER,
  executed_version_no   INTEGER,
  executed_on           TEXT,
  parent_document_id    INTEGER REFERENCES documents(id),
  relation              TEXT CHECK (relation IN ('amendment', 'renewal')),
  created_by            INTEGER NOT NULL REFERENCES users(id),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX documents_matter ON documents(matter_id);
CREATE INDEX documents_status ON documents(status);

-- Immutable: a new edit is a new row against a stated base version.
CREATE TABLE document_versions (
  document_id       INTEGER NOT NULL REFERENCES documents(id),
  version_no        INTEGER NOT NULL CHECK (version_no >= 1),
  base_version_no   INTEGER NOT NULL,
  answers           TEXT NOT NULL,
  clause_pins       TEXT NOT NULL,
  overrides         TEXT NOT NULL DEFAULT '{}',
  choices           TEXT NOT NULL DEFAULT '{}',
  docx              BLOB NOT NULL,
  sha256            TEXT NOT NULL,
  inputs_sha256     TEXT NOT NULL,
  compliance        TEXT NOT NULL,
  rule_set_version  TEXT NOT NULL,
  reference_version TEXT NOT NULL,
  error_count       INTEGER NOT NULL,
  warning_count     INTEGER NOT NULL,
  author_id         INTEGER NOT NULL REFERENCES users(id),
  created_at        TEXT NOT NULL,
  note              TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (document_id, version_no)
) STRICT;

CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions
BEGIN SELECT RAISE(ABORT, 'document versions are immutable'); END;
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
BEGIN SELECT RAISE(ABORT, 'document versions are immutable'); END;

-- The signature-ready file of a version marked executable: rendered once with its document record, served byte for byte.
CREATE TABLE renditions (
  document_id INTEGER NOT NULL,
  version_no  INTEGER NOT NULL,
  purpose     TEXT NOT NULL CHECK (purpose IN ('executable', 'signed-copy')),
  content_type TEXT NOT NULL,
  bytes       BLOB NOT NULL,
  sha256      TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (document_id, version_no, purpose),
  FOREIGN KEY (document_id, version_no) REFERENCES document_versions(document_id, version_no)
) STRICT;
CREATE TRIGGER renditions_no_update BEFORE UPDATE ON renditions
BEGIN SELECT RAISE(ABORT, 'renditions are immutable'); END;
CREATE TRIGGER renditions_no_delete BEFORE DELETE ON renditions
BEGIN SELECT RAISE(ABORT, 'renditions are immutable'); END;

-- An attorney's acknowledgement of one warning on one version, with the reason.
CREATE TABLE warning_acks (
  document_id INTEGER NOT NULL,
  version_no  INTEGER NOT NULL,
  rule_id     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  attorney_id INTEGER NOT NULL REFERENCES users(id),
  at          TEXT NOT NULL,
  PRIMARY KEY (document_id, version_no, rule_id),
  FOREIGN KEY (document_id, version_no) REFERENCES document_versions(document_id, version_no)
) STRICT;
