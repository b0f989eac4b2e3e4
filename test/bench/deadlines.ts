/**
 * (e) "due within 90 days" on a real SQLite file holding 100,000 documents and 500,000
 * deadlines: the dashboard's first page (soonest 100 with their total), its counts by kind and
 * urgency, and one client's view. Rows are generated in SQL (recursive CTEs) so seeding takes
 * seconds, not the minutes that 600,000 single inserts through node-sqlite3 would.
 *
 * Run alone: node --import tsx test/bench/deadlines.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Database, type Store } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { listDeadlines, summarizeDeadlines } from '../../server/services/deadlines/deadlines.ts';
import { DeadlineQuerySchema } from '../../server/schemas/deadline.ts';
import type { Principal } from '../../server/services/context.ts';
import { summarize, timeAsync } from './stats.ts';

const KINDS = ['term-end', 'notice', 'fmv-review', 'loc-maturity', 'checklist-task'];

/** `open` gives another (empty) database to seed instead of a new SQLite file: bench:backends passes a PostgreSQL one. */
export async function benchDeadlines(documents = 100_000, deadlinesPerDocument = 5, runs = 200, open?: () => Promise<Store>) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-deadlines-'));
  const file = join(dir, 'bench.db');
  const db = open ? await open() : await Database.open(file);
  // The due dates' arithmetic is the one phrase the two engines write differently.
  const dueDate = db.dialect === 'postgres' ? "to_char(DATE '2024-11-23' + ((n::bigint * 7919) % 1826)::int, 'YYYY-MM-DD')" : "date('2024-11-23', '+' || ((n * 7919) % 1826) || ' days')";
  await migrate(db);
  const now = new Date('2026-11-23T15:00:00Z');
  const iso = now.toISOString();
  const matters = documents / 10;
  const [, seedMs] = await timeAsync(() =>
    db.transaction(async (tx) => {
      await tx.run("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (1, 'paralegal@bench.test', 'Paralegal', 'paralegal', 'x', ?)", [iso]);
      // One client user per 10 matters.
      await tx.run(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
         INSERT INTO users (id, email, name, role, password_hash, created_at) SELECT 1 + n, 'client' || n || '@bench.test', 'Client ' || n, 'client', 'x', ? FROM seq`,
        [matters / 10, iso],
      );
      await tx.run(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
         INSERT INTO matters (id, title, mso_name, mso_entity_type, mso_state, pe_name, pe_entity_type, pe_state, governing_law_state, tracking_status, tracking_notes, next_follow_up, created_by, created_at, updated_at, row_version)
         SELECT n, 'Matter ' || n, 'MSO ' || n, 'limited liability company', 'TX', 'Practice ' || n, 'PLLC', 'TX', 'TX', 'open', '', NULL, 1, ?, ?, 1 FROM seq`,
        [matters, iso, iso],
      );
      await tx.run('INSERT INTO matter_members (matter_id, user_id) SELECT id, 2 + (id - 1) / 10 FROM matters');
      await tx.run(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
         INSERT INTO documents (id, matter_id, short_id, kind, title, status, current_version_no, executable_version_no, executed_version_no, executed_on, created_by, created_at, updated_at)
         SELECT n, 1 + (n - 1) / 10, 'CW-B' || n, 'msa', 'MSA ' || n, 'executed', 1, 1, 1, '2026-01-01', 1, ?, ? FROM seq`,
        [documents, iso, iso],
      );
      // Due dates spread over five years around today (2024-11 … 2029-11). As in a firm that
      // works its list, 19 in 20 past deadlines are handled and 1 in 20 is still open (overdue).
      await tx.run(
        `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ? - 1),
         rows AS (SELECT n, ${dueDate} AS due FROM seq)
         INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
         SELECT 1 + n / ?, 1 + (n / ?) / 10,
           CASE n % 5 WHEN 0 THEN '${KINDS[0]}' WHEN 1 THEN '${KINDS[1]}' WHEN 2 THEN '${KINDS[2]}' WHEN 3 THEN '${KINDS[3]}' ELSE '${KINDS[4]}' END,
           'k' || n, due, 'Deadline ' || n, 'Do the thing.', 'bench',
           CASE WHEN due < '2026-11-23' AND n % 20 <> 0 THEN 'handled' ELSE 'open' END, ?, ? FROM rows`,
        [documents * deadlinesPerDocument, deadlinesPerDocument, deadlinesPerDocument, iso, iso],
      );
    }),
  );
  await db.exec('ANALYZE');
  const counts = (await db.get<{ d: number; l: number }>('SELECT (SELECT count(*) FROM documents) AS d, (SELECT count(*) FROM deadlines) AS l'))!;
  const paralegal: Principal = { id: 1, role: 'paralegal', name: 'Paralegal', email: 'paralegal@bench.test' };
  const client: Principal = { id: 2, role: 'client', name: 'Client 1', email: 'client1@bench.test' };
  const ctx = (principal: Principal) => ({ db, now, principal, timeZone: 'America/New_York' });
  const query = DeadlineQuerySchema.parse({ withinDays: '90' });
  const firstPage = await listDeadlines(ctx(paralegal), query);
  const measure = async (work: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await work();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await timeAsync(work))[1]);
    return summarize(ms);
  };
  const results = {
    documents: counts.d,
    deadlines: counts.l,
    fileMb: open ? null : Math.round(statSync(file).size / 1024 / 1024),
    seedMs: Math.round(seedMs),
    dueWithin90Total: firstPage.total,
    firm_due_within_90_first_page: await measure(() => listDeadlines(ctx(paralegal), query)),
    firm_summary_counts: await measure(() => summarizeDeadlines(ctx(paralegal), {})),
    firm_summary_counts_within_90: await measure(() => summarizeDeadlines(ctx(paralegal), { withinDays: 90 })),
    one_client_due_within_90: await measure(() => listDeadlines(ctx(client), query)),
  };
  await db.close();
  if (process.env.BENCH_KEEP_DB) console.error(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDeadlines(), null, 2));
}
