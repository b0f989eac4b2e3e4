import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LOGINS } from '../../server/services/seed/seed-demo.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  dbFile: string;
}

let builtServer: string | null = null;

/** The node flags `npm start` uses (read from package.json, so tests and benchmarks run the same server). */
const START_FLAGS = (/node ((?:--\S+ )*)build\/server\.mjs/.exec(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start)?.[1] ?? '').split(' ').filter(Boolean);

/**
 * The server as `npm start` runs it: one esbuild bundle of server/main.ts, run by plain node.
 * Named by a hash of its content, so parallel test files share one file and never see a half-
 * written one (written aside, then renamed); bundles of older sources are removed.
 */
function serverBundle(): string {
  if (builtServer) return builtServer;
  const result = buildSync({ entryPoints: [join(ROOT, 'server/main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, outfile: join(ROOT, 'build/server-test.mjs'), logLevel: 'warning' });
  const code = result.outputFiles[0]!.contents;
  const name = `server-test-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`;
  const dir = join(ROOT, 'build');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, name);
  if (!existsSync(outfile)) {
    const temp = `${outfile}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, outfile);
  }
  for (const old of readdirSync(dir)) if (/^server-test-[0-9a-f]{12}\.mjs$/.test(old) && old !== name && Date.now() - statSync(join(dir, old)).mtimeMs > 3_600_000) rmSync(join(dir, old), { force: true });
  return (builtServer = outfile);
}

/** Starts the real server (the production bundle, as `npm start` does, demo data into a new file included) on a free port with the given database file. */
export async function startServerProcess(options: { dbFile?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dbFile = options.dbFile ?? join(mkdtempSync(join(tmpdir(), 'cw-server-')), 'clausewright.db');
  const child = spawn(process.execPath, [...START_FLAGS, ...(process.env.SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean), serverBundle()], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CLAUSEWRIGHT_DB: dbFile, CLAUSEWRIGHT_LOG: process.env.SERVER_LOG ?? 'silent', UV_THREADPOOL_SIZE: '16', CLAUSEWRIGHT_SEED_DEMO: 'fresh', ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.SERVER_LOG) process.stderr.write(chunk);
      out += chunk.toString();
      const match = /running: http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out.slice(-2000)}`)));
  });
  return { child, port, base: `http://127.0.0.1:${port}`, dbFile };
}

export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** Signs in as a demo user of a running server; returns the cookie header. */
export async function demoLogin(base: string, role: 'admin' | 'attorney' | 'paralegal' | 'client'): Promise<string> {
  const user = DEMO_LOGINS.find((l) => l.role === role)!;
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: user.email, password: user.password }) });
  if (res.status !== 200) throw new Error(`login ${role}: ${res.status}`);
  return /cw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

export async function stop(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
}
