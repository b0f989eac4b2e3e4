import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import type { Rule } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';
import { scanOnce } from '../scan-memo.ts';

/** The BAA elements of 45 CFR 164.504(e)(2) and related sections, each with words that show the clause covers it. */
const BAA_ELEMENTS: { id: string; label: string; pattern: RegExp; citation: string }[] = [
  { id: 'hipaa-baa.permitted-uses', label: 'permitted and required uses and disclosures', pattern: /permitted/i, citation: '45 CFR 164.504(e)(2)(i)' },
  { id: 'hipaa-baa.no-other-use', label: 'no other use or disclosure', pattern: /not use or (further )?disclose|no other use|other than as permitted/i, citation: '45 CFR 164.504(e)(2)(ii)(A)' },
  { id: 'hipaa-baa.safeguards', label: 'safeguards and the Security Rule', pattern: /safeguard/i, citation: '45 CFR 164.504(e)(2)(ii)(B); 164.314(a)(2)(i)' },
  { id: 'hipaa-baa.reporting-breach-60-days', label: 'reporting breaches of unsecured PHI within 60 days', pattern: /breach[\s\S]*(sixty|60)/i, citation: '45 CFR 164.504(e)(2)(ii)(C); 164.410' },
  { id: 'hipaa-baa.subcontractors', label: 'the same terms for subcontractors', pattern: /subcontractor/i, citation: '45 CFR 164.504(e)(2)(ii)(D); 164.502(e)(1)(ii)' },
  { id: 'hipaa-baa.access', label: 'individual access (164.524)', pattern: /164\.524|access to (protected health information|PHI)/i, citation: '45 CFR 164.504(e)(2)(ii)(E)' },
  { id: 'hipaa-baa.amendment', label: 'amendment (164.526)', pattern: /164\.526|amendment/i, citation: '45 CFR 164.504(e)(2)(ii)(F)' },
  { id: 'hipaa-baa.accounting', label: 'an accounting of disclosures (164.528)', pattern: /164\.528|accounting of disclosures/i, citation: '45 CFR 164.504(e)(2)(ii)(G)' },
  { id: 'hipaa-baa.ce-obligations', label: 'compliance with Subpart E where Manager carries out the practice’s obligations', pattern: /carr(?:y|ies|ying) out[\s\S]{0,80}obligations?[\s\S]{0,60}Subpart E/i, citation: '45 CFR 164.504(e)(2)(ii)(H)' },
  { id: 'hipaa-baa.hhs-books', label: 'books and records available to the Secretary', pattern: /Secretary/i, citation: '45 CFR 164.504(e)(2)(ii)(I)' },
  { id: 'hipaa-baa.return-or-destroy', label: 'return or destruction of PHI at termination', pattern: /return or destroy|destroy or return|return[\s\S]{0,40}destruction/i, citation: '45 CFR 164.504(e)(2)(ii)(J)' },
  { id: 'hipaa-baa.termination', label: 'termination for material breach', pattern: /terminat/i, citation: '45 CFR 164.504(e)(2)(iii)' },
];

export const hipaaBaa: Rule = {
  id: 'msa.hipaa-baa',
  title: 'Business-associate terms when the MSO handles PHI',
  citations: ['45 CFR 164.504(e)(2)', '45 CFR 164.314(a)(2)(i)', '45 CFR 164.410', '45 CFR 164.502(e)'],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:baa', 'answers.handlesPhi'],
  check(input) {
    const a = input.answers as unknown as MsaAnswers;
    if (!a.handlesPhi) return [];
    const clause = clauseWithTag(input, 'baa');
    if (!clause) return [{ field: 'handlesPhi', message: 'Manager will handle protected health information but the agreement has no business-associate terms.', fix: 'Include the HIPAA business associate clause (msa.hipaa.business-associate) or sign a separate BAA and reference it.' }];
    return scanOnce(this.id, clause, (text) => BAA_ELEMENTS.filter((e) => !e.pattern.test(text))).map((e) => ({
      clauseId: clause.id,
      // legal-updates.md §4: the current eCFR numbering of 164.504(e) is not verified; the element itself is sourced.
      citation: `${e.citation} (subparagraph numbering UNVERIFIED against the current eCFR)`,
      message: `The business-associate terms do not cover ${e.label}.`,
      fix: `Add a provision on ${e.label}.`,
    }));
  },
};

/**
 * No statute requires this clause. 42 CFR 424.73(b) and 424.80(b)(5), once cited here, are the
 * Medicare payment-to-agent (reassignment) rules: they limit how a billing agent is paid, not how
 * books are kept. Separate books support the practice's independence, so this is a best practice.
 */
export const separateBooks: Rule = {
  id: 'msa.separate-books',
  title: 'The two entities keep separate books and accounts (best practice)',
  citations: ['Best practice: separate books, accounts and tax returns show the professional entity is not run as part of the MSO (no statute requires the clause)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['tag:separate-books'],
  check(input) {
    if (hasTag(input, 'separate-books')) return [];
    return [{ message: 'The agreement does not require the Practice and Manager to keep separate books, accounts and tax returns. This is a best practice, not a legal requirement.', fix: 'Include the separate books and records clause (msa.records.separate-books), or acknowledge why it is left out.' }];
  },
};

const PHI_SERVICES = ['billing', 'it-ehr', 'credentialing', 'care-coordination'] as const;

export const phiServicesConsistency: Rule = {
  id: 'msa.phi-services-consistency',
  title: 'Services that involve PHI are matched by business-associate terms',
  citations: ['45 CFR 160.103 (business associate definition)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['answers.handlesPhi', 'answers.services'],
  check(input) {
    const a = input.answers as unknown as MsaAnswers;
    const phiServices = a.services.filter((s) => (PHI_SERVICES as readonly string[]).includes(s));
    if (a.handlesPhi || phiServices.length === 0) return [];
    return [{ clauseId: clauseWithTag(input, 'no-phi')?.id, field: 'handlesPhi', message: `The agreement says Manager will not handle PHI, but it provides ${phiServices.join(', ')} services, which ordinarily require access to PHI; an MSO doing billing, practice management or IT is a business associate.`, fix: 'Answer that Manager handles PHI (adds the business-associate terms), or confirm the services are performed without PHI and acknowledge.' }];
  },
};
