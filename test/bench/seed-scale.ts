/**
 * A firm-scale database for the page bench (issue 21): by default 10,000 matters, 100,000
 * documents and 500,000 deadlines, with attorneys, paralegals and clients each on some matters.
 *
 * One real matter with one MSA is made through the API (so its rows are exactly what the
 * services write: owners, structure, transaction facts, a version with its answers, pins,
 * compliance and .docx); every other matter, document and version is a copy of those rows made
 * in SQL (recursive CTEs, one transaction), with its own id, title and short id. Each copied
 * version carries the template's .docx (the table has no shared-blob column; the file grows by
 * its size per document). Deadlines are generated as in deadlines.ts: due dates over five years
 * around "today", 19 in 20 past ones handled.
 *
 * The file is cached under the OS temp dir, keyed by the migrations, this file and the scale, so
 * reruns skip seeding. Test data: the copies bypass the services on purpose.
 *
 * Run alone: node --import tsx test/bench/seed-scale.ts [matters]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Database } from '../../server/db/database.ts';
import type { Queryable, SqlValue } from '../../server/db/store.ts';
import { migrate, migrationsDir } from '../../server/db/migrate.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword } from '../../server/services/auth/password.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from '../../server/services/catalog/load-catalog.ts';
import { DEMO_DEAL } from '../../server/services/seed/demo-deal.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
export const SCALE_NOW = new Date('2026-11-23T15:00:00Z');
export const SCALE_PASSWORD = 'bench scale password';
const ATTORNEYS = 20;
const PARALEGALS = 20;
const MATTERS_PER_CLIENT = 10;
const REAL_DOCX_MATTERS = 100;
// An empty zip archive (just its end-of-central-directory record).
const EMPTY_ZIP = Buffer.from('504b0506' + '00'.repeat(18), 'hex');
const KINDS = ['term-end', 'notice', 'fmv-review', 'loc-maturity', 'checklist-task'];

export interface ScaleOptions {
  matters?: number;
  documentsPerMatter?: number;
  deadlinesPerDocument?: number;
  /** Where to keep the file; default a cache dir under the OS temp dir. */
  dir?: string;
  /** An already seeded file to use as it is (BENCH_PAGES_DB): the caller migrates it. */
  file?: string;
}

export interface ScaleDb {
  file: string;
  cached: boolean;
  seedMs: number;
  counts: { matters: number; documents: number; versions: number; deadlines: number; users: number };
  fileMb: number;
  /** Sign-in emails, one per role, and the ids the bench requests. */
  logins: Record<'admin' | 'attorney' | 'paralegal' | 'client', string>;
  matterId: number;
  msaDocumentId: number;
}

/** The cache key: every migration's name and text, this seeder's source, and the scale. */
function cacheKey(scale: Required<Omit<ScaleOptions, 'dir' | 'file'>>): string {
  const hash = createHash('sha256');
  const dir = migrationsDir('sqlite');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  hash.update(readFileSync(new URL(import.meta.url).pathname));
  hash.update(JSON.stringify(scale));
  return hash.digest('hex').slice(0, 16);
}

/** INSERT INTO table SELECT every column of `t` (the template row), some replaced by expressions. */
async function copyRows(q: Queryable, table: string, replace: Record<string, string | null>, from: string, params: SqlValue[] = []) {
  const cols = (await q.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((c) => c.name).filter((c) => replace[c] !== null);
  const exprs = cols.map((c) => replace[c] ?? `t.${c}`);
  await q.run(`${from.replace('$INSERT', `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')}`)}`, params);
}

export async function seedScale(options: ScaleOptions = {}): Promise<ScaleDb> {
  const scale = { matters: options.matters ?? 10_000, documentsPerMatter: options.documentsPerMatter ?? 10, deadlinesPerDocument: options.deadlinesPerDocument ?? 5 };
  const dir = options.dir ?? join(tmpdir(), 'clausewright-bench-scale');
  mkdirSync(dir, { recursive: true });
  const file = options.file ?? join(dir, `scale-${scale.matters}-${cacheKey(scale)}.db`);
  const clients = Math.max(1, Math.ceil(scale.matters / MATTERS_PER_CLIENT));
  const logins = { admin: 'admin@scale.test', attorney: 'attorney1@scale.test', paralegal: 'paralegal1@scale.test', client: 'client1@scale.test' };
  let seedMs = 0;
  const cached = existsSync(file);
  if (!cached) {
    const started = performance.now();
    const building = `${file}.building-${process.pid}`;
    rmSync(building, { force: true });
    const db = await Database.open(building);
    await migrate(db);
    const iso = SCALE_NOW.toISOString();
    const hash = await hashPassword(SCALE_PASSWORD);
    // Users: admin (1), attorneys (2..), paralegals, clients — ids fixed so memberships are arithmetic.
    const firstAttorney = 2;
    const firstParalegal = firstAttorney + ATTORNEYS;
    const firstClient = firstParalegal + PARALEGALS;
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (1, 'admin@scale.test', 'Ada Admin', 'admin', ?, ?)", [hash, iso]);
      const people = (first: number, count: number, role: string, label: string) =>
        tx.run(
          `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
           INSERT INTO users (id, email, name, role, password_hash, created_at) SELECT ? + n - 1, '${role}' || n || '@scale.test', '${label} ' || n, '${role}', ?, ? FROM seq`,
          [count, first, hash, iso],
        );
      await people(firstAttorney, ATTORNEYS, 'attorney', 'Attorney');
      await people(firstParalegal, PARALEGALS, 'paralegal', 'Paralegal');
      await people(firstClient, clients, 'client', 'Client');
    });
    // The template: one matter and one MSA made through the API, as an attorney would.
    const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(ROOT)), SCALE_NOW);
    const app = createApp({ db, catalog, clock: () => new Date(SCALE_NOW) });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ email: logins.attorney, password: SCALE_PASSWORD }) });
    if (login.status !== 200) throw new Error(`template sign-in: ${login.status} ${await login.text()}`);
    const cookie = /cw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const post = async (path: string, body: unknown) => {
      const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', cookie }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, { id: number }>>;
    };
    const matter = (await post('/api/matters', { title: 'Matter 1 — Lone Star MSO / Bluebonnet Physicians', ...DEMO_DEAL, clientUserIds: [firstClient] })).matter!;
    const sample = JSON.parse(readFileSync(join(ROOT, 'templates/msa/sample.json'), 'utf8'));
    const document = (await post(`/api/matters/${matter.id}/documents`, { kind: 'msa', answers: sample })).document!;
    if (matter.id !== 1 || document.id !== 1) throw new Error(`template ids ${matter.id}/${document.id}, expected 1/1`);
    const M = scale.matters;
    const D = scale.documentsPerMatter;
    await db.transaction(async (tx) => {
      const seq = (from: number, to: number) => `WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to})`;
      if (M > 1) {
        // Matters 2..M, dates spread so sorting by "updated" has something to sort.
        await copyRows(tx, 'matters', { id: 'n', title: "'Matter ' || n || ' — Practice ' || n || ' MSA'", pe_name: "'Practice ' || n || ', PLLC'", updated_at: "strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-' || (n % 700) || ' days')" }, `${seq(2, M)} $INSERT FROM seq, matters t WHERE t.id = 1`, [iso]);
        await copyRows(tx, 'matter_owners', { id: null, matter_id: 'seq.n' }, `${seq(2, M)} $INSERT FROM seq, matter_owners t WHERE t.matter_id = 1`);
        for (const table of ['matter_structure', 'matter_transaction_facts']) await copyRows(tx, table, { matter_id: 'seq.n' }, `${seq(2, M)} $INSERT FROM seq, ${table} t WHERE t.matter_id = 1`);
      }
      // Each matter: one attorney and one paralegal (round robin) and one client per 10 matters.
      for (const [first, count] of [[firstAttorney, ATTORNEYS], [firstParalegal, PARALEGALS]] as const)
        await tx.run(`INSERT OR IGNORE INTO matter_members (matter_id, user_id) SELECT id, ${first} + (id - 1) % ${count} FROM matters`);
      await tx.run(`INSERT OR IGNORE INTO matter_members (matter_id, user_id) SELECT id, ${firstClient} + (id - 1) / ${MATTERS_PER_CLIENT} FROM matters`);
      const docs = M * D;
      if (docs > 1) {
        await copyRows(tx, 'documents', { id: 'n', matter_id: `1 + (n - 1) / ${D}`, short_id: "'CW-S' || n" }, `${seq(2, docs)} $INSERT FROM seq, documents t WHERE t.id = 1`);
        // The .docx is 59 KB: 100,000 copies would make a 6 GB file. The documents of the first
        // REAL_DOCX_MATTERS matters (the bench's matter and client among them) carry the template's
        // file; the others an empty zip with its own digest, which no page reads (only downloads do).
        const realDocx = REAL_DOCX_MATTERS * D;
        await copyRows(
          tx,
          'document_versions',
          { document_id: 'seq.n', docx: `CASE WHEN seq.n <= ${realDocx} THEN t.docx ELSE ? END`, sha256: `CASE WHEN seq.n <= ${realDocx} THEN t.sha256 ELSE ? END` },
          `${seq(2, docs)} $INSERT FROM seq, document_versions t WHERE t.document_id = 1 AND t.version_no = 1`,
          // In column order: docx, then sha256.
          [EMPTY_ZIP, createHash('sha256').update(EMPTY_ZIP).digest('hex')],
        );
      }
      // Deadlines for the copies (the template's own are the services').
      const per = scale.deadlinesPerDocument;
      const total = (docs - 1) * per;
      if (total > 0)
        await tx.run(
          `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ? - 1),
           rows AS (SELECT n, 2 + n / ${per} AS doc, date('2024-11-23', '+' || ((n * 7919) % 1826) || ' days') AS due FROM seq)
           INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
           SELECT doc, 1 + (doc - 1) / ${D},
             CASE n % 5 ${KINDS.map((k, i) => `WHEN ${i} THEN '${k}'`).join(' ')} END,
             'bench-' || n, due, 'Deadline ' || n, 'Diary the date and tell the client.', 'Seeded for the page bench',
             CASE WHEN due < ? AND n % 20 <> 0 THEN 'handled' ELSE 'open' END, ?, ? FROM rows`,
          [total, iso.slice(0, 10), iso, iso],
        );
      await tx.run('DELETE FROM sessions');
    });
    await db.exec('ANALYZE');
    await db.close();
    renameSync(building, file);
    seedMs = Math.round(performance.now() - started);
  }
  const db = await Database.open(file);
  const counts = (await db.get<ScaleDb['counts']>(
    'SELECT (SELECT count(*) FROM matters) AS matters, (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM document_versions) AS versions, (SELECT count(*) FROM deadlines) AS deadlines, (SELECT count(*) FROM users) AS users',
  ))!;
  await db.close();
  return { file, cached, seedMs, counts, fileMb: Math.round(statSync(file).size / 1024 / 1024), logins, matterId: 1, msaDocumentId: 1 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await seedScale({ matters: Number(process.argv[2] ?? 10_000) }), null, 2));
}
