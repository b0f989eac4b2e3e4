import { describe, expect, it } from 'vitest';
import { hipaaBaa, phiServicesConsistency, separateBooks } from '../../server/services/compliance/rules/msa-hipaa-records.ts';
import { restrictiveCovenantsState } from '../../server/services/compliance/rules/msa-state.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input, msaAnswers } from './rule-input.ts';

const FULL_BAA =
  'Manager may use PHI only as permitted by this Agreement and shall not use or disclose PHI other than as permitted. Manager shall use appropriate safeguards and comply with the Security Rule. Manager shall report any Breach of Unsecured PHI no later than sixty (60) days after discovery. Manager shall ensure each subcontractor agrees to the same restrictions. Manager shall provide access under 45 CFR 164.524, make any amendment under 164.526 and provide an accounting of disclosures under 164.528. To the extent Manager carries out any of Practice’s obligations under Subpart E of 45 C.F.R. Part 164, Manager shall comply with the requirements of Subpart E that apply to Practice. Manager shall make its books available to the Secretary. At termination Manager shall return or destroy all PHI. Practice may terminate this Agreement for a material breach.';

describe('msa.hipaa-baa', () => {
  it('passes complete BAA terms', () => expect(hipaaBaa.check(input({ clauses: [clause('msa.hipaa.business-associate', ['baa'], FULL_BAA)] }))).toEqual([]));
  it('fails when PHI is handled and there is no BAA', () => expect(hipaaBaa.check(input({ clauses: [] }))).toHaveLength(1));
  it('names the missing elements of an edited BAA', () => {
    const partial = clause('msa.hipaa.business-associate', ['baa'], 'Manager shall use appropriate safeguards.');
    const messages = hipaaBaa.check(input({ clauses: [partial] })).map((f) => f.message).join(' ');
    expect(messages).toMatch(/60 days/);
    expect(messages).toMatch(/subcontractors/);
  });
  it('names 164.504(e)(2)(ii)(H) when the terms leave out the covered entity’s Subpart E obligations', () => {
    const withoutH = clause('msa.hipaa.business-associate', ['baa'], FULL_BAA.replace(/To the extent Manager carries out[^.]*\./, ''));
    const found = hipaaBaa.check(input({ clauses: [withoutH] }));
    expect(found.map((f) => f.citation)).toEqual(['45 CFR 164.504(e)(2)(ii)(H) (subparagraph numbering UNVERIFIED against the current eCFR)']);
  });
  it('is silent when no PHI is handled', () => expect(hipaaBaa.check(input({ answers: { ...msaAnswers, handlesPhi: false }, clauses: [] }))).toEqual([]));
});

describe('msa.separate-books', () => {
  it('passes with the clause', () => expect(separateBooks.check(input({ clauses: [clause('msa.records.separate-books', ['separate-books'], 'x')] }))).toEqual([]));
  // 42 CFR 424.73(b)/424.80(b)(5) govern a billing agent's pay, not books: the clause is a best practice, so a warning.
  it('warns without it, as a best practice, no longer citing the reassignment rules', () => {
    const [f] = separateBooks.check(input({ clauses: [] }));
    expect(f!.severity ?? separateBooks.severity).toBe('warning');
    expect(f!.message).toMatch(/best practice/);
    expect(separateBooks.citations.join(' ')).not.toMatch(/424\.73/);
  });
});

describe('msa.state-restrictive-covenants', () => {
  const nonSolicit = clause('msa.covenants.non-solicitation', ['non-solicitation'], 'x');
  it('warns in California', () => expect(restrictiveCovenantsState.check(input({ clauses: [nonSolicit], matter: { ...DEFAULT_MATTER, peState: 'CA' } }))).toHaveLength(1));
  it('is silent in Texas', () => expect(restrictiveCovenantsState.check(input({ clauses: [nonSolicit] }))).toEqual([]));
});

describe('msa.phi-services-consistency', () => {
  it('warns when billing is provided but no PHI is handled', () => expect(phiServicesConsistency.check(input({ answers: { ...msaAnswers, handlesPhi: false } }))).toHaveLength(1));
  it('is silent when PHI is handled', () => expect(phiServicesConsistency.check(input())).toEqual([]));
  it('is silent for services without PHI', () => expect(phiServicesConsistency.check(input({ answers: { ...msaAnswers, handlesPhi: false, services: ['facilities', 'strategic-planning'] } }))).toEqual([]));
});
