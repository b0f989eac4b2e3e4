-- Issue 22: nothing per process that several app servers must share.

-- Failed sign-ins, codes and reset attempts, one row each, counted in a sliding window by
-- server/services/auth/rate-limit.ts so every app server on this database sees the same count.
-- The key (an e-mail, a user id, an address) is stored only as SHA-256 with its scope. Rows
-- older than their window are deleted as new ones are written, and each key keeps at most its
-- limit of rows, so the table stays as small as the failures of the last window.
CREATE TABLE auth_failures (
  id        INTEGER PRIMARY KEY,
  scope     TEXT NOT NULL,
  key_hash  TEXT NOT NULL CHECK (length(key_hash) = 64),
  failed_at TEXT NOT NULL
) STRICT;
CREATE INDEX auth_failures_key ON auth_failures(scope, key_hash, failed_at);
CREATE INDEX auth_failures_age ON auth_failures(scope, failed_at);

-- Periodic jobs (the hourly deadline roll) run on one app server at a time: the one holding the
-- job's lease (server/services/jobs/lease.ts). The holder renews it well before expires_at; a
-- holder that dies stops renewing, and after expires_at another server takes the lease.
CREATE TABLE job_leases (
  job         TEXT PRIMARY KEY,
  holder      TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) STRICT;
