/**
 * npm run bench:pages — page latency at a firm's scale (issue 21): the matters list, a matter
 * page, the drafting page of an MSA, the deadlines dashboard and the clause library, as each role
 * that may see them, on the database seed-scale.ts builds (10,000 matters, 100,000 documents,
 * 500,000 deadlines by default; BENCH_PAGES_MATTERS to change it; BENCH_PAGES_DB=file reuses a
 * file seeded before a newer migration, migrated on open, instead of reseeding).
 *
 * The app runs in-process with the real server code (createApp on the real SQLite file, the
 * real catalog); a page's time is from the request to the end of its body (app.request and
 * reading the HTML), i.e. server time without the socket. Each page is requested BENCH_PAGES_RUNS
 * times (default 30) after BENCH_PAGES_WARMUP (default 5), pages interleaved so the host's drift
 * falls on all of them. Prints median, p95 and HTML size per page × role, flags any over 100 ms
 * p95 or 200 KB, and writes bench-results/pages.json. Benchmarks are not tests: nothing asserts a time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createApp } from '../../server/app.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from '../../server/services/catalog/load-catalog.ts';
import { SCALE_NOW, SCALE_PASSWORD, seedScale, type ScaleDb } from './seed-scale.ts';
import { summarize } from './stats.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
export const ROLES = ['admin', 'attorney', 'paralegal', 'client'] as const;
export type Role = (typeof ROLES)[number];
const STAFF: Role[] = ['admin', 'attorney', 'paralegal'];
export const P95_LIMIT_MS = 100;
export const HTML_LIMIT_KB = 200;

/** The pages of the issue and the roles that may see each (the others get 403 by design). */
export const PAGES = (scale: ScaleDb) => [
  { page: 'matters list', path: '/matters', roles: [...ROLES] },
  // Firm-wide search: LIKE over the list's columns (no full-text index), so it is measured too.
  { page: 'matters list, searched', path: '/matters?q=Clinic', roles: [...ROLES] },
  { page: 'matter page', path: `/matters/${scale.matterId}`, roles: [...ROLES] },
  { page: 'drafting page (MSA)', path: `/documents/${scale.msaDocumentId}`, roles: STAFF },
  { page: 'deadlines dashboard', path: '/deadlines', roles: [...ROLES] },
  { page: 'deadlines dashboard, searched', path: '/deadlines?q=notice', roles: [...ROLES] },
  { page: 'clause library', path: '/clauses', roles: STAFF },
];

/** The app on the scale file, signed in as each role (cookies), with a timed GET. */
export async function openScaleApp(scale: ScaleDb) {
  const db = await Database.open(scale.file);
  // A file seeded before a newer migration (BENCH_PAGES_DB) gets it, as a deployed database would.
  await migrate(db);
  const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(ROOT)), SCALE_NOW);
  const app = createApp({ db, catalog, clock: () => new Date(SCALE_NOW) });
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ email: scale.logins[role], password: SCALE_PASSWORD }) });
    if (res.status !== 200) throw new Error(`sign in as ${role}: ${res.status} ${await res.text()}`);
    cookies[role] = /(?:__Host-)?cw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }
  async function get(path: string, role: Role) {
    const start = performance.now();
    const res = await app.request(path, { headers: { cookie: cookies[role] } });
    const html = await res.text();
    return { status: res.status, ms: performance.now() - start, bytes: Buffer.byteLength(html), html };
  }
  return { db, app, cookies, get, close: () => db.close() };
}

export interface PageResult {
  page: string;
  path: string;
  role: Role;
  status: number;
  median: number;
  p95: number;
  htmlKb: number;
  overTarget: string[];
}

export async function benchPages(scale: ScaleDb, runs = 30, warmup = 5): Promise<PageResult[]> {
  const app = await openScaleApp(scale);
  try {
    const cells = PAGES(scale).flatMap((p) => p.roles.map((role) => ({ ...p, role, times: [] as number[], bytes: 0, status: 0 })));
    for (let i = 0; i < warmup; i++) for (const cell of cells) await app.get(cell.path, cell.role);
    for (let i = 0; i < runs; i++)
      for (const cell of cells) {
        const r = await app.get(cell.path, cell.role);
        cell.times.push(r.ms);
        cell.bytes = r.bytes;
        cell.status = r.status;
      }
    return cells.map((cell) => {
      const s = summarize(cell.times);
      const htmlKb = Math.round((cell.bytes / 1024) * 10) / 10;
      const overTarget = [...(cell.status !== 200 ? [`status ${cell.status}`] : []), ...(s.p95 > P95_LIMIT_MS ? [`p95 > ${P95_LIMIT_MS} ms`] : []), ...(htmlKb > HTML_LIMIT_KB ? [`HTML > ${HTML_LIMIT_KB} KB`] : [])];
      return { page: cell.page, path: cell.path, role: cell.role, status: cell.status, median: s.median, p95: s.p95, htmlKb, overTarget };
    });
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const matters = Number(process.env.BENCH_PAGES_MATTERS ?? 10_000);
  const scale = await seedScale({ matters, file: process.env.BENCH_PAGES_DB || undefined });
  console.log(
    `\nscale database: ${scale.counts.matters} matters, ${scale.counts.documents} documents (${scale.counts.versions} versions), ${scale.counts.deadlines} deadlines, ${scale.counts.users} users; ${scale.fileMb} MB; ` +
      (scale.cached ? `cached (${scale.file})` : `seeded in ${(scale.seedMs / 1000).toFixed(1)} s (${scale.file})`),
  );
  const runs = Number(process.env.BENCH_PAGES_RUNS ?? 30);
  const results = await benchPages(scale, runs, Number(process.env.BENCH_PAGES_WARMUP ?? 5));
  console.log(`\npage latency, in-process server time, ${runs} requests each after warm-up\n`);
  console.log('| page | role | median ms | p95 ms | HTML KB | over target |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${r.page} | ${r.role} | ${r.median} | ${r.p95} | ${r.htmlKb} | ${r.overTarget.join(', ') || '—'} |`);
  const over = results.filter((r) => r.overTarget.length);
  console.log(over.length ? `\n${over.length} of ${results.length} page × role over target (p95 ${P95_LIMIT_MS} ms, ${HTML_LIMIT_KB} KB)` : `\nevery page within p95 ${P95_LIMIT_MS} ms and ${HTML_LIMIT_KB} KB`);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/pages.json'), JSON.stringify({ at: new Date().toISOString(), scale: { ...scale.counts, fileMb: scale.fileMb, seedMs: scale.seedMs, cached: scale.cached }, runs, results }, null, 2));
  console.log('results written to bench-results/pages.json');
  process.exit(0);
}
