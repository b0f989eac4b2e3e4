/**
 * npm run bench:backends — SQLite beside PostgreSQL, and one app server beside two, in one run:
 *  - create-document over HTTP (wrk, loopback) against the server as `npm start` runs it:
 *    SQLite and PostgreSQL at c=1 and c=8 on one node; PostgreSQL on one node and on two nodes
 *    (wrk per node, the concurrency split between them) at c=8 and c=16. The phases alternate in
 *    rounds (BENCH_BACKENDS_ROUNDS × BENCH_BACKENDS_SECONDS), so the host's drift falls on all.
 *  - per phase: requests/s, median, p95 and p99; CPU per request of each app server process
 *    (all its threads, from /proc/<pid>/stat) and of PostgreSQL (every server process of the
 *    cluster); and PostgreSQL's own account of its time per request from pg_stat_database:
 *    active_time (executing statements, including waits for locks) and idle_in_transaction_time
 *    (a transaction open while the app server works between statements — under the writer lock
 *    that is time no other write can run). PostgreSQL publishes those counters when a connection
 *    goes idle, at most once a second and otherwise within 10 s, so each PostgreSQL phase is
 *    followed by an 11 s pause before they are read; every configuration has its own database.
 *  - the deadlines dashboard ((e) of `npm run bench`) on SQLite and on PostgreSQL, in-process.
 * The test cluster (test/helpers/postgres-server.ts) runs with fsync and synchronous_commit off;
 * SQLite runs as in production (WAL, synchronous=FULL). Two app servers on one 2-core machine share
 * its cores with each other, PostgreSQL and wrk: the two-node figures show the database side, not more hardware. Writes results to bench-results/backends.json.
 * Benchmarks are not tests: nothing here asserts a time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../server/db/database.ts';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server.ts';
import { demoLogin, startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';
import { benchDeadlines } from './deadlines.ts';
import { runWrk, type HttpRun } from './http.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_BACKENDS_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_BACKENDS_ROUNDS ?? 3);
const DEADLINE_DOCS = Number(process.env.BENCH_BACKENDS_DEADLINE_DOCS ?? 100_000);
const STATS_FLUSH_MS = 11_000;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const sample = JSON.parse(readFileSync(join(ROOT, 'templates/msa/sample.json'), 'utf8'));

const bin = findPostgresBin();
if (!bin) {
  console.error('bench:backends needs PostgreSQL: initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (Debian: apt-get install postgresql).');
  process.exit(1);
}

/** CPU seconds a process has used, all its threads. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12; cutime/cstime (16, 17) at 13 and 14.
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** CPU seconds of the whole PostgreSQL cluster: the postmaster (with its reaped children) and every live server process. */
function clusterCpuSeconds(postmasterPid: number): number {
  let total = cpuSeconds(postmasterPid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      if (Number(stat[1]) === postmasterPid) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

interface Config {
  name: string;
  nodes: ServerProcess[];
  cookie: string;
  url?: string;
  database?: string;
  matterId: number;
}

const pgServer = await startPostgres(bin);
const configs: Config[] = [];
try {
  // The test cluster's URLs name a unix socket directory (host=…) and no host, which URL cannot parse.
  const socketDir = (url: string) => new URLSearchParams(url.split('?')[1]).get('host')!;
  const databaseName = (url: string) => /^[a-z]+:\/\/[^/]*\/([^?]+)/.exec(url)![1]!;
  const secret = randomBytes(32).toString('hex');
  const open = async (name: string, count: number, postgres: boolean): Promise<Config> => {
    const url = postgres ? await pgServer.createDatabase() : undefined;
    const config: Config = { name, nodes: [], cookie: '', url, database: url ? databaseName(url) : undefined, matterId: 0 };
    // Listed before its servers start, so the clean-up below stops them whatever fails.
    configs.push(config);
    for (let i = 0; i < count; i++) {
      const env: Record<string, string> = { CLAUSEWRIGHT_SEED_DEMO: i === 0 ? '1' : '0', CLAUSEWRIGHT_SECRET_KEY: secret };
      if (url) env.DATABASE_URL = url;
      config.nodes.push(await startServerProcess({ env }));
    }
    const nodes = config.nodes;
    const cookie = await demoLogin(nodes[0]!.base, 'attorney');
    const matters = (await (await fetch(`${nodes[0]!.base}/api/matters`, { headers: { cookie } })).json()) as { matters: { id: number }[] };
    return Object.assign(config, { cookie, matterId: matters.matters[0]!.id });
  };
  await open('SQLite, 1 node', 1, false);
  await open('PostgreSQL, 1 node', 1, true);
  await open('PostgreSQL, 2 nodes', 2, true);
  const postmasterPid = Number(readFileSync(join(socketDir(configs[1]!.url!), 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const admin = new pg.Client({ connectionString: configs[1]!.url });
  await admin.connect();
  const dbTimes = async (database: string) =>
    (await admin.query<{ active: number; idle_tx: number; commits: number }>('SELECT active_time AS active, idle_in_transaction_time AS idle_tx, xact_commit::int AS commits FROM pg_stat_database WHERE datname = $1', [database])).rows[0]!;

  const phases = [
    { config: configs[0]!, concurrency: 1 },
    { config: configs[0]!, concurrency: 8 },
    { config: configs[1]!, concurrency: 1 },
    { config: configs[1]!, concurrency: 8 },
    { config: configs[1]!, concurrency: 16 },
    { config: configs[2]!, concurrency: 8 },
    { config: configs[2]!, concurrency: 16 },
  ];
  interface Sample {
    runs: HttpRun[][];
    nodeCpu: number[];
    pgCpu: number;
    activeMs: number;
    idleTxMs: number;
    commits: number;
    load: number[];
  }
  const samples = phases.map((): Sample => ({ runs: [], nodeCpu: [], pgCpu: 0, activeMs: 0, idleTxMs: 0, commits: 0, load: [] }));
  const body = JSON.stringify({ kind: 'msa', answers: sample });
  const wrkFor = (config: Config, node: ServerProcess, concurrency: number, seconds: number) =>
    runWrk({ url: `${node.base}/api/matters/${config.matterId}/documents`, body, cookie: config.cookie, origin: node.base, concurrency, seconds, dir: dirname(node.dbFile), pid: node.child.pid!, timeoutSeconds: 60 });

  // Warm every server up (JIT, caches, the render worker's heap), as servers in service would be.
  for (const config of configs) await Promise.all(config.nodes.map((node) => wrkFor(config, node, 2, 3)));
  const loadDuring: number[] = [loadavg()[0]!];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, phase] of phases.entries()) {
      const { config, concurrency } = phase;
      const s = samples[i]!;
      const perNode = Math.max(1, Math.round(concurrency / config.nodes.length));
      const db0 = config.database ? await dbTimes(config.database) : null;
      const cpu0 = config.nodes.map((n) => cpuSeconds(n.child.pid!));
      const pg0 = clusterCpuSeconds(postmasterPid);
      const runs = await Promise.all(config.nodes.map((node) => wrkFor(config, node, perNode, SECONDS)));
      const cpu1 = config.nodes.map((n) => cpuSeconds(n.child.pid!));
      const pg1 = clusterCpuSeconds(postmasterPid);
      s.load.push(loadavg()[0]!);
      loadDuring.push(loadavg()[0]!);
      s.runs.push(runs);
      cpu1.forEach((c, n) => (s.nodeCpu[n] = (s.nodeCpu[n] ?? 0) + c - cpu0[n]!));
      s.pgCpu += pg1 - pg0;
      if (config.database) {
        await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
        const db1 = await dbTimes(config.database);
        s.activeMs += db1.active - db0!.active;
        s.idleTxMs += db1.idle_tx - db0!.idle_tx;
        s.commits += db1.commits - db0!.commits;
      }
      console.error(`round ${round + 1}/${ROUNDS}: ${config.name} c=${concurrency}: ${runs.map((r) => r.requestsPerSec).join(' + ')} req/s, load ${loadavg()[0]!.toFixed(1)}`);
    }
  }
  await admin.end();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const http = phases.map(({ config, concurrency }, i) => {
    const s = samples[i]!;
    const requests = s.runs.flat().reduce((sum, r) => sum + r.requests, 0);
    const nodes = config.nodes.map((_, n) => s.runs.map((round) => round[n]!));
    return {
      config: config.name,
      concurrency,
      requestsPerSec: r1(s.runs.reduce((sum, round) => sum + round.reduce((t, r) => t + r.requestsPerSec, 0), 0) / s.runs.length),
      // The median and percentiles of the rounds (per node when there are two: wrk runs per node).
      perNode: nodes.map((runs) => ({ p50: r2(median(runs.map((r) => r.p50))), p95: r2(median(runs.map((r) => r.p95))), p99: r2(median(runs.map((r) => r.p99))) })),
      requests,
      non2xx: s.runs.flat().reduce((sum, r) => sum + r.non2xx, 0),
      timeouts: s.runs.flat().reduce((sum, r) => sum + r.timeouts, 0),
      appCpuMsPerRequest: s.nodeCpu.map((cpu, n) => r2((cpu * 1000) / nodes[n]!.reduce((sum, r) => sum + r.requests, 0))),
      postgresCpuMsPerRequest: config.database ? r2((s.pgCpu * 1000) / requests) : null,
      postgresActiveMsPerRequest: config.database ? r2(s.activeMs / requests) : null,
      postgresIdleInTransactionMsPerRequest: config.database ? r2(s.idleTxMs / requests) : null,
      postgresCommitsPerRequest: config.database ? r2(s.commits / requests) : null,
      loadAverage: s.load.map(r1),
    };
  });
  for (const config of configs) for (const node of config.nodes) await stop(node);

  // Kept at once, so a fault in the dashboard part below does not lose the HTTP figures.
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/backends.json'), JSON.stringify({ at: new Date().toISOString(), http }, null, 2));
  console.error('deadlines dashboard: seeding SQLite…');
  const dashboardSqlite = await benchDeadlines(DEADLINE_DOCS, 5, 50);
  loadDuring.push(loadavg()[0]!);
  console.error('deadlines dashboard: seeding PostgreSQL…');
  const dashboardUrl = await pgServer.createDatabase();
  const dashboardPostgres = await benchDeadlines(DEADLINE_DOCS, 5, 50, () => openStore(dashboardUrl));
  loadDuring.push(loadavg()[0]!);

  const results = {
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, loadAverageDuring: loadDuring.map(r1) },
    roundsOfSeconds: [ROUNDS, SECONDS],
    http,
    dashboard: { sqlite: dashboardSqlite, postgres: dashboardPostgres },
  };
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/backends.json'), JSON.stringify(results, null, 2));

  console.log(`\nclausewright bench:backends — ${availableParallelism()} cores shared by every process here (app servers, wrk, PostgreSQL); load average during the run ${Math.min(...loadDuring).toFixed(1)}–${Math.max(...loadDuring).toFixed(1)}\n`);
  console.log('| create-document | c | req/s | p50 ms | p95 ms | p99 ms | app CPU ms/req (per node) | PostgreSQL CPU ms/req | PG active ms/req | PG idle-in-tx ms/req |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const h of http) {
    const lat = (k: 'p50' | 'p95' | 'p99') => h.perNode.map((p) => p[k]).join(' / ');
    console.log(`| ${h.config} | ${h.concurrency} | ${h.requestsPerSec} | ${lat('p50')} | ${lat('p95')} | ${lat('p99')} | ${h.appCpuMsPerRequest.join(' / ')} | ${h.postgresCpuMsPerRequest ?? '—'} | ${h.postgresActiveMsPerRequest ?? '—'} | ${h.postgresIdleInTransactionMsPerRequest ?? '—'} |`);
  }
  const timedOut = http.filter((h) => h.timeouts > 0 || h.non2xx > 0);
  for (const h of timedOut) console.log(`${h.config} c=${h.concurrency}: ${h.timeouts} requests over wrk's 60 s timeout, ${h.non2xx} non-2xx answers`);
  console.log(`\n| deadlines dashboard (${dashboardSqlite.documents} documents, ${dashboardSqlite.deadlines} deadlines) | SQLite median / p95 ms | PostgreSQL median / p95 ms |\n| --- | --- | --- |`);
  const dash = (label: string, key: 'firm_due_within_90_first_page' | 'one_client_due_within_90' | 'firm_summary_counts' | 'firm_summary_counts_within_90') =>
    console.log(`| ${label} | ${dashboardSqlite[key].median} / ${dashboardSqlite[key].p95} | ${dashboardPostgres[key].median} / ${dashboardPostgres[key].p95} |`);
  dash('due within 90 days, first page + total', 'firm_due_within_90_first_page');
  dash('one client’s deadlines due within 90 days', 'one_client_due_within_90');
  dash('counts by kind and urgency, all open', 'firm_summary_counts');
  dash('counts by kind and urgency, due within 90 days', 'firm_summary_counts_within_90');
  console.log(`seeding: SQLite ${dashboardSqlite.seedMs} ms, PostgreSQL ${dashboardPostgres.seedMs} ms`);
  console.log('results written to bench-results/backends.json');
} finally {
  for (const config of configs) for (const node of config.nodes) await stop(node, 'SIGKILL');
  pgServer.stop();
}
process.exit(0);
