-- PostgreSQL twin of ../006_transaction_facts.sql.
-- The facts a matter records for the state transaction-notice laws (issue 16): the planned
-- closing date the notice periods count back from, and only what the laws' thresholds need —
-- the number of physicians (Illinois 20+, Washington 7+), the largest party's annual revenue
-- band (Oregon, New York: $25M) and the parties' total assets band (Indiana: $10M). A missing row
-- or a NULL means "not known yet", which the compliance rule reports instead of guessing.
CREATE TABLE matter_transaction_facts (
  matter_id            INTEGER PRIMARY KEY REFERENCES matters(id),
  planned_closing_date TEXT,
  physician_count      INTEGER CHECK (physician_count IS NULL OR physician_count >= 0),
  revenue_band         TEXT CHECK (revenue_band IS NULL OR revenue_band IN ('under-10m', '10m-to-25m', '25m-or-more')),
  assets_band          TEXT CHECK (assets_band IS NULL OR assets_band IN ('under-10m', '10m-to-25m', '25m-or-more'))
);
