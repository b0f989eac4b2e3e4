-- Accounts a firm can run (issue 20): admin-issued password reset codes and personal API tokens.
-- Both store only a SHA-256 of the secret (each is 256 random bits, so no slow hash is needed):
-- a copy of the database opens no account.

CREATE TABLE password_resets (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  code_hash   TEXT NOT NULL UNIQUE,
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  -- Set when redeemed or superseded by a newer code: a code works once.
  used_at     TEXT
) STRICT;
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  -- The role the token acts with: never higher than the owner's (checked again at every use).
  role         TEXT NOT NULL CHECK (role IN ('admin', 'attorney', 'paralegal', 'client')),
  created_by   INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  revoked_at   TEXT,
  last_used_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
