import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssMb } from '../helpers/server-process.ts';

export interface HttpRun {
  concurrency: number;
  requestsPerSec: number;
  p50: number;
  p99: number;
  /** From wrk's done() hook: its --latency table stops at 90 and 99. */
  p95: number;
  /** Requests completed in the run. */
  requests: number;
  /** Requests wrk gave up on (its --timeout, 2 s unless timeoutSeconds is given): not in the latencies. */
  timeouts: number;
  non2xx: number;
  maxRssMb: number;
}

/** wrk, a load generator in C, posting the create-document request; latencies from its --latency table. */
export async function runWrk(options: { url: string; body: string; cookie: string; origin: string; concurrency: number; seconds: number; dir: string; pid: number; timeoutSeconds?: number }): Promise<HttpRun> {
  const script = join(options.dir, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(options.body)}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Cookie"] = "${options.cookie}"\nwrk.headers["Origin"] = "${options.origin}"\n` +
      `done = function(summary, latency, requests) io.write(string.format("p95_us %d\\nrequests_total %d\\n", latency:percentile(95), summary.requests)) end\n`,
  );
  let maxRss = rssMb(options.pid);
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(options.pid))), 200);
  try {
    // Spawned, not execFileSync: the RSS sampler must keep running while wrk does.
    const wrk = spawn('wrk', ['-t', String(Math.min(options.concurrency, 2)), '-c', String(options.concurrency), '-d', `${options.seconds}s`, '--latency', ...(options.timeoutSeconds ? ['--timeout', `${options.timeoutSeconds}s`] : []), '-s', script, options.url]);
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
      p95: Number(/p95_us (\d+)/.exec(out)?.[1] ?? NaN) / 1000,
      requests: Number(/requests_total (\d+)/.exec(out)?.[1] ?? NaN),
      timeouts: Number(/Socket errors:.*timeout (\d+)/.exec(out)?.[1] ?? 0),
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      maxRssMb: Math.round(maxRss),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Rounds of one concurrency as one figure: requests/s over all rounds, the median of the rounds' percentiles. */
export function combineRuns(runs: HttpRun[]): HttpRun & { rounds: { requestsPerSec: number; p50: number; p99: number }[] } {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    concurrency: runs[0]!.concurrency,
    // Equal durations, so the mean of the rates is total requests over total time.
    requestsPerSec: round2(runs.reduce((sum, r) => sum + r.requestsPerSec, 0) / runs.length),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    p95: median(runs.map((r) => r.p95)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    rounds: runs.map((r) => ({ requestsPerSec: r.requestsPerSec, p50: r.p50, p99: r.p99 })),
  };
}
