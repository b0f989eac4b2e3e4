import { describe, expect, it } from 'vitest';
import { locParties } from '../../server/services/compliance/rules/loc.ts';
import { lenderOf } from '../../server/services/documents/kinds/loc.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input, locAnswers } from './rule-input.ts';

const HOLDCO = { name: 'Lone Star Health Holdings, LLC', entityType: 'limited liability company', state: 'DE' as const };
const check = (lenderAffiliate: string | undefined, msoAffiliates = [HOLDCO]) =>
  locParties.check(input({ kind: 'loc', answers: { ...locAnswers, lenderAffiliate }, matter: { ...DEFAULT_MATTER, msoAffiliates }, clauses: [clause('loc.interest.rate', ['afr-basis'], 'x')] }));

describe('loc.parties-match-matter: the lender is the MSO or an affiliate named on the matter', () => {
  it('passes the MSO itself as lender', () => expect(check(undefined)).toEqual([]));
  it('passes an affiliate named on the matter, whatever the case and spacing', () => expect(check('  lone star health holdings, llc ')).toEqual([]));
  it('errors on a lender the matter does not name, listing the affiliates it does', () => {
    const [f] = check('Pecos Capital Partners, LP');
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.message).toMatch(/neither the matter’s MSO .* nor an affiliate named on the matter \(Lone Star Health Holdings, LLC\)/);
  });
  it('errors when the matter names no affiliates at all', () => expect(check('Lone Star Health Holdings, LLC', [])[0]!.message).toMatch(/nor an affiliate named on the matter\./));
  it('warns when the “affiliate” is the MSO itself', () => expect(check(DEFAULT_MATTER.msoName)[0]!.severity).toBe('warning'));
});

describe('the LOC names the affiliate as Lender', () => {
  it('takes the entity type and state from the matter', () => {
    expect(lenderOf({ ...locAnswers, lenderAffiliate: HOLDCO.name }, { ...DEFAULT_MATTER, msoAffiliates: [HOLDCO] })).toEqual({ ...HOLDCO, affiliate: true });
  });
  it('keeps only the name of an affiliate the matter does not record, so the gaps print as missing', () => {
    expect(lenderOf({ ...locAnswers, lenderAffiliate: 'Unknown Lender, LLC' }, DEFAULT_MATTER)).toEqual({ name: 'Unknown Lender, LLC', entityType: undefined, state: undefined, affiliate: true });
  });
  it('is the MSO when no affiliate is named', () => expect(lenderOf(locAnswers, DEFAULT_MATTER).name).toBe(DEFAULT_MATTER.msoName));
});
