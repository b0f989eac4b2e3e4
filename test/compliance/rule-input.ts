import { readFileSync } from 'node:fs';
import { REFERENCE_FILES, parseReferenceData, type ReferenceData } from '../../server/schemas/reference.ts';
import type { RuleInput } from '../../server/services/compliance/rule.ts';
import type { UsedClause } from '../../server/services/documents/assemble-document.ts';
import type { MatterFacts } from '../../server/services/documents/kinds/kind.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';

const dir = new URL('../../data/reference/', import.meta.url);
export const reference: ReferenceData = parseReferenceData(
  Object.fromEntries(Object.entries(REFERENCE_FILES).map(([k, f]) => [k, JSON.parse(readFileSync(new URL(f, dir), 'utf8'))])) as never,
);

export const msaAnswers = JSON.parse(readFileSync(new URL('../../templates/msa/sample.json', import.meta.url), 'utf8'));
export const locAnswers = JSON.parse(readFileSync(new URL('../../templates/loc/sample.json', import.meta.url), 'utf8'));

export const clause = (id: string, tags: string[], text: string): UsedClause => ({ id, version: 1, title: id, tags, citations: [], overridden: true, text, templateText: text, scanKey: null });

export const RESERVATION = clause(
  'msa.clinical.reservation',
  ['clinical-control-reservation'],
  'Practice shall have sole and exclusive authority over: - the diagnosis and treatment of patients; - the selection, hiring, firing and supervision of physicians; - all coding and billing decisions; - setting the parameters of payer contracts; - the ownership and content of patient medical records. Manager shall not terminate any physician for clinical reasons.',
);

export function input(overrides: Partial<RuleInput> & { answers?: Record<string, unknown>; matter?: MatterFacts } = {}): RuleInput {
  return {
    kind: 'msa',
    answers: msaAnswers,
    matter: DEFAULT_MATTER,
    clauses: [RESERVATION],
    values: { effectiveDate: 'January 1, 2027' },
    missing: [],
    reference,
    related: [],
    ...overrides,
  };
}

export const ids = (findings: { ruleId?: string }[]) => findings.map((f) => f.ruleId);
