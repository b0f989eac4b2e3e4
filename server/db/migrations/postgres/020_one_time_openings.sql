-- Issue 22: a one-time secret page (web/one-time.ts) is shown once across every app server.
-- The sealed cookie carries a random nonce; opening it records the nonce's SHA-256 here, so the
-- same cookie sent again (a replay, or a copy kept by a browser's tools) to any server on this
-- database is refused. Rows are kept only until the cookie would have expired anyway (120 s) and
-- are pruned as new ones are written.
CREATE TABLE one_time_openings (
  nonce_hash TEXT PRIMARY KEY CHECK (length(nonce_hash) = 64),
  expires_at TEXT NOT NULL
);
CREATE INDEX one_time_openings_expiry ON one_time_openings(expires_at);

-- Word files are zip archives, already compressed: PostgreSQL's TOAST compression only spends
-- CPU on them (measured by copy-to-postgres: version inserts 11 s → 6 s). EXTERNAL keeps them
-- out of line without trying to compress. Only rows written from now on are affected.
ALTER TABLE document_versions ALTER COLUMN docx SET STORAGE EXTERNAL;
ALTER TABLE renditions ALTER COLUMN bytes SET STORAGE EXTERNAL;
ALTER TABLE signed_copies ALTER COLUMN bytes SET STORAGE EXTERNAL;
