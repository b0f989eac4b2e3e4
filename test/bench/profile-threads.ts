/**
 * npm run bench:threads — where the server's CPU goes while it creates documents: wrk posts the
 * MSA sample at c=1, 8, 1, 8 and this prints requests/s, latency, machine idle time and each
 * thread's CPU per request (main thread, render worker, V8's GC helpers, libuv's pool), read
 * from /proc, with context switches per request. It found the single render worker, then the
 * write lock, as the c=8 bottleneck, then the thread-pool trips of unprepared statements and
 * the GC helpers' share (young generation too small for the in-flight requests).
 * Env: SECS (per run, default 8), WORKERS (render workers), SERVER_NODE_FLAGS (e.g. --cpu-prof).
 * A diagnostic, not a benchmark: `npm run bench` is the one that reports.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { demoLogin, startServerProcess } from '../helpers/server-process.ts';
import { runWrk } from './http.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const sample = JSON.parse(readFileSync(`${ROOT}templates/msa/sample.json`, 'utf8'));
const server = await startServerProcess({ env: process.env.WORKERS ? { CLAUSEWRIGHT_RENDER_WORKERS: process.env.WORKERS } : {} });
const pid = server.child.pid!;
const cookie = await demoLogin(server.base, 'attorney');
const matters = (await (await fetch(`${server.base}/api/matters`, { headers: { cookie } })).json()) as { matters: { id: number }[] };
const wrk = { url: `${server.base}/api/matters/${matters.matters[0]!.id}/documents`, body: JSON.stringify({ kind: 'msa', answers: sample }), cookie, origin: server.base, dir: dirname(server.dbFile), pid };

/** CPU ticks (1/100 s) used so far by each thread of the server, keyed "main" or "thread <tid>". */
function threadTicks(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out[Number(tid) === pid ? 'main' : `thread ${tid}`] = Number(fields[11]) + Number(fields[12]);
  }
  return out;
}

/**
 * Context switches so far: the main thread's voluntary ones (waiting for work) and involuntary
 * ones (preempted — the event loop stalls), and every other thread's voluntary ones (each is a
 * wake-up: a libuv pool job, a GC task, a render). Fewer pool trips per statement showed here first.
 */
function contextSwitches() {
  const out = { mainVoluntary: 0, mainPreempted: 0, otherWakeups: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    const voluntary = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
    const preempted = Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
    if (Number(tid) === pid) Object.assign(out, { mainVoluntary: voluntary, mainPreempted: preempted });
    else out.otherWakeups += voluntary;
  }
  return out;
}

function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
}

for (const concurrency of [1, 8, 1, 8]) {
  const [t0, m0, s0, start] = [threadTicks(), machineTicks(), contextSwitches(), Date.now()];
  const run = await runWrk({ ...wrk, concurrency, seconds: Number(process.env.SECS ?? 8) });
  const [t1, m1, s1, seconds] = [threadTicks(), machineTicks(), contextSwitches(), (Date.now() - start) / 1000];
  const requests = run.requestsPerSec * seconds;
  const all = Object.entries(t1)
    .map(([thread, ticks]) => [thread, ((ticks - (t0[thread] ?? 0)) * 10) / requests] as const)
    .sort((a, b) => b[1] - a[1]);
  // Threads under 0.3 ms a request (libuv's pool, mostly) are summed as one.
  const perRequest = [...all.filter(([, ms]) => ms >= 0.3), ['others', all.filter(([, ms]) => ms < 0.3).reduce((a, [, ms]) => a + ms, 0)] as const];
  const idle = Math.round(((m1.idle - m0.idle) / (m1.total - m0.total)) * 100);
  console.log(`c=${concurrency}: ${run.requestsPerSec} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, RSS ${run.maxRssMb} MB, machine idle ${idle}%`);
  console.log(`  CPU ms per request: ${perRequest.map(([t, ms]) => `${t} ${ms.toFixed(2)}`).join(', ')} (total ${perRequest.reduce((a, [, ms]) => a + ms, 0).toFixed(1)})`);
  const per = (key: keyof typeof s0) => ((s1[key] - s0[key]) / requests).toFixed(1);
  console.log(`  context switches per request: main waits ${per('mainVoluntary')}, main preempted ${per('mainPreempted')}, other threads' wake-ups ${per('otherWakeups')}`);
}
server.child.kill('SIGTERM');
process.exit(0);
