-- One MSO serving several professional entities, often in different states (issue 23): a
-- portfolio holds the MSO's party facts once, and each practice is a matter of its own (its own
-- state, owners, documents, checks and deadlines) that points at the portfolio. The matter keeps
-- its copy of the MSO facts, written from the portfolio whenever the portfolio changes, so every
-- reader of a matter (checks, re-checks, rendering) stays as it was.
CREATE TABLE portfolios (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  mso_name        TEXT NOT NULL,
  mso_entity_type TEXT NOT NULL,
  mso_state       TEXT NOT NULL,
  mso_affiliates  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mso_affiliates) AND json_type(mso_affiliates) = 'array'),
  created_by      INTEGER NOT NULL REFERENCES users(id),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  row_version     INTEGER NOT NULL DEFAULT 1
) STRICT;

ALTER TABLE matters ADD COLUMN portfolio_id INTEGER REFERENCES portfolios(id);
CREATE INDEX matters_portfolio ON matters(portfolio_id) WHERE portfolio_id IS NOT NULL;
