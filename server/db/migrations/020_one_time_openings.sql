-- Issue 22: a one-time secret page (web/one-time.ts) is shown once across every app server.
-- The sealed cookie carries a random nonce; opening it records the nonce's SHA-256 here, so the
-- same cookie sent again (a replay, or a copy kept by a browser's tools) to any server on this
-- database is refused. Rows are kept only until the cookie would have expired anyway (120 s) and
-- are pruned as new ones are written.
CREATE TABLE one_time_openings (
  nonce_hash TEXT PRIMARY KEY CHECK (length(nonce_hash) = 64),
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX one_time_openings_expiry ON one_time_openings(expires_at);
