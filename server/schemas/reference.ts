import { z } from 'zod';
import { US_STATES, freeText, isoDate, nameText, stateCode } from './text.ts';
import { afrTableSchema, tableInconsistencies } from './afr-table.ts';
import { PRACTICE_TYPES } from './matter-structure.ts';

/**
 * Reference data: the sourced facts the compliance engine and the checklist rest on
 * (data/reference/*.json, built from ../shared/reference/compliance-rules.{json,md}).
 *
 * Every row names its sources and a verification status. "unverified" means the research found
 * no source or only unsourced recollection: a check that rests on such a row must say so in its
 * finding, and a missing value (e.g. an AFR month not on file) is a finding, never a pass.
 *
 * The schemas do not read files: `parseReferenceData` takes the four parsed JSON values.
 */

export const REFERENCE_FILES = {
  jurisdictions: 'jurisdictions.json',
  afr: 'afr.json',
  federal: 'federal.json',
  formationItems: 'formation-items.json',
} as const;
export type ReferenceFileKey = keyof typeof REFERENCE_FILES;

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/**
 * Data version, e.g. "2026-11-22.1": the date of the research pass plus a revision number; an
 * administrator's later corrections add "+r<revision>" (services/reference/reference-revisions.ts).
 */
export const referenceVersion = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\.\d+(\+r\d+)?$/, { message: 'must look like YYYY-MM-DD.N' });

/** Source quality, as defined in compliance-rules.md: primary (statute, regulation, court, board or agency text), secondary (law firm / commentator), low (SEO / aggregator), unverified (no source). */
export const verificationStatus = z.enum(['primary', 'secondary', 'low', 'unverified']);
export type VerificationStatus = z.infer<typeof verificationStatus>;

const sourceUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const sourceList = z.array(sourceUrl);
const citationList = z.array(z.string().trim().min(1).max(300));

/** Text that may end up in a finding or a document: XML-safe, non-empty. */
const prose = (max = 5000) => freeText(max).refine((s) => s.trim().length > 0, { message: 'must not be empty' });
/** Text that may be empty (e.g. a note with nothing to add), still XML-safe. */
const optionalProse = (max = 5000) => freeText(max);

/** Lower-case dotted id, e.g. "hipaa-baa.return-or-destroy" or "pe.type2-npi". */
const dottedId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/, {
    message: 'must be lower-case words joined by "-" in at least two "."-separated parts',
  });

/** Why an administrator adds or corrects a row (kept with the revision). */
export const revisionReason = nameText(500).describe('Why the row is added or corrected (kept with the revision)');

// ---------------------------------------------------------------------------------------------
// jurisdictions.json
// ---------------------------------------------------------------------------------------------

export const cpomLevel = z.enum(['strong', 'moderate', 'weak', 'none', 'unverified']);
export type CpomLevel = z.infer<typeof cpomLevel>;

/**
 * Normalised professional-entity codes. Convention used in the data: "PA" where the reference uses
 * the abbreviation PA / P.A.; "professional-association" where it spells the form out without that
 * abbreviation; "service-corporation" for a (professional) service corporation the reference does not
 * label PC. Entity types whose existence the reference itself marks unverified are not given a code
 * (they stay in entityTypeNotes with their "(unverified)" tag).
 */
export const professionalEntityType = z.enum([
  'PC',
  'PLLC',
  'PA',
  'medical-corporation',
  'LLC',
  'LLP',
  'partnership',
  'service-corporation',
  'professional-association',
  'other',
]);
export type ProfessionalEntityType = z.infer<typeof professionalEntityType>;

export const percentFeeTreatment = z.enum([
  'allowed',
  'conditional',
  'restricted',
  'restricted-with-billing-exception',
  /** Prohibited where the manager markets or otherwise generates patients; a risk to review otherwise (Florida). */
  'restricted-when-patient-generating',
  'unclear',
  'unverified',
]);
export type PercentFeeTreatment = z.infer<typeof percentFeeTreatment>;

/**
 * When a statute reaches existing structures later than new ones (Oregon SB 951: structures formed
 * on or after its effective date comply from one date, existing ones from a later one).
 */
export const phasedComplianceSchema = z
  .object({
    /** Structures formed on or after the statute's effective date must comply from this date. */
    newStructures: isoDate,
    /** Structures formed before the effective date must comply from this date. */
    existingStructures: isoDate,
  })
  .strict();

export const statuteSchema = z
  .object({
    /** Stable id rules look a statute up by (e.g. "or.sb951"); optional for rows no rule reads. */
    id: z.string().regex(/^[a-z]{2}\.[a-z0-9-]+$/, { message: 'must look like "or.sb951"' }).optional(),
    name: prose(200),
    citation: prose(300),
    /** Null when the reference gives no effective date (never guessed). */
    effectiveDate: isoDate.nullable(),
    /** Date the bill was signed, when the reference gives it; not an effective date. */
    signedDate: isoDate.nullable(),
    complianceBy: phasedComplianceSchema.optional(),
    summary: prose(),
    appliesTo: prose(1000),
    sources: sourceList,
    verification: verificationStatus,
  })
  .strict();
export type Statute = z.infer<typeof statuteSchema>;

/** Size bands the transaction-notice thresholds are expressed in (the cut-offs the laws use: $10M and $25M). */
export const SIZE_BANDS = ['under-10m', '10m-to-25m', '25m-or-more'] as const;
export const sizeBand = z.enum(SIZE_BANDS);
export type SizeBand = z.infer<typeof sizeBand>;

/**
 * A threshold a transaction-notice law sets, stated as the matter fact that decides it:
 * the number of physicians in the practice group, the annual revenue of the largest party
 * (with its affiliates), or the parties' combined assets.
 */
export const noticeThresholdSchema = z.discriminatedUnion('fact', [
  z.object({ fact: z.literal('physicianCount'), atLeast: z.number().int().min(1) }).strict(),
  z.object({ fact: z.literal('revenueBand'), atLeast: sizeBand }).strict(),
  z.object({ fact: z.literal('assetsBand'), atLeast: sizeBand }).strict(),
]);
export type NoticeThreshold = z.infer<typeof noticeThresholdSchema>;

/** A state law requiring notice to an agency a number of days before a covered transaction closes. */
export const transactionNoticeSchema = z
  .object({
    id: dottedId,
    name: prose(200),
    agency: prose(200),
    daysBeforeClosing: z.number().int().min(1).max(365),
    /** All must be met for the notice to be required; empty = every covered transaction. */
    thresholds: z.array(noticeThresholdSchema),
    /** What the thresholds leave out (second party's size, exemptions), for the attorney to confirm. */
    thresholdNote: optionalProse(1000),
    effectiveDate: isoDate.nullable(),
    citation: prose(300),
    sources: sourceList,
    verification: verificationStatus,
  })
  .strict();
export type TransactionNotice = z.infer<typeof transactionNoticeSchema>;

export const jurisdictionSchema = z
  .object({
    code: stateCode,
    name: prose(100),
    cpom: cpomLevel,
    professionalEntityTypes: z.array(professionalEntityType),
    /** The reference's original descriptive text for each permitted entity type. */
    entityTypeNotes: z.array(prose(1000)),
    licensedOwnership: z
      .object({
        rule: prose(1000),
        minimumLicensedPct: z.number().min(0).max(100).nullable(),
      })
      .strict(),
    percentFeeTreatment,
    percentFeeNotes: prose(),
    statutes: z.array(statuteSchema),
    /** Pre-closing notice laws of the state (absent or empty = none on file). */
    transactionNotices: z.array(transactionNoticeSchema).optional(),
    notes: prose(),
    sources: sourceList,
    citations: citationList,
    verification: verificationStatus,
  })
  .strict();
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

const jurisdictionsBase = z
  .object({
    version: referenceVersion,
    disclaimer: prose(2000),
    /** What each CPOM label means (a synthesis of the cited sources, per the reference). */
    cpomScale: z
      .object({ strong: prose(500), moderate: prose(500), weak: prose(500), none: prose(500), unverified: prose(500) })
      .strict(),
    rows: z.array(jurisdictionSchema),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// afr.json
// ---------------------------------------------------------------------------------------------

/** A calendar month, YYYY-MM. */
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month in the form YYYY-MM' });
const blendedRate = z.number().min(0, { message: 'rate must be between 0 and 25' }).max(25, { message: 'rate must be between 0 and 25' });

/**
 * One month of applicable federal rates, as Table 1 of that month's IRS revenue ruling prints
 * them (every band, row and compounding column; see afr-table.ts). A month is either on file
 * whole or not on file: a missing month is a finding, never a pass.
 */
export const afrMonthSchema = z
  .object({
    month: yearMonth,
    revRul: z.string().regex(/^Rev\. Rul\. \d{4}-\d{1,3}$/, { message: 'must look like "Rev. Rul. 2026-13"' }),
    table: afrTableSchema,
    /** The July ruling's IRC 7872(e)(2) blended annual rate for demand loans outstanding all year. */
    blendedAnnualRate: blendedRate.optional(),
    /** Where the IRS publishes the ruling. */
    sources: sourceList,
    /** SHA-256 of the ruling PDF the figures were read from (set by the importer). */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 in hex' }).optional(),
    verification: verificationStatus,
    note: optionalProse().optional(),
  })
  .strict();
export type AfrMonth = z.infer<typeof afrMonthSchema>;

const afrBase = z
  .object({
    version: referenceVersion,
    notes: z.array(prose()),
    months: z.array(afrMonthSchema),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// federal.json
// ---------------------------------------------------------------------------------------------

/** value-based: the 2020 value-based safe harbors and Stark exceptions (85 FR 77684; 85 FR 77492). */
export const federalRegime = z.enum(['aks', 'stark', 'hipaa-baa', 'irc-7872', 'billing-agent', 'value-based']);
export type FederalRegime = z.infer<typeof federalRegime>;

/** Which id prefixes each regime's elements use. */
const REGIME_ID_PREFIXES: Record<FederalRegime, readonly string[]> = {
  aks: ['aks'],
  stark: ['stark'],
  'hipaa-baa': ['hipaa-baa'],
  'irc-7872': ['irc-7872', 'irc-1274d'],
  'billing-agent': ['billing-agent'],
  'value-based': ['vb'],
};

export const federalElementSchema = z
  .object({
    id: dottedId,
    regime: federalRegime,
    title: prose(300),
    text: prose(),
    citation: prose(300),
    sources: sourceList,
    verification: verificationStatus,
    note: optionalProse(),
  })
  .strict();
export type FederalElement = z.infer<typeof federalElementSchema>;

const federalBase = z
  .object({
    version: referenceVersion,
    elements: z.array(federalElementSchema),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// formation-items.json
// ---------------------------------------------------------------------------------------------

export const formationEntity = z.enum(['professional-entity', 'mso']);
export const formationResponsible = z.enum(['attorney', 'paralegal', 'client', 'mso', 'practice', 'accountant']);
const ENTITY_ID_PREFIX: Record<z.infer<typeof formationEntity>, string> = { 'professional-entity': 'pe', mso: 'mso' };

export const formationItemSchema = z
  .object({
    id: dottedId,
    entity: formationEntity,
    title: prose(300),
    detail: prose(),
    defaultResponsible: formationResponsible,
    /** Conditions, all of which must hold for the item to apply. Absent `states` = every state. */
    appliesWhen: z
      .object({
        states: z.array(stateCode).min(1).optional(),
        /** States where the item does not exist (e.g. Texas ended its controlled-substance registration). */
        notInStates: z.array(stateCode).min(1).optional(),
        includeLoc: z.literal(true).optional(),
        billsMedicare: z.literal(true).optional(),
        performsLabTesting: z.literal(true).optional(),
        prescribesControlledSubstances: z.literal(true).optional(),
        /** Physicians who refer to the practice hold MSO units (matter.msoOwners; issue 23). */
        physicianMsoOwners: z.literal(true).optional(),
        /** The matter's practice type is one of these (matter.practiceType). */
        practiceTypes: z.array(z.enum(PRACTICE_TYPES)).min(1).optional(),
      })
      .strict(),
    /** Due date = target opening date minus this many days (compressed into a shorter runway; kinds/formation.ts). */
    offsetDaysBeforeOpening: z.number().int().min(0).max(365),
    /** Who the filing goes to and on what form, as a paralegal needs it: agency, form, fee where known, link. */
    authority: z
      .object({
        agency: prose(200),
        form: prose(200).optional(),
        fee: prose(200).optional(),
        link: sourceUrl.optional(),
      })
      .strict()
      .optional(),
    /** Items that must be done before this one can be (ids in this file). */
    dependsOn: z.array(dottedId).optional(),
    sources: sourceList,
    citations: citationList,
    verification: verificationStatus,
  })
  .strict();
export type FormationItem = z.infer<typeof formationItemSchema>;

const formationItemsBase = z
  .object({
    version: referenceVersion,
    items: z.array(formationItemSchema),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Cross-checks. They read the raw value defensively, so they still run (and report) when the
// shape checks above have already found problems elsewhere in the same file.
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];
interface CrossIssue {
  path: Path;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function rowsOf(raw: unknown, key: string): unknown[] {
  return isRecord(raw) && Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
}
function str(row: unknown, key: string): string | undefined {
  return isRecord(row) && typeof row[key] === 'string' ? (row[key] as string) : undefined;
}
function isEmptyList(row: unknown, key: string): boolean {
  return isRecord(row) && Array.isArray(row[key]) && (row[key] as unknown[]).length === 0;
}

/** Rows claiming any verification other than "unverified" must name at least one source. */
function requireSources(row: unknown, path: Path, out: CrossIssue[], verificationKey = 'verification', sourcesKey = 'sources'): void {
  const v = str(row, verificationKey);
  if (v !== undefined && v !== 'unverified' && isEmptyList(row, sourcesKey)) {
    out.push({ path: [...path, sourcesKey], message: `a row marked "${v}" must name at least one source` });
  }
}

/** Flags repeated values of `key` among `rows`. */
function checkUnique(rows: unknown[], listKey: string, key: string, label: string, out: CrossIssue[]): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const value = str(row, key);
    if (value === undefined) return;
    const first = seen.get(value);
    if (first !== undefined) out.push({ path: [listKey, i, key], message: `duplicate ${label} "${value}" (already at ${listKey}.${first})` });
    else seen.set(value, i);
  });
}

/** Flags values of `key` that are not in strictly ascending order (duplicates are reported by checkUnique). */
function checkSorted(rows: unknown[], listKey: string, key: string, out: CrossIssue[]): void {
  let previous: string | undefined;
  rows.forEach((row, i) => {
    const value = str(row, key);
    if (value === undefined) return;
    if (previous !== undefined && value < previous) {
      out.push({ path: [listKey, i, key], message: `${listKey} must be sorted by ${key}: "${value}" comes after "${previous}"` });
    }
    if (previous === undefined || value > previous) previous = value;
  });
}

export function crossCheckJurisdictions(raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const rows = rowsOf(raw, 'rows');
  checkUnique(rows, 'rows', 'code', 'state code', out);
  checkSorted(rows, 'rows', 'code', out);
  if (isRecord(raw) && Array.isArray(raw.rows)) {
    const present = new Set(rows.map((r) => str(r, 'code')));
    const missing = US_STATES.filter((c) => !present.has(c));
    if (missing.length > 0) out.push({ path: ['rows'], message: `missing state codes: ${missing.join(', ')}` });
    if (rows.length !== US_STATES.length) {
      out.push({ path: ['rows'], message: `must have exactly ${US_STATES.length} rows (50 states + DC), found ${rows.length}` });
    }
  }
  rows.forEach((row, i) => {
    requireSources(row, ['rows', i], out);
    rowsOf(row, 'statutes').forEach((statute, k) => {
      requireSources(statute, ['rows', i, 'statutes', k], out);
      const signed = str(statute, 'signedDate');
      const effective = str(statute, 'effectiveDate');
      if (signed && effective && effective < signed) {
        out.push({ path: ['rows', i, 'statutes', k, 'effectiveDate'], message: 'effective date is before the signing date' });
      }
    });
    rowsOf(row, 'transactionNotices').forEach((notice, k) => requireSources(notice, ['rows', i, 'transactionNotices', k], out));
  });
  return out;
}

export function crossCheckAfr(raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const months = rowsOf(raw, 'months');
  checkUnique(months, 'months', 'month', 'month', out);
  checkSorted(months, 'months', 'month', out);
  months.forEach((row, i) => {
    if (!isRecord(row)) return;
    requireSources(row, ['months', i], out);
    const table = afrTableSchema.safeParse(row.table);
    // A table that does not hold together means a misread or mistyped figure: never stored.
    if (table.success) for (const message of tableInconsistencies(table.data)) out.push({ path: ['months', i, 'table'], message });
    const ruling = /^Rev\. Rul\. (\d{4})-/.exec(str(row, 'revRul') ?? '');
    const month = str(row, 'month');
    if (ruling && month && ruling[1] !== month.slice(0, 4)) out.push({ path: ['months', i, 'revRul'], message: `${str(row, 'revRul')} cannot be the ruling for ${month}` });
    if (row.blendedAnnualRate !== undefined && month && !month.endsWith('-07')) out.push({ path: ['months', i, 'blendedAnnualRate'], message: 'the blended annual rate is published in the July ruling only' });
  });
  return out;
}

export function crossCheckFederal(raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const elements = rowsOf(raw, 'elements');
  checkUnique(elements, 'elements', 'id', 'id', out);
  elements.forEach((row, i) => {
    requireSources(row, ['elements', i], out);
    const id = str(row, 'id');
    const regime = str(row, 'regime');
    if (id && regime && regime in REGIME_ID_PREFIXES) {
      const prefixes = REGIME_ID_PREFIXES[regime as FederalRegime];
      if (!prefixes.some((p) => id.startsWith(`${p}.`))) {
        out.push({ path: ['elements', i, 'id'], message: `id of a "${regime}" element must start with ${prefixes.map((p) => `"${p}."`).join(' or ')}` });
      }
    }
  });
  return out;
}

export function crossCheckFormationItems(raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const items = rowsOf(raw, 'items');
  checkUnique(items, 'items', 'id', 'id', out);
  items.forEach((row, i) => {
    requireSources(row, ['items', i], out);
    const id = str(row, 'id');
    const entity = str(row, 'entity');
    if (id && entity && entity in ENTITY_ID_PREFIX) {
      const prefix = ENTITY_ID_PREFIX[entity as keyof typeof ENTITY_ID_PREFIX];
      if (!id.startsWith(`${prefix}.`)) out.push({ path: ['items', i, 'id'], message: `id of a "${entity}" item must start with "${prefix}."` });
    }
    const applies = isRecord(row) ? row.appliesWhen : undefined;
    const states = isRecord(applies) && Array.isArray(applies.states) ? (applies.states as unknown[]) : [];
    states.forEach((s, k) => {
      if (states.indexOf(s) !== k) out.push({ path: ['items', i, 'appliesWhen', 'states', k], message: `duplicate state "${String(s)}"` });
    });
  });
  return out;
}

/** Attaches a cross-check to a shape schema so the exported schemas enforce everything on their own. */
function withCrossChecks<T extends z.ZodType>(base: T, check: (raw: unknown) => CrossIssue[]) {
  return base.superRefine((value, ctx) => {
    for (const issue of check(value)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  });
}

export const jurisdictionsFileSchema = withCrossChecks(jurisdictionsBase, crossCheckJurisdictions);
export const afrFileSchema = withCrossChecks(afrBase, crossCheckAfr);
export const federalFileSchema = withCrossChecks(federalBase, crossCheckFederal);
export const formationItemsFileSchema = withCrossChecks(formationItemsBase, crossCheckFormationItems);

export type JurisdictionsFile = z.infer<typeof jurisdictionsBase>;
export type AfrFile = z.infer<typeof afrBase>;
export type FederalFile = z.infer<typeof federalBase>;
export type FormationItemsFile = z.infer<typeof formationItemsBase>;

export interface ReferenceData {
  jurisdictions: JurisdictionsFile;
  afr: AfrFile;
  federal: FederalFile;
  formationItems: FormationItemsFile;
}

// ---------------------------------------------------------------------------------------------
// parseReferenceData
// ---------------------------------------------------------------------------------------------

export interface ReferenceProblem {
  /** File name, e.g. "afr.json". */
  file: string;
  /** Dotted field path inside the file, e.g. "months.12.sources"; "(root)" for the whole file. */
  path: string;
  message: string;
}

export class ReferenceDataError extends Error {
  readonly problems: ReferenceProblem[];
  constructor(problems: ReferenceProblem[]) {
    const lines = problems.map((p) => `- ${p.file} ${p.path}: ${p.message}`);
    super(`Reference data is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ReferenceDataError';
    this.problems = problems;
  }
}

const formatPath = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : '(root)');

function validateFile<T>(
  file: string,
  base: z.ZodType<T>,
  check: (raw: unknown) => CrossIssue[],
  raw: unknown,
  problems: ReferenceProblem[],
): T | undefined {
  const result = base.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push({ file, path: formatPath(issue.path), message: issue.message });
  }
  for (const issue of check(raw)) problems.push({ file, path: formatPath(issue.path), message: issue.message });
  return result.success ? result.data : undefined;
}

/**
 * Validates the four reference files together. Throws a ReferenceDataError listing every problem,
 * each with its file name and field path; returns the typed data when all four are valid.
 * Also requires the four files to carry the same version (the version recorded with a compliance run).
 */
export function parseReferenceData(raw: { jurisdictions: unknown; afr: unknown; federal: unknown; formationItems: unknown }): ReferenceData {
  const problems: ReferenceProblem[] = [];
  const jurisdictions = validateFile(REFERENCE_FILES.jurisdictions, jurisdictionsBase, crossCheckJurisdictions, raw.jurisdictions, problems);
  const afr = validateFile(REFERENCE_FILES.afr, afrBase, crossCheckAfr, raw.afr, problems);
  const federal = validateFile(REFERENCE_FILES.federal, federalBase, crossCheckFederal, raw.federal, problems);
  const formationItems = validateFile(REFERENCE_FILES.formationItems, formationItemsBase, crossCheckFormationItems, raw.formationItems, problems);

  const versions = (Object.keys(REFERENCE_FILES) as ReferenceFileKey[])
    .map((key): { file: string; version: string | undefined } => ({ file: REFERENCE_FILES[key], version: str(raw[key], 'version') }))
    .filter((v): v is { file: string; version: string } => v.version !== undefined);
  const expected = versions[0]?.version;
  for (const v of versions) {
    if (v.version !== expected) {
      problems.push({ file: v.file, path: 'version', message: `version "${v.version}" differs from ${versions[0]?.file} ("${expected}")` });
    }
  }

  if (problems.length > 0 || !jurisdictions || !afr || !federal || !formationItems) throw new ReferenceDataError(problems);
  return { jurisdictions, afr, federal, formationItems };
}
