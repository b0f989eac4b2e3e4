-- How a session was opened: 'password' (with or without a second factor) or 'sso' (through the
-- single sign-on provider). Signing out of an 'sso' session also ends the provider's session
-- (OpenID Connect RP-Initiated Logout), so the next person at the browser is not signed straight
-- back in by the provider. Sessions opened before this column existed were password sessions.
ALTER TABLE sessions ADD COLUMN via TEXT NOT NULL DEFAULT 'password' CHECK (via IN ('password', 'sso'));
