import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { renderShell } from './render-docx.ts';
import type { RenderJob } from './render-pool.ts';
import type { Shell } from './shell.ts';

// Each worker keeps its own copy of the shells, made once: a render reuses the shell's parts compressed on first use.
const shells = new Map<string, Shell>(
  Object.entries(workerData.shells as Record<string, Uint8Array>).map(([kind, bytes]) => [kind, { kind, manifest: { kind, title: '', tags: [] }, bytes: Buffer.from(bytes) }]),
);

/**
 * Rendering is throughput work; the main thread and libuv's threads run the database round trips
 * of transactions that hold the write lock. On two cores they compete for the CPU under load,
 * so this thread yields to them (nice +5; Linux sets a thread's niceness by its thread id).
 * Where that is not possible the worker runs at the process's priority.
 */
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 5);
} catch {
  // not Linux, or no /proc: nothing to do
}

parentPort!.on('message', (job: RenderJob) => {
  try {
    const shell = shells.get(job.kind);
    if (!shell) throw new Error(`no shell for ${job.kind}`);
    const result = renderShell(shell, job.data, job.mode, job.customProperties);
    // A dedicated copy, so the transfer cannot detach a buffer pool shared with other Buffers.
    const bytes = new Uint8Array(result.bytes);
    parentPort!.postMessage({ ok: true, bytes, missing: result.missing }, [bytes.buffer]);
  } catch (error) {
    const details = error instanceof AppError ? error.details : undefined;
    parentPort!.postMessage({ ok: false, error: { message: error instanceof AppError ? error.message : 'The Word template could not be filled.', details } });
  }
});
