-- Issue 21: the lists are sorted and keyset-paged in SQL (server/db/keyset.ts). Each sort other
-- than by id reads an index of (sort key, id), so a page is a range scan of `limit` + 1 rows,
-- not a sort of every row. The matter audit trail (matter_id, id) and the id sorts have theirs.
CREATE INDEX matters_updated ON matters(updated_at, id);
CREATE INDEX matters_title ON matters(title, id);
CREATE INDEX documents_matter_updated ON documents(matter_id, updated_at, id);
CREATE INDEX documents_matter_title ON documents(matter_id, title, id);
