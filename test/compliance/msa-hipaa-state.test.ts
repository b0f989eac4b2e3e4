import { describe, expect, it } from 'vitest';
import { hipaaBaa, phiServicesConsistency, separateBooks } from '../../server/services/compliance/rules/msa-hipaa-records.ts';
import { oregonShareTransfer, restrictiveCovenantsState } from '../../server/services/compliance/rules/msa-state.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input, msaAnswers, reference } from './rule-input.ts';

const FULL_BAA =
  'Manager may use PHI only as permitted by this Agreement and shall not use or disclose PHI other than as permitted. Manager shall use appropriate safeguards and comply with the Security Rule. Manager shall report any Breach of Unsecured PHI no later than sixty (60) days after discovery. Manager shall ensure each subcontractor agrees to the same restrictions. Manager shall provide access under 45 CFR 164.524, make any amendment under 164.526 and provide an accounting of disclosures under 164.528. Manager shall make its books available to the Secretary. At termination Manager shall return or destroy all PHI. Practice may terminate this Agreement for a material breach.';

describe('msa.hipaa-baa', () => {
  it('passes complete BAA terms', () => expect(hipaaBaa.check(input({ clauses: [clause('msa.hipaa.business-associate', ['baa'], FULL_BAA)] }))).toEqual([]));
  it('fails when PHI is handled and there is no BAA', () => expect(hipaaBaa.check(input({ clauses: [] }))).toHaveLength(1));
  it('names the missing elements of an edited BAA', () => {
    const partial = clause('msa.hipaa.business-associate', ['baa'], 'Manager shall use appropriate safeguards.');
    const messages = hipaaBaa.check(input({ clauses: [partial] })).map((f) => f.message).join(' ');
    expect(messages).toMatch(/60 days/);
    expect(messages).toMatch(/subcontractors/);
  });
  it('is silent when no PHI is handled', () => expect(hipaaBaa.check(input({ answers: { ...msaAnswers, handlesPhi: false }, clauses: [] }))).toEqual([]));
});

describe('msa.separate-books', () => {
  it('passes with the clause', () => expect(separateBooks.check(input({ clauses: [clause('msa.records.separate-books', ['separate-books'], 'x')] }))).toEqual([]));
  it('fails without it, saying it rests on an unverified source', () => expect(separateBooks.check(input({ clauses: [] }))[0]!.unverified).toBe(true));
});

describe('msa.state-share-transfer (Oregon SB 951)', () => {
  const oregon = (a: Record<string, unknown>) => input({ answers: { ...msaAnswers, shareTransferRestriction: true, ...a }, matter: { ...DEFAULT_MATTER, peState: 'OR' } });
  it('is silent outside Oregon', () => expect(oregonShareTransfer.check(input({ answers: { ...msaAnswers, shareTransferRestriction: true } }))).toEqual([]));
  it('is silent without a share-transfer restriction', () => expect(oregonShareTransfer.check(oregon({ shareTransferRestriction: false }))).toEqual([]));
  it('warns (unverified) while the effective date is not on file', () => {
    const [f] = oregonShareTransfer.check(oregon({}));
    expect(f!.severity).toBe('warning');
    expect(f!.unverified).toBe(true);
  });
  it('errors for a practice formed on or after an effective date on file, and passes one formed before', () => {
    const withDate = structuredClone(reference);
    withDate.jurisdictions.rows.find((r) => r.code === 'OR')!.statutes[0]!.effectiveDate = '2026-01-01';
    const after = oregonShareTransfer.check({ ...oregon({ practiceFormedOn: '2026-03-01' }), reference: withDate });
    expect(after[0]!.severity ?? 'error').toBe('error');
    expect(oregonShareTransfer.check({ ...oregon({ practiceFormedOn: '2025-03-01' }), reference: withDate })).toEqual([]);
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
