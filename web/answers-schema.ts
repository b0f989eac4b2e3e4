import { z } from 'zod';
import type { DocumentKind } from '../server/schemas/clause.ts';
import { KINDS } from '../server/services/documents/kinds/index.ts';
import { schemaLabel } from './messages.ts';

/**
 * The answers of a document kind as JSON Schema — the same conversion GET /api/document-kinds
 * serves — which drives both the questionnaire's fields and the parsing of its form values.
 * Field names are dotted paths into the answers ("nonRenewalNotice.amount", "itemOverrides.0.status").
 */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: string[];
  description?: string;
  'x-group'?: string;
  'x-help'?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maxLength?: number;
  required?: string[];
  default?: unknown;
}

const cache = new Map<DocumentKind, JsonSchema>();

export function answersSchemaOf(kind: DocumentKind): JsonSchema {
  let schema = cache.get(kind);
  if (!schema) {
    schema = z.toJSONSchema(KINDS[kind].answersSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(kind, schema);
  }
  return schema;
}

/** The schema's fields by x-group, groups in the order their first field appears. */
export function questionGroups(schema: JsonSchema): [string, [string, JsonSchema][]][] {
  const byGroup = new Map<string, [string, JsonSchema][]>();
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const group = prop['x-group'] ?? 'General';
    byGroup.set(group, [...(byGroup.get(group) ?? []), [name, prop]]);
  }
  return [...byGroup.entries()];
}

export const isNumeric = (schema: JsonSchema) => schema.type === 'number' || schema.type === 'integer';
/** An array answered by ticking options (e.g. the MSA's services). */
export const isChoiceList = (schema: JsonSchema) => schema.type === 'array' && Array.isArray(schema.items?.enum);
/** An array answered by repeated rows of fields (e.g. checklist item adjustments). */
export const isRowList = (schema: JsonSchema) => schema.type === 'array' && schema.items?.type === 'object';

/** A dotted answer path's label ("nonRenewalNotice.amount" → "Notice of non-renewal — Amount"), for messages. */
export const answerLabel = (kind: DocumentKind) => (path: string) => schemaLabel(answersSchemaOf(kind), path);

/**
 * Answers that only matter for one choice of another answer, shown only for that choice. The
 * schema keeps them optional (each fee model's fields are absent for the others); the
 * questionnaire marks them with data-show-when so app.js hides the ones that do not apply, and
 * without script every field stays visible with its help saying when it applies.
 */
/** The enterprise, its purposes and its population: (ee)-(gg) need them, and so does Stark's value-based exception whatever the basis. */
const VALUE_BASED_ANY = ['outcomes-based-payment', 'care-coordination', 'substantial-downside-risk', 'full-financial-risk'];

export const SHOWN_WHEN: Partial<Record<DocumentKind, Record<string, { field: string; values: string[] }>>> = {
  msa: {
    monthlyFee: { field: 'feeModel', values: ['flat-monthly'] },
    perProviderFee: { field: 'feeModel', values: ['per-provider'] },
    providerCount: { field: 'feeModel', values: ['per-provider'] },
    perLocationFee: { field: 'feeModel', values: ['per-location'] },
    locationCount: { field: 'feeModel', values: ['per-location'] },
    costPlusMarginPct: { field: 'feeModel', values: ['cost-plus'] },
    estimatedMonthlyCosts: { field: 'feeModel', values: ['cost-plus'] },
    collectionsPct: { field: 'feeModel', values: ['percent-collections'] },
    estimatedMonthlyCollections: { field: 'feeModel', values: ['percent-collections'] },
    feeAdjustment: { field: 'feeModel', values: ['flat-monthly', 'per-provider', 'per-location'] },
    feeAdjustmentPct: { field: 'feeModel', values: ['flat-monthly', 'per-provider', 'per-location'] },
    performanceMeasures: { field: 'performanceFee', values: ['quality-bonus', 'shared-savings'] },
    performancePeriodMonths: { field: 'performanceFee', values: ['quality-bonus', 'shared-savings'] },
    performanceCap: { field: 'performanceFee', values: ['quality-bonus', 'shared-savings'] },
    sharedSavingsPct: { field: 'performanceFee', values: ['shared-savings'] },
    valueBasedEnterprise: { field: 'valueBasedBasis', values: VALUE_BASED_ANY },
    vbeGovernance: { field: 'valueBasedBasis', values: VALUE_BASED_ANY },
    valueBasedPurposes: { field: 'valueBasedBasis', values: VALUE_BASED_ANY },
    targetPatientPopulation: { field: 'valueBasedBasis', values: VALUE_BASED_ANY },
    payorRisk: { field: 'valueBasedBasis', values: ['substantial-downside-risk', 'full-financial-risk'] },
    practiceRiskSharePct: { field: 'valueBasedBasis', values: ['substantial-downside-risk'] },
    inKindContributionPct: { field: 'valueBasedBasis', values: ['care-coordination'] },
  },
};
