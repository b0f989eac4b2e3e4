import type { Database } from '../../db/database.ts';
import { insertReferenceRevision, listReferenceRevisions, type ReferenceRevisionRow } from '../../db/reference.ts';
import { AppError } from '../../errors.ts';
import { parseReferenceData, ReferenceDataError, type AfrMonth, type ReferenceData } from '../../schemas/reference.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import { recheckInForce, type RecheckChange } from '../compliance/recheck.ts';
import type { Catalog } from '../documents/assemble-document.ts';
import { AfrImportError } from './afr-ruling/afr-import-error.ts';
import { afrMonthFromRuling, sameFigures } from './afr-ruling/afr-month-from-ruling.ts';
import { parseAfrRulingPdf } from './afr-ruling/parse-afr-ruling.ts';
import { findAfrMonth } from './afr.ts';
import { applyRevisions } from './reference-revisions.ts';

/** A ruling is a few hundred KB; a file far larger is not one. */
export const MAX_AFR_FILE_BYTES = 2 * 1024 * 1024;
/** Files per import: a year of rulings and then some. */
export const MAX_AFR_FILES = 24;

export interface AfrImportFile {
  name: string;
  bytes: Uint8Array;
  /** The file's size when it was too large to read at all (the command line checks before reading). */
  size?: number;
}

export interface AfrImportResult {
  imported: { month: string; revRul: string }[];
  replaced: { month: string; revRul: string }[];
  unchanged: { month: string; revRul: string }[];
  /** The reference version now in force. */
  version: string;
  /** Documents in force whose findings changed (only when a month on file was replaced). */
  recheck?: { checked: number; changes: RecheckChange[] };
}

/** Parses every file first; one bad file refuses the whole import, naming each problem. */
export async function parseRulingFiles(files: AfrImportFile[]): Promise<AfrMonth[]> {
  if (files.length === 0) throw new AppError('bad_request', 'Choose at least one ruling PDF to import.', { reason: 'missing_file' });
  if (files.length > MAX_AFR_FILES) throw new AppError('payload_too_large', `Import at most ${MAX_AFR_FILES} rulings at a time.`, { reason: 'too_many_files' });
  const rows: AfrMonth[] = [];
  const problems: { file: string; reason: string; message: string }[] = [];
  for (const file of files) {
    try {
      const size = file.size ?? file.bytes.length;
      if (size > MAX_AFR_FILE_BYTES) throw new AfrImportError('file_too_large', `The file is ${Math.round(size / 1024)} KB; an IRS AFR ruling is well under ${MAX_AFR_FILE_BYTES / 1024 / 1024} MB.`);
      rows.push(afrMonthFromRuling(await parseAfrRulingPdf(file.bytes)));
    } catch (error) {
      if (!(error instanceof AfrImportError)) throw error;
      problems.push({ file: file.name, reason: error.reason, message: error.message });
    }
  }
  if (problems.length) {
    const first = problems[0]!;
    const status = first.reason === 'file_too_large' ? 'payload_too_large' : 'unprocessable';
    const summary = files.length === 1 ? `${first.file}: ${first.message}` : `${problems.length} of ${files.length} files could not be imported; nothing was imported. ${problems.map((p) => `${p.file}: ${p.message}`).join(' ')}`;
    throw new AppError(status, summary, { reason: first.reason, files: problems });
  }
  const byMonth = new Map<string, AfrMonth>();
  for (const row of rows) {
    const twin = byMonth.get(row.month);
    if (twin && !sameFigures(twin, row)) throw new AppError('unprocessable', `Two of the files are rulings for ${row.month} with different figures (${twin.revRul}, ${row.revRul}); import one.`, { reason: 'afr_month_differs' });
    byMonth.set(row.month, row);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Imports IRS AFR rulings (the PDFs as published). Every figure is read from Table 1 and checked
 * before anything is stored; a month already on file with the same figures is left alone; one
 * on file with different figures is refused unless `replaceReason` confirms the replacement, in
 * which case the documents in force are re-checked. All months are stored in one transaction,
 * with one audit event, as reference revisions (so the version of the data every later check
 * names moves on).
 */
export async function importAfrRulings(
  deps: { db: Database; now: Date; actor: Actor; catalog: Catalog },
  files: AfrImportFile[],
  options: { replaceReason?: string } = {},
): Promise<AfrImportResult> {
  const rows = await parseRulingFiles(files);
  const inForce = deps.catalog.reference();
  const result: AfrImportResult = { imported: [], replaced: [], unchanged: [], version: inForce.afr.version };
  const changed: AfrMonth[] = [];
  for (const row of rows) {
    const current = findAfrMonth(inForce, row.month);
    const entry = { month: row.month, revRul: row.revRul };
    if (current && sameFigures(current, row) && current.verification === 'primary') {
      result.unchanged.push(entry);
      continue;
    }
    // Same figures from a weaker source are confirmed by the ruling, not replaced.
    (current && !sameFigures(current, row) ? result.replaced : result.imported).push(entry);
    changed.push(row);
  }
  const replaceReason = options.replaceReason?.trim();
  if (result.replaced.length && !replaceReason) {
    const months = result.replaced.map((r) => r.month).join(', ');
    throw new AppError('conflict', `${months} ${result.replaced.length === 1 ? 'is' : 'are'} already on file with different figures. To replace ${result.replaced.length === 1 ? 'it' : 'them'} with the ruling's, confirm the replacement and give a reason; documents in force will be re-checked.`, { reason: 'afr_month_differs', months: result.replaced.map((r) => r.month) });
  }
  if (changed.length === 0) return result;

  const revisions = await listReferenceRevisions(deps.db);
  let nextId = (revisions.at(-1)?.id ?? 0) + 1;
  const reasonFor = (row: AfrMonth) => (result.replaced.some((r) => r.month === row.month) ? replaceReason! : `Imported ${row.revRul} (SHA-256 ${row.sha256})`);
  const candidates: ReferenceRevisionRow[] = changed.map((row) => ({ id: nextId++, table_name: 'afr', row_key: row.month, row_json: JSON.stringify(row), author_id: deps.actor.userId, created_at: deps.now.toISOString(), reason: reasonFor(row) }));
  validateMerged(applyRevisions(deps.catalog.baseReference, [...revisions, ...candidates]));

  let lastId: number | null = null;
  await deps.db.transaction(async (tx) => {
    for (const c of candidates) lastId = await insertReferenceRevision(tx, { table_name: 'afr', row_key: c.row_key, row_json: c.row_json, author_id: c.author_id, created_at: c.created_at, reason: c.reason });
    await recordAudit(tx, deps.actor, deps.now, {
      type: 'reference.afr-imported',
      object: { type: 'reference.afr', id: changed.map((r) => r.month).join(',') },
      data: { imported: result.imported.map((r) => r.month), replaced: result.replaced.map((r) => r.month), unchanged: result.unchanged.map((r) => r.month), rulings: changed.map((r) => ({ month: r.month, revRul: r.revRul, sha256: r.sha256 ?? '' })), version: lastId, ...(replaceReason && result.replaced.length ? { reason: replaceReason } : {}) },
    });
  });
  const next = applyRevisions(deps.catalog.baseReference, await listReferenceRevisions(deps.db));
  deps.catalog.setReference(next);
  result.version = next.afr.version;
  if (result.replaced.length) result.recheck = await recheckInForce({ db: deps.db, catalog: deps.catalog, now: deps.now, actor: deps.actor });
  return result;
}

function validateMerged(merged: ReferenceData): void {
  try {
    parseReferenceData({ jurisdictions: merged.jurisdictions, afr: merged.afr, federal: merged.federal, formationItems: merged.formationItems });
  } catch (error) {
    if (!(error instanceof ReferenceDataError)) throw error;
    throw new AppError('unprocessable', 'The imported rulings would leave the AFR table inconsistent; nothing was imported.', { reason: 'afr_table_inconsistent', fields: error.problems.map((p) => ({ path: `${p.file}:${p.path}`, issue: 'invalid', message: p.message })) });
  }
}
