import type { DocumentKind } from '../../schemas/clause.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import type { MissingValue } from '../../docx/body-xml.ts';
import type { MatterFacts, Values } from '../documents/kinds/kind.ts';
import type { UsedClause } from '../documents/assemble-document.ts';

export type Severity = 'error' | 'warning' | 'info';

/** One thing a rule found, in words an attorney can act on, with the law it rests on. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  fix: string;
  citation: string;
  clauseId?: string;
  /** The answer the finding concerns (its path in the questionnaire), when it is one: the drafting page links to it. */
  field?: string;
  /**
   * The matter fact the finding concerns, when it is one (issue 21): its path in the matter as the
   * API and the matter form name it — `peState`, `owners.1.licenseState`,
   * `transaction.plannedClosingDate`, or a whole list such as `owners`. Kept apart from `field`
   * because it is not on the document: it is changed on the matter's edit page, which an attorney
   * opens from the finding (web/pages/matters/matter-field-anchor.ts turns it into the form's id).
   */
  matterField?: string;
  /** True when the finding rests on reference data marked unverified: the attorney must confirm the law. */
  unverified?: boolean;
}

/** A sibling document in the same matter, for the cross-document rules. */
export interface RelatedDocument {
  kind: DocumentKind;
  documentId: number;
  answers: Record<string, unknown>;
}

export interface RuleInput {
  kind: DocumentKind;
  answers: Record<string, unknown>;
  matter: MatterFacts;
  clauses: UsedClause[];
  values: Values;
  missing: MissingValue[];
  reference: ReferenceData;
  related: RelatedDocument[];
  /** Today in the firm's time zone (ISO date), for rules that measure time left; absent in pure unit checks. */
  today?: string;
}

/** A rule is data about itself plus a pure function. */
export interface Rule {
  id: string;
  title: string;
  /** The sources the rule rests on, shown with every finding and at GET /api/rules. */
  citations: string[];
  severity: Severity;
  kinds: DocumentKind[];
  /** The clause ids or tags the rule reads (documentation for attorneys and the rules endpoint). */
  examines: string[];
  check(input: RuleInput): FindingDraft[];
}

/** What a rule's check returns; the engine adds the rule's id, title, default severity and citations. */
export interface FindingDraft {
  message: string;
  fix: string;
  severity?: Severity;
  clauseId?: string;
  /** The answer it concerns (a questionnaire path). */
  field?: string;
  /** The matter fact it concerns (a path in the matter; see Finding.matterField). */
  matterField?: string;
  unverified?: boolean;
  /** A more specific source than the rule's own citations (e.g. the state statute that applies). */
  citation?: string;
}

export const hasTag = (input: RuleInput, tag: string) => input.clauses.some((c) => c.tags.includes(tag));
export const clauseWithTag = (input: RuleInput, tag: string) => input.clauses.find((c) => c.tags.includes(tag));
