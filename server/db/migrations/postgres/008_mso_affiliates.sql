-- PostgreSQL twin of ../008_mso_affiliates.sql.
-- The MSO's affiliates named on a matter (a holding company often lends to the practice under the
-- line of credit): a JSON array of { name, entityType, state }, validated by the matter schema.
ALTER TABLE matters ADD COLUMN mso_affiliates TEXT NOT NULL DEFAULT '[]' CHECK (json_typeof(mso_affiliates::json) = 'array');
