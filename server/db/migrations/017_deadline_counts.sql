-- Issue 21: the deadlines dashboard's counts (overdue, due within 7/30/90 days, later; by kind)
-- read this table instead of every open deadline. At a firm's scale (500,000 deadlines, 310,000
-- open) counting them on each request took 0.3–0.8 s; this table has one row per due date and
-- kind that has open deadlines (a few thousand rows), so the counts are a sum over it.
-- The triggers below keep it exact in the same transaction as every write to deadlines (insert,
-- handle, recompute, roll, delete), whoever makes it; the rows are backfilled here.
CREATE TABLE deadline_open_counts (
  due_date TEXT NOT NULL,
  kind     TEXT NOT NULL,
  n        INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (due_date, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO deadline_open_counts (due_date, kind, n)
SELECT due_date, kind, count(*) FROM deadlines WHERE status = 'open' GROUP BY due_date, kind;

CREATE TRIGGER deadlines_open_count_insert AFTER INSERT ON deadlines WHEN NEW.status = 'open'
BEGIN
  INSERT INTO deadline_open_counts (due_date, kind, n) VALUES (NEW.due_date, NEW.kind, 1)
    ON CONFLICT (due_date, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER deadlines_open_count_delete AFTER DELETE ON deadlines WHEN OLD.status = 'open'
BEGIN
  UPDATE deadline_open_counts SET n = n - 1 WHERE due_date = OLD.due_date AND kind = OLD.kind;
  DELETE FROM deadline_open_counts WHERE due_date = OLD.due_date AND kind = OLD.kind AND n = 0;
END;

-- A change of status (handled, or a task reopened), due date (recompute, roll) or kind moves
-- the row from its old count to its new one.
CREATE TRIGGER deadlines_open_count_update AFTER UPDATE OF status, due_date, kind ON deadlines
  WHEN (OLD.status = 'open' OR NEW.status = 'open')
   AND (OLD.status IS NOT NEW.status OR OLD.due_date IS NOT NEW.due_date OR OLD.kind IS NOT NEW.kind)
BEGIN
  UPDATE deadline_open_counts SET n = n - 1 WHERE OLD.status = 'open' AND due_date = OLD.due_date AND kind = OLD.kind;
  DELETE FROM deadline_open_counts WHERE OLD.status = 'open' AND due_date = OLD.due_date AND kind = OLD.kind AND n = 0;
  INSERT INTO deadline_open_counts (due_date, kind, n) SELECT NEW.due_date, NEW.kind, 1 WHERE NEW.status = 'open'
    ON CONFLICT (due_date, kind) DO UPDATE SET n = n + 1;
END;

-- The dashboard list is keyset-paged by (due date, id) (server/db/deadlines.ts DEADLINE_LIST).
-- deadlines_open_due serves a status; "all statuses" needs an index that starts with the due
-- date (status and kind ride along so their filters read the index, not the table).
CREATE INDEX deadlines_due_any ON deadlines(due_date, status, kind, matter_id);
