-- Signed copies: the file the parties signed, per document version, with its hash. A copy is
-- replaced (never changed or deleted) by a newer row that names it and says why; the chain of
-- rows is the history. Before this, a signed copy was a rendition: one per version, never
-- replaceable and never served.
CREATE TABLE signed_copies (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL,
  version_no   INTEGER NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
  bytes        BLOB NOT NULL,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  uploaded_by  INTEGER NOT NULL REFERENCES users(id),
  uploaded_at  TEXT NOT NULL,
  replaces_id  INTEGER REFERENCES signed_copies(id),
  reason       TEXT,
  CHECK ((replaces_id IS NULL) = (reason IS NULL)),
  FOREIGN KEY (document_id, version_no) REFERENCES document_versions(document_id, version_no)
) STRICT;

-- A copy is replaced at most once, so each version's copies form one line and its newest is current.
CREATE UNIQUE INDEX signed_copies_replaced_once ON signed_copies(replaces_id) WHERE replaces_id IS NOT NULL;
CREATE INDEX signed_copies_by_version ON signed_copies(document_id, version_no, id);
CREATE INDEX signed_copies_by_sha256 ON signed_copies(sha256);

CREATE TRIGGER signed_copies_no_update BEFORE UPDATE ON signed_copies
BEGIN SELECT RAISE(ABORT, 'signed copies are immutable; replace one with a reason'); END;
CREATE TRIGGER signed_copies_no_delete BEFORE DELETE ON signed_copies
BEGIN SELECT RAISE(ABORT, 'signed copies are immutable; replace one with a reason'); END;

-- The copies stored so far (renditions cannot be deleted; they stay, and are no longer read as signed copies).
INSERT INTO signed_copies (document_id, version_no, content_type, bytes, sha256, uploaded_by, uploaded_at)
  SELECT document_id, version_no, content_type, bytes, sha256, created_by, created_at FROM renditions WHERE purpose = 'signed-copy' ORDER BY rowid;
