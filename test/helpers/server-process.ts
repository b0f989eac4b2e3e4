import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { bundleOnce } from './bundle.ts';
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

/** The node flags `npm start` uses (read from package.json, so tests and benchmarks run the same server). */
const START_FLAGS = (/node ((?:--\S+ )*)build\/server\.mjs/.exec(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start)?.[1] ?? '').split(' ').filter(Boolean);

/** The server as `npm start` runs it: one esbuild bundle of server/serve.ts, run by plain node. */
const serverBundle = () => bundleOnce('server/serve.ts', 'server-test');

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
