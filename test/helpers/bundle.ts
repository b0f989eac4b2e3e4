import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = new URL('../..', import.meta.url).pathname;
const built = new Map<string, string>();

/**
 * One esbuild bundle of a server entry point in build/, run by plain node as `npm start` runs the
 * server: a process starts in ~0.2 s instead of ~4 s of tsx compiling every module again.
 * Named by a hash of its content, so parallel test files share one file and never see a half-
 * written one (written aside, then renamed); bundles of older sources are removed after an hour.
 */
export function bundleOnce(entry: string, prefix: string): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const result = buildSync({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, outfile: join(ROOT, `build/${prefix}.mjs`), logLevel: 'warning' });
  const code = result.outputFiles[0]!.contents;
  const name = `${prefix}-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`;
  const dir = join(ROOT, 'build');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, name);
  if (!existsSync(outfile)) {
    const temp = `${outfile}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, outfile);
  }
  const old = new RegExp(`^${prefix}-[0-9a-f]{12}\\.mjs$`);
  for (const file of readdirSync(dir)) if (old.test(file) && file !== name && Date.now() - statSync(join(dir, file)).mtimeMs > 3_600_000) rmSync(join(dir, file), { force: true });
  built.set(entry, outfile);
  return outfile;
}

/**
 * The command line (server/cli.ts) bundled: `[process.execPath, [cliBundle(), ...args]]` runs what
 * `clausewright …` runs. test/cli.test.ts still runs server/bin/clausewright.mjs itself once.
 */
export const cliBundle = () => bundleOnce('server/cli.ts', 'cli-test');
