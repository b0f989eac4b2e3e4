-- PostgreSQL twin of ../005_document_indexes.sql.
-- The newest document of each kind in a matter, for the cross-document compliance rules.
CREATE INDEX documents_matter_kind ON documents(matter_id, kind, id);
