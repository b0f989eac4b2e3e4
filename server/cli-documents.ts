import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from './runtime.ts';
import { AppError } from './errors.ts';
import { documentKind, type DocumentKind } from './schemas/clause.ts';
import { CreateMatterSchema } from './schemas/matter.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from './services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from './services/documents/assemble-document.ts';
import type { MatterFacts } from './services/documents/kinds/kind.ts';
import { KINDS } from './services/documents/kinds/index.ts';
import { composeAndCheck } from './services/documents/compose-and-check.ts';
import { DEFAULT_TIME_ZONE, dateIn } from './services/deadlines/dates.ts';
import { DEMO_DEAL } from './services/seed/demo-deal.ts';

/** Used when no --matter file is given. */
export const DEFAULT_MATTER: MatterFacts = DEMO_DEAL;

// The MSO's owners, the investment terms, the practice type and the patient states default to none / general (issue 23).
const MatterFileSchema = CreateMatterSchema.pick({ msoName: true, msoEntityType: true, msoState: true, peName: true, peEntityType: true, peState: true, governingLawState: true, owners: true, transaction: true, msoOwners: true, msoInvestment: true, practiceType: true, patientStates: true }).partial({ transaction: true }).strict();

class InvalidInput extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InvalidInput([`${what}: cannot read ${path}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInput([`${what}: ${path} is not valid JSON (${(error as Error).message})`]);
  }
}

interface DocumentArgs {
  kind: DocumentKind;
  answers: unknown;
  matter: MatterFacts;
  catalog: Catalog;
  close: () => Promise<void>;
}

async function readDocumentArgs(args: string[], extra: Record<string, { type: 'string' | 'boolean' }>): Promise<DocumentArgs & { values: Record<string, string | boolean | undefined> }> {
  const { values } = parseArgs({ args, options: { kind: { type: 'string' }, answers: { type: 'string' }, matter: { type: 'string' }, ...extra } });
  const problems: string[] = [];
  const kind = documentKind.safeParse(values.kind);
  if (!kind.success) problems.push(`--kind must be one of ${Object.keys(KINDS).join(', ')}`);
  if (typeof values.answers !== 'string') problems.push('--answers <file.json> is required');
  if (problems.length) throw new InvalidInput(problems);
  const rawAnswers = await readJson(values.answers as string, 'answers');
  let matter = DEFAULT_MATTER;
  if (typeof values.matter === 'string') {
    const parsed = MatterFileSchema.safeParse(await readJson(values.matter, 'matter'));
    if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => `matter.${i.path.join('.')}: ${i.message}`));
    matter = { ...parsed.data, owners: parsed.data.owners.map((o) => ({ ...o, licenseState: o.licenseState ?? null })) };
  }
  let answers: unknown;
  try {
    answers = parseAnswers(kind.data!, rawAnswers);
  } catch (error) {
    if (error instanceof AppError) throw new InvalidInput(((error.details?.fields as { path: string; message: string }[]) ?? []).map((f) => `${f.path}: ${f.message}`));
    throw error;
  }
  // The clause library versions live in a database; a private in-memory one serves a one-off command.
  const db = await openDatabase({ CLAUSEWRIGHT_DB: ':memory:' });
  const catalog = await openCatalog(db, await loadCatalogFiles(projectDirs(new URL('..', import.meta.url).pathname)), new Date());
  return { kind: kind.data!, answers, matter, catalog, values, close: () => db.close() };
}

/**
 * A file from the command line never passed the executable gate, so it carries a draft label
 * (assembleDocument gives "Execution version" only with the gate's record); final mode only
 * refuses blank fields. It has no stored version; --doc-id puts the firm's number in the footer.
 */
function assemble(a: DocumentArgs, mode: 'draft' | 'final', docId = '') {
  return assembleDocument(a.catalog, { kind: a.kind, answers: a.answers, matter: a.matter, mode, meta: { documentName: KINDS[a.kind].title, versionLabel: '', documentShortId: docId } });
}

/** `clausewright assemble`: exit 0 on success, 2 on invalid input with every problem listed. */
export async function assembleCommand(args: string[]): Promise<number> {
  return withInputErrors(async () => {
    const a = await readDocumentArgs(args, { out: { type: 'string' }, draft: { type: 'boolean' }, 'doc-id': { type: 'string' } });
    try {
      if (typeof a.values.out !== 'string') throw new InvalidInput(['--out <file.docx> is required']);
      const result = await assemble(a, a.values.draft ? 'draft' : 'final', typeof a.values['doc-id'] === 'string' ? a.values['doc-id'] : '');
      await writeFile(a.values.out, result.bytes);
      process.stdout.write(`wrote ${a.values.out} (${result.bytes.length} bytes, ${result.clauses.length} clauses)\n`);
      return 0;
    } finally {
      await a.close();
    }
  });
}

/** `clausewright check`: findings as JSON (--json) or text; exit 0 without errors, 1 with errors, 2 on invalid input. */
export async function checkCommand(args: string[]): Promise<number> {
  return withInputErrors(async () => {
    const a = await readDocumentArgs(args, { json: { type: 'boolean' } });
    try {
      // Rendered in draft mode so blanks in the Word shell are findings too, as when a version is saved.
      const assembled = await assemble(a, 'draft');
      const { report } = composeAndCheck(a.catalog, { kind: a.kind, answers: a.answers as Record<string, unknown>, matter: a.matter }, { related: [], today: dateIn(new Date(), DEFAULT_TIME_ZONE) }, assembled);
      if (a.values.json) process.stdout.write(JSON.stringify(report.findings, null, 2) + '\n');
      else for (const f of report.findings) process.stdout.write(`${f.severity.toUpperCase().padEnd(7)} ${f.ruleId}${f.clauseId ? ` [${f.clauseId}]` : ''}: ${f.message}\n        fix: ${f.fix}\n        source: ${f.citation}\n`);
      return report.summary.errors > 0 ? 1 : 0;
    } finally {
      await a.close();
    }
  });
}

async function withInputErrors(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidInput) {
      process.stderr.write(`invalid input:\n  ${error.problems.join('\n  ')}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      const details = error.details ? `\n  ${JSON.stringify(error.details)}` : '';
      process.stderr.write(`${error.message}${details}\n`);
      return 2;
    }
    throw error;
  }
}

