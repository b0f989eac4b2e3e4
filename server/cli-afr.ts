import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, readConfig, PROJECT_ROOT } from './main.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from './services/catalog/load-catalog.ts';
import { missingAfrMonths } from './services/reference/afr.ts';
import { listReferenceRevisions } from './db/reference.ts';
import { setAsideAfrRevisions } from './services/reference/reference-revisions.ts';
import { dateIn } from './services/deadlines/dates.ts';
import { importAfrRulings, MAX_AFR_FILE_BYTES, type AfrImportFile } from './services/reference/import-afr-rulings.ts';
import { AppError } from './errors.ts';

const SYSTEM = { userId: null, role: 'system', ip: null, requestId: 'cli' };
const USAGE = 'usage: clausewright afr import <file.pdf|folder> [--replace-reason "why"] [--json]\n       clausewright afr status [--json]\n';

/**
 * `clausewright afr import <file.pdf|folder>`: imports IRS AFR rulings exactly as the admin page
 * does (all files read and checked first; nothing stored unless every one is sound). Exit 0 on
 * success, 2 on a refused file or a month that would need `--replace-reason`.
 * `clausewright afr status`: which months since 2015-01 are on file and which are missing.
 */
export async function afrCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'status') return statusCommand(rest);
  process.stderr.write(USAGE);
  return 2;
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'replace-reason': { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  let files: AfrImportFile[];
  try {
    files = await readRulingFiles(positionals[0]!);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const db = await openDatabase(readConfig());
  try {
    const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(PROJECT_ROOT)), new Date());
    const result = await importAfrRulings({ db, catalog, now: new Date(), actor: SYSTEM }, files, { replaceReason: values['replace-reason'] });
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      const list = (rows: { month: string; revRul: string }[]) => rows.map((r) => `${r.month} (${r.revRul})`).join(', ');
      if (result.imported.length) process.stdout.write(`imported ${list(result.imported)}\n`);
      if (result.replaced.length) process.stdout.write(`replaced ${list(result.replaced)}\n`);
      if (result.unchanged.length) process.stdout.write(`already on file with the same figures: ${list(result.unchanged)}\n`);
      process.stdout.write(`reference data is now version ${result.version} (a running server picks it up within seconds)\n`);
      for (const c of result.recheck?.changes ?? []) process.stdout.write(`  re-check: document ${c.documentId} (${c.title}) errors ${c.before.errors}→${c.after.errors}, warnings ${c.before.warnings}→${c.after.warnings}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = (error.details?.files ?? []) as { file: string; reason: string; message: string }[];
    if (problems.length > 1) {
      process.stderr.write(`refused: ${problems.length} of ${files.length} files could not be imported; nothing was imported.\n`);
      for (const p of problems) process.stderr.write(`  ${p.file}: refused (${p.reason}): ${p.message}\n`);
    } else process.stderr.write(`refused (${String(error.details?.reason ?? error.code)}): ${error.message}\n`);
    if (error.details?.reason === 'afr_month_differs') process.stderr.write('To replace them, run again with --replace-reason "why".\n');
    return 2;
  } finally {
    await db.close();
  }
}

/** One PDF, or every .pdf in a folder (not recursive). */
async function readRulingFiles(path: string): Promise<AfrImportFile[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or folder.`);
  const paths = info.isDirectory() ? (await readdir(path)).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => join(path, f)) : [path];
  if (paths.length === 0) throw new Error(`${path}: the folder holds no .pdf files.`);
  const files: AfrImportFile[] = [];
  for (const p of paths) {
    // The size is checked before reading, so a huge file named .pdf is never loaded (the import refuses it by its size).
    const { size } = await stat(p);
    files.push(size > MAX_AFR_FILE_BYTES ? { name: basename(p), bytes: new Uint8Array(), size } : { name: basename(p), bytes: await readFile(p) });
  }
  return files;
}

async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const config = readConfig();
  const db = await openDatabase(config);
  try {
    const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(PROJECT_ROOT)), new Date());
    const ref = catalog.reference();
    // Counted to the firm's current month, as the admin page does (not the UTC month).
    const missing = missingAfrMonths(ref, dateIn(new Date(), config.CLAUSEWRIGHT_TIME_ZONE).slice(0, 7));
    const setAside = setAsideAfrRevisions(await listReferenceRevisions(db), ref);
    const months = ref.afr.months.map((m) => m.month);
    if (values.json) process.stdout.write(JSON.stringify({ onFile: months, missing, setAside }, null, 2) + '\n');
    else {
      process.stdout.write(`${months.length} months on file (${months[0]} … ${months.at(-1)}); missing: ${missing.length ? missing.join(', ') : 'none'}\n`);
      if (setAside.length) process.stdout.write(`${setAside.length} hand-entered correction(s) set aside (entered before every figure of Table 1 was kept; not used by the checks): ${setAside.map((r) => `${r.month}${r.inForce ? '' : ' (no ruling on file)'}`).join(', ')}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
