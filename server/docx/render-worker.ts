import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { renderShell } from './render-docx.ts';
import type { RenderJob } from './render-pool.ts';

// Each worker keeps its own copy of the shell bytes; a job carries only the data to fill in.
const shells = workerData.shells as Record<string, Uint8Array>;

parentPort!.on('message', (job: RenderJob) => {
  try {
    const shell = shells[job.kind];
    if (!shell) throw new Error(`no shell for ${job.kind}`);
    const result = renderShell({ kind: job.kind, manifest: { kind: job.kind, title: '', tags: [] }, bytes: Buffer.from(shell) }, job.data, job.mode, job.customProperties);
    // A dedicated copy, so the transfer cannot detach a buffer pool shared with other Buffers.
    const bytes = new Uint8Array(result.bytes);
    parentPort!.postMessage({ ok: true, bytes, missing: result.missing }, [bytes.buffer]);
  } catch (error) {
    const details = error instanceof AppError ? error.details : undefined;
    parentPort!.postMessage({ ok: false, error: { message: error instanceof AppError ? error.message : 'The Word template could not be filled.', details } });
  }
});
