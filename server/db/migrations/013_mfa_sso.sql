-- Accounts a firm can run (issue 20): TOTP second factor, recovery codes, the per-role MFA
-- policy, the short-lived sign-in challenges between the password and the second factor, and
-- the single-use state of OpenID Connect sign-ins.

-- One authenticator per user. The secret is AES-256-GCM ciphertext under the installation's key
-- (never stored or returned in the clear). A row without confirmed_at is an enrolment that has
-- not yet been proven with a code and does not count.
CREATE TABLE mfa_factors (
  user_id      INTEGER PRIMARY KEY REFERENCES users(id),
  secret_enc   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  confirmed_at TEXT,
  -- The last 30-second time step a code was accepted for: a code is never accepted twice.
  last_step    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Ten single-use codes per user, each 80 random bits, stored only as SHA-256.
CREATE TABLE mfa_recovery_codes (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  code_hash  TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  used_at    TEXT
) STRICT;
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes(user_id);

-- Roles whose users must use a second factor (an admin's policy); absent = optional.
CREATE TABLE mfa_required_roles (
  role       TEXT PRIMARY KEY CHECK (role IN ('admin', 'attorney', 'paralegal', 'client')),
  set_by     INTEGER NOT NULL REFERENCES users(id),
  set_at     TEXT NOT NULL
) STRICT;

-- The step between a correct password (or an SSO sign-in) and the second factor: a 256-bit
-- token (stored as SHA-256) that allows only finishing this sign-in, for a few minutes, once.
CREATE TABLE login_challenges (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  -- 'verify': the user has a factor and must give a code; 'enrol': the policy requires one first.
  kind        TEXT NOT NULL CHECK (kind IN ('verify', 'enrol')),
  -- How the first factor was proven: 'password' or 'sso'.
  via         TEXT NOT NULL CHECK (via IN ('password', 'sso')),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT
) STRICT;
CREATE INDEX login_challenges_user ON login_challenges(user_id);

-- An OpenID Connect sign-in in flight: state (stored as SHA-256), nonce and PKCE verifier, bound
-- to the browser by a cookie holding a separate random binding value (also stored as SHA-256).
CREATE TABLE sso_states (
  state_hash    TEXT PRIMARY KEY,
  binding_hash  TEXT NOT NULL,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to     TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT
) STRICT;
