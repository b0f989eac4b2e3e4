import { fieldLabel } from '../../../docx/body-xml.ts';
import { KINDS } from '../../documents/kinds/index.ts';
import type { Rule } from '../rule.ts';
import type { DocumentKind } from '../../../schemas/clause.ts';

/**
 * The questionnaire's own label for a blank field (its schema description, "Independent
 * valuator"), so the finding names the question the attorney sees, not the variable
 * ("fmv valuator"); variables that are not questions keep their spelled-out name.
 */
function questionLabel(kind: DocumentKind, name: string): string {
  return questionOf(kind, name)?.description ?? fieldLabel(name);
}

/** The question a variable is, if it is one (a computed value is not). */
const questionOf = (kind: DocumentKind, name: string) => (KINDS[kind].answersSchema as { shape?: Record<string, { description?: string }> }).shape?.[name];

export const requiredFields: Rule = {
  id: 'document.required-fields',
  title: 'No required field is left blank',
  citations: ['42 CFR 1001.952(d)(1) (the agreement must specify the services and compensation in writing)'],
  severity: 'error',
  kinds: ['msa', 'loc', 'formation-checklist'],
  examines: ['every {variable} in the selected clauses and the shell'],
  check(input) {
    const seen = new Set<string>();
    return input.missing
      .filter((m) => !seen.has(m.field) && seen.add(m.field))
      .map((m) => ({
        clauseId: m.clauseId,
        ...(questionOf(input.kind, m.field) ? { field: m.field } : {}),
        message: `“${questionLabel(input.kind, m.field)}” is blank.`,
        fix: `Answer the question “${questionLabel(input.kind, m.field)}”.`,
      }));
  },
};

/** The questions each kind's signatories() reads, in its order (the finding links to the blank one). */
const SIGNATORY_PATHS: Partial<Record<DocumentKind, readonly string[]>> = { msa: ['msoSignatory', 'practiceSignatory'], loc: ['lenderSignatory', 'borrowerSignatory'] };

export const signatoriesPresent: Rule = {
  id: 'document.signatories',
  title: 'Each party has a named signatory with a title',
  citations: ['42 CFR 1001.952(d)(1)(i) (set out in writing and signed by the parties)'],
  severity: 'error',
  kinds: ['msa', 'loc'],
  examines: ['signature blocks'],
  check(input) {
    // legal-updates.md §4: the current eCFR subparagraph numbering of 1001.952(d) is not verified, so the finding says so.
    const citation = `${this.citations[0]}; subparagraph numbering UNVERIFIED against the current eCFR`;
    const people = KINDS[input.kind].signatories(input.answers);
    if (people.length < 2) return [{ citation, message: 'The agreement does not name a signatory for each party.', fix: 'Name the person who signs for each party and their title.' }];
    const paths = SIGNATORY_PATHS[input.kind] ?? [];
    return people.flatMap((p, i) => {
      if (p.name?.trim() && p.title?.trim()) return [];
      const path = paths[i];
      return [{ citation, ...(path ? { field: `${path}.${p.name?.trim() ? 'title' : 'name'}` } : {}), message: 'A signatory is missing a name or title.', fix: 'Give each signatory’s full name and title.' }];
    });
  },
};

export const effectiveDatePresent: Rule = {
  id: 'document.effective-date',
  title: 'The document has an effective date',
  // 42 CFR 1001.952(d)(1)(iii), once cited here, only requires a term of at least a year. A date is
  // needed because every deadline, the AFR month and the term are counted from it.
  citations: ['Drafting requirement: the term, deadlines and the AFR month are counted from the effective date (no statute requires one as such)'],
  severity: 'error',
  kinds: ['msa', 'loc', 'formation-checklist'],
  examines: ['answers.effectiveDate'],
  check(input) {
    return input.values.effectiveDate ? [] : [{ field: 'effectiveDate', message: 'The document has no effective date.', fix: 'Enter the effective date.' }];
  },
};
