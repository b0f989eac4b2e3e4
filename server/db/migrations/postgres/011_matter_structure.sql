-- PostgreSQL twin of ../011_matter_structure.sql.
-- Who owns the MSO and what kind of practice it serves (issue 23), one row per matter:
--   mso_owners      JSON array of { name, kind, ownershipPct, termsRelatedToReferrals }
--   mso_investment  JSON object of the investment-term facts the safe harbor turns on (null = not known)
--   practice_type   general | telehealth | med-spa | infusion | asc
--   patient_states  JSON array of { state, licensureConfirmed } (telehealth licensure)
-- Validated by the matter schema (server/schemas/matter-structure.ts) before they are written;
-- a matter without a row is a general practice with no MSO owners recorded.
CREATE TABLE matter_structure (
  matter_id      INTEGER PRIMARY KEY REFERENCES matters(id),
  mso_owners     TEXT NOT NULL DEFAULT '[]' CHECK (json_typeof(mso_owners::json) = 'array'),
  mso_investment TEXT NOT NULL DEFAULT '{}' CHECK (json_typeof(mso_investment::json) = 'object'),
  practice_type  TEXT NOT NULL DEFAULT 'general' CHECK (practice_type IN ('general', 'telehealth', 'med-spa', 'infusion', 'asc')),
  patient_states TEXT NOT NULL DEFAULT '[]' CHECK (json_typeof(patient_states::json) = 'array')
);
