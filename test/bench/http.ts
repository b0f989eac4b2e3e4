import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpRun {
  concurrency: number;
  requestsPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  maxRssMb: number;
}

/** Starts the real server as a child process on a free port with its own database. */
export async function startServerProcess(root: string): Promise<{ child: ChildProcess; port: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CLAUSEWRIGHT_DB: join(dir, 'bench.db'), CLAUSEWRIGHT_LOG: process.env.BENCH_LOG ?? 'silent', UV_THREADPOOL_SIZE: '16' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_LOG) process.stderr.write(chunk);
      out += chunk.toString();
      const match = /running: http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, port, dir };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** wrk, a load generator in C, posting the create-document request; latencies from its --latency table. */
export async function runWrk(options: { url: string; body: string; cookie: string; origin: string; concurrency: number; seconds: number; dir: string; pid: number }): Promise<HttpRun> {
  const script = join(options.dir, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(options.body)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Cookie"] = "${options.cookie}"\nwrk.headers["Origin"] = "${options.origin}"\n`,
  );
  let maxRss = rssMb(options.pid);
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(options.pid))), 200);
  try {
    // Spawned, not execFileSync: the RSS sampler must keep running while wrk does.
    const wrk = spawn('wrk', ['-t', String(Math.min(options.concurrency, 2)), '-c', String(options.concurrency), '-d', `${options.seconds}s`, '--latency', '-s', script, options.url]);
    let out = '';
    wrk.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => wrk.once('exit', resolve));
    const ms = (label: string) => {
      const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
      if (!m) return NaN;
      const v = Number(m[1]);
      return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
    };
    return {
      concurrency: options.concurrency,
      requestsPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]),
      p50: ms('50'),
      p99: ms('99'),
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      maxRssMb: Math.round(maxRss),
    };
  } finally {
    clearInterval(sampler);
  }
}
