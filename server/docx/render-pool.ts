import { availableParallelism } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { AppError } from '../errors.ts';
import { projectPath } from '../paths.ts';
import type { RenderMode } from './body-xml.ts';
import type { RawValue, ShellData } from './render-docx.ts';
import { deflatePieceOffThread } from './zip-writer.ts';

export interface RenderJob {
  kind: string;
  data: ShellData;
  mode: RenderMode;
  customProperties?: Record<string, string>;
}

export interface RenderResult {
  bytes: Buffer;
  missing: string[];
}

let bundledEntry: URL | null = null;
const encoder = new TextEncoder();

/** Raw OOXML at least this large is deflated before it goes to the worker (the body: ~134 KB). */
const DEFLATE_AHEAD_BYTES = 16 * 1024;

/** Bytes in an ArrayBuffer of their own: moving a slice of Node's shared Buffer pool would detach the pool. */
const owned = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

/**
 * A raw value as the worker gets it: UTF-8 moved rather than copied, and the body already
 * deflated, by zlib on libuv's thread pool (not on the event loop, not on the render worker).
 * On two cores the single worker was the bottleneck under load (requests waited ~40 ms in its
 * queue at concurrency 8); the body's deflate was a quarter of a render. The worker joins the
 * deflated body to the shell's parts (see compressPieces).
 */
async function forWorker(value: RawValue): Promise<RawValue> {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { raw: owned(value.raw), deflated: owned(value.deflated) };
  const bytes = typeof value === 'string' ? encoder.encode(value) : owned(value);
  if (bytes.length < DEFLATE_AHEAD_BYTES) return bytes;
  const piece = await deflatePieceOffThread(bytes);
  return { raw: bytes, deflated: owned(piece.deflated) };
}

/**
 * The worker's code as one plain-JavaScript bundle, built once per process with esbuild (the
 * compiler tsx itself uses): a worker then starts without loading tsx, about 30 MB less per
 * thread. If bundling fails, the worker registers tsx itself (render-worker-boot.mjs).
 */
function workerEntry(): URL {
  if (bundledEntry) return bundledEntry;
  try {
    const source = projectPath('server/docx/render-worker.ts');
    const outfile = join(mkdtempSync(join(tmpdir(), 'clausewright-worker-')), 'render-worker.mjs');
    buildSync({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      // CommonJS dependencies (pizzip, docxtemplater) call require(); give the ES module one.
      banner: { js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);" },
    });
    bundledEntry = pathToFileURL(outfile);
  } catch {
    bundledEntry = pathToFileURL(projectPath('server/docx/render-worker-boot.mjs'));
  }
  return bundledEntry;
}

interface Pending {
  job: RenderJob;
  resolve: (r: RenderResult) => void;
  reject: (e: Error) => void;
}

/**
 * Fills Word shells on worker threads, one per core, so rendering (CPU-bound: XML parsing,
 * templating, deflate) never blocks the event loop. The queue is bounded: when it is full the
 * caller gets 503 with Retry-After rather than an ever-growing backlog.
 */
export class RenderPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(
    shells: Record<string, Buffer>,
    readonly size = Math.max(1, availableParallelism()),
    readonly maxQueue = 64,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn(shells));
  }

  private spawn(shells: Record<string, Buffer>): Worker {
    // Bounded heaps keep the server's memory flat under load (each worker holds only a shell and one job).
    const worker = new Worker(workerEntry(), { workerData: { shells }, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 } });
    worker.on('message', (message: { ok: true; bytes: Uint8Array; missing: string[] } | { ok: false; error: { message: string; details?: Record<string, unknown> } }) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      if (pending) {
        if (message.ok) pending.resolve({ bytes: Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength), missing: message.missing });
        else pending.reject(new AppError('unprocessable', message.error.message, message.error.details));
      }
      this.next(worker);
    });
    worker.on('error', (error) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      pending?.reject(error);
      if (!this.closed) this.idle.push(this.spawn(shells));
    });
    worker.unref();
    return worker;
  }

  async render(given: RenderJob): Promise<RenderResult> {
    if (this.closed) throw new Error('render pool is closed');
    if (this.idle.length === 0 && this.queue.length >= this.maxQueue) throw this.busyError();
    const raw = Object.fromEntries(await Promise.all(Object.entries(given.data.raw).map(async ([k, v]) => [k, await forWorker(v)] as const)));
    const job: RenderJob = { ...given, data: { ...given.data, raw } };
    return new Promise((resolve, reject) => {
      const pending = { job, resolve, reject };
      const worker = this.idle.pop();
      if (worker) return this.dispatch(worker, pending);
      if (this.queue.length >= this.maxQueue) return reject(this.busyError());
      this.queue.push(pending);
    });
  }

  private busyError(): AppError {
    return new AppError('unavailable', 'The server is busy assembling other documents. Try again in a moment.', undefined, { 'Retry-After': '2' });
  }

  private dispatch(worker: Worker, pending: Pending): void {
    this.busy.set(worker, pending);
    // A worker with a job keeps the process alive until it answers; an idle one does not.
    worker.ref();
    const buffers = Object.values(pending.job.data.raw).flatMap((v) => (typeof v === 'string' ? [] : v instanceof Uint8Array ? [v.buffer] : [v.raw.buffer, v.deflated.buffer]));
    worker.postMessage(pending.job, [...new Set(buffers as ArrayBuffer[])]);
  }

  private next(worker: Worker): void {
    const pending = this.queue.shift();
    if (pending) this.dispatch(worker, pending);
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('render pool is closed'));
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
    if (bundledEntry?.protocol === 'file:' && bundledEntry.pathname.includes('clausewright-worker-')) {
      rmSync(dirname(fileURLToPath(bundledEntry)), { recursive: true, force: true });
      bundledEntry = null;
    }
  }
}
