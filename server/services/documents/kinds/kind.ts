import type { z } from 'zod';
import type { DocumentKind } from '../../../schemas/clause.ts';
import type { Matter } from '../../../schemas/matter.ts';
import type { ReferenceData } from '../../../schemas/reference.ts';
import { PE_TYPE_WORDS, longDate, stateName } from '../format.ts';

/** The parties and states of a deal: what a document takes from its matter instead of asking again. */
export type MatterFacts = Pick<Matter, 'msoName' | 'msoEntityType' | 'msoState' | 'peName' | 'peEntityType' | 'peState' | 'governingLawState' | 'owners'> &
  Partial<Pick<Matter, 'msoAffiliates' | 'msoOwners' | 'msoInvestment' | 'practiceType' | 'patientStates'>>;

export type Values = Record<string, string | undefined>;

export interface Article {
  key: string;
  title: string;
  numbered: boolean;
}

/** A table in an exhibit: rows of cells, the first row is the header. */
export interface ExhibitTable {
  rows: string[][];
  widths: number[];
}

export interface Exhibit {
  title: string;
  intro?: string;
  /** Body paragraphs after the intro (e.g. a form of note). */
  paragraphs?: string[];
  tables: { caption?: string; table: ExhibitTable }[];
}

export interface KindContext {
  reference: ReferenceData;
  /** Clause summaries by id, for exhibits that list selected clauses (e.g. services). */
  summaries: ReadonlyMap<string, string>;
}

export interface KindDefinition<A = unknown> {
  kind: DocumentKind;
  title: string;
  /** Defined names of the two parties, as the shell's parties paragraph uses them. */
  parties: [string, string];
  answersSchema: z.ZodType<A>;
  articles: Article[];
  /** The variables clause text may use for this kind (validated at load). */
  variables: readonly string[];
  /** Answer fields whose absence is not an error (the clause that uses them may not be selected). */
  values(answers: A, matter: MatterFacts, ctx: KindContext): Values;
  exhibits(answers: A, matter: MatterFacts, ctx: KindContext): Exhibit[];
  signatories(answers: A): { name: string; title: string }[];
  /** Facts clause conditions may test, beyond the answers themselves. */
  facts(answers: A, matter: MatterFacts): Record<string, unknown>;
}

export const COMMON_VARIABLES = ['msoName', 'msoEntityType', 'msoState', 'practiceName', 'practiceEntityType', 'practiceState', 'governingLawState', 'effectiveDate'] as const;

export function commonValues(matter: MatterFacts, effectiveDate: string | undefined): Values {
  return {
    msoName: matter.msoName,
    msoEntityType: matter.msoEntityType,
    msoState: stateName(matter.msoState),
    practiceName: matter.peName,
    practiceEntityType: PE_TYPE_WORDS[matter.peEntityType],
    practiceState: stateName(matter.peState),
    governingLawState: stateName(matter.governingLawState),
    effectiveDate: effectiveDate ? longDate(effectiveDate) : undefined,
  };
}

export function matterFacts(matter: MatterFacts): Record<string, unknown> {
  return { practiceState: matter.peState, msoState: matter.msoState, governingLawState: matter.governingLawState };
}

/** Applies a formatter only when the value is present, so absence stays visible as a missing field. */
export const opt = <T>(v: T | undefined, f: (v: T) => string): string | undefined => (v === undefined ? undefined : f(v));
