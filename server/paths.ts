import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the one holding package.json), found by walking up from this
 * module. Every file the server reads at run time (migrations, clauses, templates, reference
 * data, the UI's assets) is located from here, so the code runs the same from its TypeScript
 * sources (tsx, tests) and from the single-file production build in build/.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error(`clausewright: no project root above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath('server/db/migrations'). */
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
