-- PostgreSQL twin of ../017_deadline_counts.sql.
-- Issue 21: the deadlines dashboard's counts (overdue, due within 7/30/90 days, later; by kind)
-- read this table instead of every open deadline. At a firm's scale (500,000 deadlines, 310,000
-- open) counting them on each request took 0.3–0.8 s; this table has one row per due date and
-- kind that has open deadlines (a few thousand rows), so the counts are a sum over it.
-- The trigger below keeps it exact in the same transaction as every write to deadlines (insert,
-- handle, recompute, roll, delete), whoever makes it; the rows are backfilled here. Writers are
-- serialised by the store's writer lock, so two transactions never update these rows in
-- opposite orders.
CREATE TABLE deadline_open_counts (
  due_date TEXT NOT NULL,
  kind     TEXT NOT NULL,
  n        INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (due_date, kind)
);

INSERT INTO deadline_open_counts (due_date, kind, n)
SELECT due_date, kind, count(*) FROM deadlines WHERE status = 'open' GROUP BY due_date, kind;

CREATE FUNCTION cw_count_open_deadlines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status AND OLD.due_date IS NOT DISTINCT FROM NEW.due_date AND OLD.kind IS NOT DISTINCT FROM NEW.kind THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD.status = 'open' THEN
      UPDATE deadline_open_counts SET n = n - 1 WHERE due_date = OLD.due_date AND kind = OLD.kind;
      DELETE FROM deadline_open_counts WHERE due_date = OLD.due_date AND kind = OLD.kind AND n = 0;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.status = 'open' THEN
      INSERT INTO deadline_open_counts (due_date, kind, n) VALUES (NEW.due_date, NEW.kind, 1)
        ON CONFLICT (due_date, kind) DO UPDATE SET n = deadline_open_counts.n + 1;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deadlines_open_count AFTER INSERT OR DELETE OR UPDATE OF status, due_date, kind ON deadlines
  FOR EACH ROW EXECUTE FUNCTION cw_count_open_deadlines();

-- The dashboard list is keyset-paged by (due date, id) (server/db/deadlines.ts DEADLINE_LIST).
-- deadlines_open_due serves a status; "all statuses" needs an index that starts with the due
-- date (status and kind ride along so their filters read the index, not the table).
CREATE INDEX deadlines_due_any ON deadlines(due_date, status, kind, matter_id);
