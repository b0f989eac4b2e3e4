import type { Reader } from '../../db/database.ts';
import { listLatestAnswersInMatter } from '../../db/documents.ts';
import type { DocumentKind } from '../../schemas/clause.ts';
import type { Matter } from '../../schemas/matter.ts';
import { runChecks, type ComplianceReport } from '../compliance/run-checks.ts';
import type { RelatedDocument } from '../compliance/rule.ts';
import { assembleDocument, parseAnswers, sha256, type Catalog, type ComposedDocument, type DocumentRecord } from './assemble-document.ts';
import type { ClausePins, VariantChoices } from './select-clauses.ts';
import type { RenderMode } from '../../docx/body-xml.ts';

export interface DraftingInputs {
  answers: Record<string, unknown>;
  choices: VariantChoices;
  overrides: Record<string, string>;
}

export interface PreparedVersion {
  answers: Record<string, unknown>;
  bytes: Buffer;
  sha256: string;
  inputsSha256: string;
  pins: ClausePins;
  report: ComplianceReport;
}

/**
 * The slow, pure part of making a version — validate, assemble, check — done before any write
 * transaction is opened, so the write lock is held only for the inserts.
 */
export async function prepareVersion(
  q: Reader,
  catalog: Catalog,
  doc: { id: number | null; shortId: string; kind: DocumentKind; title: string; matter: Matter },
  inputs: DraftingInputs,
  versionNo: number,
  options: { pins?: ClausePins; mode?: RenderMode; record?: DocumentRecord } = {},
): Promise<PreparedVersion> {
  const answers = parseAnswers(doc.kind, inputs.answers) as Record<string, unknown>;
  const assembled = await assembleDocument(catalog, {
    kind: doc.kind,
    answers,
    matter: doc.matter,
    choices: inputs.choices,
    overrides: inputs.overrides,
    pins: options.pins,
    mode: options.mode ?? 'draft',
    meta: { documentName: doc.title, versionLabel: String(versionNo), documentShortId: doc.shortId },
    record: options.record,
  });
  const report = await checkComposed(q, catalog, { kind: doc.kind, matter: doc.matter, documentId: doc.id }, answers, assembled);
  const inputsSha256 = sha256(JSON.stringify({ kind: doc.kind, answers, pins: assembled.pins, overrides: inputs.overrides, choices: inputs.choices }));
  return { answers, bytes: assembled.bytes, sha256: sha256(assembled.bytes), inputsSha256, pins: assembled.pins, report };
}

/** Runs the rules over a composed document, with the matter's other documents for the cross-document rules. */
export async function checkComposed(
  q: Reader,
  catalog: Catalog,
  doc: { kind: DocumentKind; matter: Matter; documentId: number | null },
  answers: Record<string, unknown>,
  composed: Pick<ComposedDocument, 'clauses' | 'values' | 'missing'>,
): Promise<ComplianceReport> {
  const related: RelatedDocument[] = (await listLatestAnswersInMatter(q, doc.matter.id, doc.documentId ?? 0)).map((r) => ({
    kind: r.kind as DocumentKind,
    documentId: r.document_id,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
  }));
  return runChecks({ kind: doc.kind, answers, matter: doc.matter, clauses: composed.clauses, values: composed.values, missing: composed.missing, reference: catalog.reference(), related });
}
