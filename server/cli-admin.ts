import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase, readConfig, PROJECT_ROOT } from './main.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from './services/catalog/load-catalog.ts';
import { recheckInForce } from './services/compliance/recheck.ts';
import { reviseReference } from './services/reference/reference-revisions.ts';
import { AppError } from './errors.ts';

const SYSTEM = { userId: null, role: 'system', ip: null, requestId: 'cli' };

async function withCatalog<T>(work: (deps: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<T> {
  const deps = await open();
  try {
    return await work(deps);
  } finally {
    await deps.db.close();
  }
}

async function open() {
  const db = await openDatabase(readConfig());
  const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(PROJECT_ROOT)), new Date());
  return { db, catalog };
}

/** `clausewright recheck [--json]`: exit 0 when nothing changed, 1 when some documents' findings changed. */
export async function recheckCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  return withCatalog(async ({ db, catalog }) => {
    const result = await recheckInForce({ db, catalog, now: new Date(), actor: SYSTEM });
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      process.stdout.write(`re-checked ${result.checked} documents in force; ${result.changes.length} changed\n`);
      for (const c of result.changes) {
        process.stdout.write(`  document ${c.documentId} (${c.title}, v${c.versionNo}): errors ${c.before.errors}→${c.after.errors}, warnings ${c.before.warnings}→${c.after.warnings}\n`);
        for (const f of c.added) process.stdout.write(`    + ${f.severity} ${f.ruleId}: ${f.message}\n`);
        for (const f of c.removed) process.stdout.write(`    - ${f.severity} ${f.ruleId}: ${f.message}\n`);
      }
    }
    return result.changes.length ? 1 : 0;
  });
}

/** `clausewright reference set-afr|set-jurisdiction --file row.json --reason "…"`: validated, audited, versioned. */
export async function referenceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const table = sub === 'set-afr' ? 'afr' : sub === 'set-jurisdiction' ? 'jurisdiction' : null;
  const { values } = parseArgs({ args: rest, options: { file: { type: 'string' }, reason: { type: 'string' } } });
  if (!table || !values.file || !values.reason) {
    process.stderr.write('usage: clausewright reference set-afr|set-jurisdiction --file row.json --reason "why"\n');
    return 2;
  }
  const row = JSON.parse(await readFile(values.file, 'utf8')) as { month?: string; code?: string };
  return withCatalog(async ({ db, catalog }) => {
    try {
      const { reference, checklistMattersResynced } = await reviseReference(
        { db, now: new Date(), actor: SYSTEM, base: catalog.baseReference, timeZone: readConfig().CLAUSEWRIGHT_TIME_ZONE },
        { table, key: String(table === 'afr' ? row.month : row.code), row, reason: values.reason! },
      );
      process.stdout.write(`stored; reference data is now version ${reference.afr.version} (a running server picks it up within seconds)\n`);
      if (checklistMattersResynced) process.stdout.write(`formation checklists on ${checklistMattersResynced} matter(s) in ${row.code} brought up to date\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      process.stderr.write(`${error.message}\n${JSON.stringify(error.details ?? {}, null, 2)}\n`);
      return 2;
    }
  });
}
