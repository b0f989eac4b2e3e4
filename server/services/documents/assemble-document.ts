import { createHash } from 'node:crypto';
import type { ClauseVersion, DocumentKind } from '../../schemas/clause.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import { labelerOfSchema, labelProblems } from '../../http/field-labels.ts';
import { AppError } from '../../errors.ts';
import { buildBodyXml, buildExhibitsXml, buildRecordXml, type MissingValue, type RenderMode } from '../../docx/body-xml.ts';
import { renderShell } from '../../docx/render-docx.ts';
import { buildRedlineBodyXml, type ChangeMark } from '../../docx/redline.ts';
import { curlyQuotes } from '../../docx/ooxml.ts';
import type { RenderJob, RenderResult } from '../../docx/render-pool.ts';
import type { Shell } from '../../docx/shell.ts';
import type { ClauseLibrary } from '../clauses/clause-library.ts';
import { clausePlainText, parseClauseText, type Block } from '../clauses/clause-text.ts';
import { KINDS } from './kinds/index.ts';
import type { MatterFacts, Values } from './kinds/kind.ts';
import { entityDescription } from './format.ts';
import { selectClauses, type ClausePins, type VariantChoices } from './select-clauses.ts';
import { parseOverrides } from './overrides.ts';

/** What assembly reads: the clause library, the shells and the current reference data. */
export interface Catalog {
  library: ClauseLibrary;
  shells: Record<DocumentKind, Shell>;
  reference(): ReferenceData;
  /** The reference data as shipped in data/reference, before administrators' revisions. */
  baseReference: ReferenceData;
  /** Replaces the reference data in force (an admin's correction takes effect without a restart). */
  setReference(next: ReferenceData): void;
  /** Fills a shell: on a worker pool in the server, in-thread by default (tests, CLI). */
  render?: (job: RenderJob) => Promise<RenderResult>;
}

export interface DocumentMeta {
  documentName: string;
  /** The version number a draft's label and footer show; empty when there is no stored version (CLI). */
  versionLabel: string;
  /** The document number the firm files and finds it by (shown in the app and file names); empty when none. */
  documentShortId: string;
}

/** "Management Services Agreement · Draft 3 · Doc. no. CW-7KQ2M9XA": title, version while a draft, number. */
export function footerText(meta: DocumentMeta, execution: boolean): string {
  const version = execution ? '' : meta.versionLabel ? `Draft ${meta.versionLabel}` : 'Draft';
  return [meta.documentName, version, meta.documentShortId ? `Doc. no. ${meta.documentShortId}` : ''].filter(Boolean).join(' · ');
}

/** The record printed on the last page of an executable version and kept in its custom properties. */
export interface DocumentRecord {
  rows: [string, string][];
  properties: Record<string, string>;
}

export interface AssembleInput {
  kind: DocumentKind;
  /** Answers already parsed by the kind's schema (see parseAnswers). */
  answers: unknown;
  matter: MatterFacts;
  choices?: VariantChoices;
  overrides?: Record<string, string>;
  pins?: ClausePins;
  mode: RenderMode;
  meta: DocumentMeta;
  record?: DocumentRecord;
  /** Makes the body a redline: the changes from this earlier version tracked in place (compare.ts). */
  redlineFrom?: { articles: ComposedDocument['articles']; values: Values; mark: ChangeMark };
}

/** A selected clause as the document uses it: its pinned version, its text (overridden or not) as blocks and plain text. */
export interface UsedClause {
  id: string;
  version: number;
  title: string;
  tags: string[];
  citations: string[];
  overridden: boolean;
  /** The clause as printed, values filled in. */
  text: string;
  /** The clause with [variable] placeholders; the language rules scan. */
  templateText: string;
  /** Identifies library text for caching scans (`id@version`); null for an attorney's override. */
  scanKey: string | null;
}

export interface Assembled {
  bytes: Buffer;
  missing: MissingValue[];
  clauses: UsedClause[];
  pins: ClausePins;
  values: Values;
}

/** Validates answers against the kind's schema; every problem is listed with its field path (422). */
export function parseAnswers(kind: DocumentKind, raw: unknown): unknown {
  const parsed = KINDS[kind].answersSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({
    path: ['answers', ...i.path.map(String)].join('.'),
    issue: (i.code === 'custom' ? (i.params as { reason?: string } | undefined)?.reason : undefined) ?? i.code,
    message: i.message,
  }));
  // Each problem also named by the question's label, in a sentence (http/field-labels.ts).
  const label = labelerOfSchema(KINDS[kind].answersSchema);
  const fields = labelProblems(problems, (path) => label(path.replace(/^answers\./, '')));
  throw new AppError('unprocessable', `The answers are not valid: ${fields.slice(0, 3).map((f) => f.message).join(' ')}`, { fields });
}

export interface ComposedDocument {
  values: Values;
  /** Values the selected clauses use but the answers do not supply. */
  missing: MissingValue[];
  pins: ClausePins;
  clauses: UsedClause[];
  articles: { title: string; numbered: boolean; clauses: { id: string; title: string; blocks: Block[] }[] }[];
  ctx: { reference: ReferenceData; summaries: Map<string, string> };
}

/** Everything about a document except its Word file: the clauses selected, their text and the values. */
export function composeDocument(catalog: Catalog, input: Pick<AssembleInput, 'kind' | 'answers' | 'matter' | 'choices' | 'overrides' | 'pins'>): ComposedDocument {
  const kind = KINDS[input.kind];
  const reference = catalog.reference();
  const summaries = new Map(catalog.library.currentForKind(input.kind).filter((c) => c.summary).map((c) => [c.id, c.summary!]));
  const ctx = { reference, summaries };
  const values = kind.values(input.answers, input.matter, ctx);
  const overrides = parseOverrides(input.kind, input.overrides ?? {}, catalog.library);
  const selected = selectClauses(catalog.library, input.kind, kind.facts(input.answers, input.matter), input.choices, input.pins);
  const blocksOf = (c: ClauseVersion): Block[] => overrides.get(c.id) ?? catalog.library.blocks(c);
  const missing: MissingValue[] = [];
  for (const c of selected) {
    for (const block of blocksOf(c)) for (const i of block.inlines) if (i.kind === 'var' && !values[i.name]) missing.push({ field: i.name, clauseId: c.id });
  }
  return {
    values,
    missing,
    ctx,
    pins: Object.fromEntries(selected.map((c) => [c.id, c.version])),
    articles: kind.articles.map((a) => ({
      title: a.title,
      numbered: a.numbered,
      clauses: selected.filter((c) => c.article === a.key).map((c) => ({ id: c.id, title: c.title, blocks: blocksOf(c) })),
    })),
    clauses: selected.map((c) => ({
      id: c.id,
      version: c.version,
      title: c.title,
      tags: c.tags,
      citations: c.citations,
      overridden: overrides.has(c.id),
      // Built on first use: checks read templateText, so a re-check never pays for it.
      get text() {
        return clausePlainText(blocksOf(c), values);
      },
      templateText: overrides.has(c.id) ? clausePlainText(blocksOf(c), {}) : catalog.library.templateText(c),
      scanKey: overrides.has(c.id) ? null : `${c.id}@${c.version}`,
    })),
  };
}

/**
 * Assembles a document: selects clause versions from the answers, renders their text with the
 * answer values into OOXML we build and escape ourselves, and fills the kind's Word shell. In
 * final mode any missing value is an error listing every missing field at once.
 */
export async function assembleDocument(catalog: Catalog, input: AssembleInput): Promise<Assembled> {
  const kind = KINDS[input.kind];
  const composed = composeDocument(catalog, input);
  const { values } = composed;
  const body = input.redlineFrom
    ? buildRedlineBodyXml(input.redlineFrom, { articles: composed.articles, values }, input.redlineFrom.mark)
    : buildBodyXml(composed.articles, values, input.mode);
  const signatories = kind.signatories(input.answers);
  // "Execution version" only for the rendition the executable gate produced (it alone carries the
  // document record); everything else, including a final-mode CLI file, is labelled a draft.
  const execution = input.record !== undefined;
  const text: Values = {
    ...values,
    documentTitle: kind.title,
    draftLabel: execution ? 'Execution version' : `Draft${input.meta.versionLabel ? ` — version ${input.meta.versionLabel}` : ''} — privileged and confidential`,
    draftNotice: execution ? '' : 'DRAFT FOR DISCUSSION — NOT FOR SIGNATURE',
    footerText: footerText(input.meta, execution),
    // The parties are described once, in the preamble, as lawyers write them.
    party1Description: entityDescription(values.msoState, values.msoEntityType),
    party2Description: entityDescription(values.practiceState, values.practiceEntityType),
    party1Defined: kind.parties[0],
    party2Defined: kind.parties[1],
    party1Label: `${kind.parties[0].toUpperCase()}:`,
    party2Label: `${kind.parties[1].toUpperCase()}:`,
    // The first party is the MSO, or under a line of credit the MSO affiliate that lends (kinds/loc.ts).
    party1Name: values.msoName ?? input.matter.msoName,
    party2Name: input.matter.peName,
    signatory1Name: signatories[0]?.name,
    signatory1Title: signatories[0]?.title,
    signatory2Name: signatories[1]?.name,
    signatory2Title: signatories[1]?.title,
  };
  // The shell's text tags get the same typographer's quotes as the body (a party name typed with ").
  for (const [key, value] of Object.entries(text)) if (value) text[key] = curlyQuotes(value);
  const raw = {
    body: body.bytes,
    contents: body.contents,
    // The checklist's tasks follow its heading block on the first page.
    exhibits: buildExhibitsXml(kind.exhibits(input.answers, input.matter, composed.ctx), { breakBeforeFirst: input.kind !== 'formation-checklist' }),
    recordPage: input.record ? buildRecordXml({ title: 'Document Record', rows: input.record.rows, note: RECORD_NOTE }) : '',
  };
  const job: RenderJob = { kind: input.kind, data: { text, raw }, mode: input.mode, customProperties: input.record?.properties };
  const rendered = catalog.render ? await catalog.render(job) : renderShell(catalog.shells[input.kind], job.data, job.mode, job.customProperties);
  const missing = [...body.missing, ...rendered.missing.map((field) => ({ field }))];
  if (input.mode === 'final' && missing.length) {
    const fields = [...new Set(missing.map((m) => m.field))];
    throw new AppError('unprocessable', `The document cannot be finalised; these fields have no value: ${fields.join(', ')}.`, { reason: 'missing_fields', missing: fields });
  }
  return { bytes: rendered.bytes, missing, pins: composed.pins, values, clauses: composed.clauses };
}

const RECORD_NOTE =
  'This record was generated by clausewright when an attorney marked this version executable. clausewright is a drafting aid; the responsible attorney reviewed the findings listed above. The SHA-256 of the inputs identifies the exact answers, clause versions and overrides this document was assembled from.';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
