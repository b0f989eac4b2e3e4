import type { Reader } from '../../db/database.ts';
import type { DocumentKind } from '../../schemas/clause.ts';
import type { Matter } from '../../schemas/matter.ts';
import type { ComplianceReport } from '../compliance/run-checks.ts';
import { assembleDocument, parseAnswers, sha256, type Catalog, type DocumentRecord } from './assemble-document.ts';
import { composeAndCheck, relatedDocuments } from './compose-and-check.ts';
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
  options: { pins?: ClausePins; mode?: RenderMode; record?: DocumentRecord; today: string },
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
  const related = await relatedDocuments(q, doc.matter.id, doc.id);
  const { report } = composeAndCheck(catalog, { kind: doc.kind, answers, matter: doc.matter, choices: inputs.choices, overrides: inputs.overrides, pins: options.pins }, { related, today: options.today }, assembled);
  const inputsSha256 = inputsHash(doc.kind, answers, assembled.pins, inputs);
  return { answers, bytes: assembled.bytes, sha256: sha256(assembled.bytes), inputsSha256, pins: assembled.pins, report };
}

/** The SHA-256 that identifies what a version was assembled from (recorded in the executable file). */
export function inputsHash(kind: DocumentKind, answers: Record<string, unknown>, pins: ClausePins, inputs: Pick<DraftingInputs, 'overrides' | 'choices'>): string {
  return sha256(JSON.stringify({ kind, answers, pins, overrides: inputs.overrides, choices: inputs.choices }));
}
