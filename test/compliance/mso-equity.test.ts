import { describe, expect, it } from 'vitest';
import { NO_MSO_INVESTMENT, type MsoInvestment, type MsoOwner } from '../../server/schemas/matter-structure.ts';
import { distributionsTiedToReferrals, investmentSafeHarbor, stateInvestmentTreatment } from '../../server/services/compliance/rules/mso-equity.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { input } from './rule-input.ts';

// 42 CFR 1001.952(a)(2): all eight standards or no protection; 42 U.S.C. 1320a-7b(b) for referral-tied distributions.
const owner = (name: string, kind: MsoOwner['kind'], ownershipPct: number, termsRelatedToReferrals = false): MsoOwner => ({ name, kind, ownershipPct, termsRelatedToReferrals });
const ALL_MET: MsoInvestment = {
  revenueFromInvestorReferralsPct: 30,
  sameTermsForAllInvestors: 'yes',
  referralsRequiredToStayInvestor: 'no',
  investorsFavoredAsPatients: 'no',
  loansOrGuaranteesToInvestors: 'no',
  returnsProportionalToCapital: 'yes',
  distributionsTiedToReferrals: 'no',
};
const PASSIVE = owner('Pecos Capital, LP', 'investor', 65);
const DELGADO = owner('Maria Delgado, M.D.', 'practice-physician', 35);
const run = (rule: typeof investmentSafeHarbor, msoOwners: MsoOwner[], msoInvestment: MsoInvestment, state = 'TX') =>
  rule.check(input({ matter: { ...DEFAULT_MATTER, peState: state as never, msoState: state as never, msoOwners, msoInvestment } }));

describe('mso-equity.investment-safe-harbor', () => {
  it('reports the facts as meeting every standard (info) when referral-source physicians hold 35% on equal, capital-proportional terms', () => {
    const findings = run(investmentSafeHarbor, [DELGADO, PASSIVE], ALL_MET);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info' });
    expect(findings[0]!.message).toContain('(a)(2)(i)–(viii)');
  });

  it('warns naming (a)(2)(i) and (vi) when physicians hold 55% and 45% of revenue comes from investors’ referrals', () => {
    const [f, ...rest] = run(investmentSafeHarbor, [owner('Dr. A', 'practice-physician', 30), owner('Dr. B', 'referral-physician', 25), owner('Parent Co', 'parent', 45)], { ...ALL_MET, revenueFromInvestorReferralsPct: 45 });
    expect(rest).toEqual([]);
    expect(f!.severity).toBeUndefined(); // the rule's own severity: warning
    expect(investmentSafeHarbor.severity).toBe('warning');
    expect(f!.message).toContain('(a)(2)(i)');
    expect(f!.message).toContain('referral-source physicians hold 55%');
    expect(f!.message).toContain('(a)(2)(vi)');
    expect(f!.message).not.toContain('(a)(2)(ii)');
  });

  it('names each unmet standard: terms tied to referrals (iii), loans (vii), returns not proportional (viii)', () => {
    const [f] = run(investmentSafeHarbor, [owner('Dr. A', 'practice-physician', 20, true), PASSIVE], { ...ALL_MET, loansOrGuaranteesToInvestors: 'yes', returnsProportionalToCapital: 'no' });
    expect(f!.message).toContain('(a)(2)(iii)');
    expect(f!.message).toContain('the terms offered to Dr. A relate to their referrals');
    expect(f!.message).toContain('(a)(2)(vii)');
    expect(f!.message).toContain('(a)(2)(viii)');
  });

  it('asks for the facts it does not have, and treats unrecorded ownership as possibly held by referral sources', () => {
    const findings = run(investmentSafeHarbor, [owner('Dr. A', 'practice-physician', 20)], NO_MSO_INVESTMENT);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('does not show');
    expect(findings[0]!.message).toContain('80% of the interests is not recorded');
    expect(findings[0]!.message).toContain('(a)(2)(vi)');
  });

  it('stays silent without physician owners who refer (investors and the parent only, or nothing recorded)', () => {
    expect(run(investmentSafeHarbor, [owner('Parent Co', 'parent', 100)], NO_MSO_INVESTMENT)).toEqual([]);
    expect(investmentSafeHarbor.check(input())).toEqual([]);
  });
});

describe('mso-equity.distributions-tied-to-referrals', () => {
  it('is an error when distributions vary with the physician owners’ referrals', () => {
    const [f] = run(distributionsTiedToReferrals, [DELGADO, PASSIVE], { ...ALL_MET, distributionsTiedToReferrals: 'yes' });
    expect(distributionsTiedToReferrals.severity).toBe('error');
    expect(f!.message).toContain('Maria Delgado, M.D.');
    expect(distributionsTiedToReferrals.citations[0]).toContain('1320a-7b(b)');
  });
  it('passes when they do not, when not recorded, or when no owner refers', () => {
    expect(run(distributionsTiedToReferrals, [DELGADO, PASSIVE], ALL_MET)).toEqual([]);
    expect(run(distributionsTiedToReferrals, [DELGADO, PASSIVE], NO_MSO_INVESTMENT)).toEqual([]);
    expect(run(distributionsTiedToReferrals, [PASSIVE], { ...ALL_MET, distributionsTiedToReferrals: 'yes' })).toEqual([]);
  });
});

describe('mso-equity.state-treatment', () => {
  it('reads the Texas patient-solicitation statute from the reference row', () => {
    const [f, ...rest] = run(stateInvestmentTreatment, [DELGADO, PASSIVE], ALL_MET, 'TX');
    expect(rest).toEqual([]);
    expect(f!.citation).toContain('Tex. Occ. Code 102.001');
    expect(f!.citation).toContain('[reference: secondary]');
    expect(f!.message).toMatch(/^Texas: /);
  });
  it('reads California Bus. & Prof. Code 650', () => {
    const [f] = run(stateInvestmentTreatment, [DELGADO, PASSIVE], ALL_MET, 'CA');
    expect(f!.citation).toContain('Cal. Bus. & Prof. Code 650');
  });
  it('says UNVERIFIED where the reference has nothing for the state', () => {
    const [f] = run(stateInvestmentTreatment, [DELGADO, PASSIVE], ALL_MET, 'OH');
    expect(f).toMatchObject({ severity: 'info', unverified: true });
    expect(f!.citation).toContain('UNVERIFIED');
  });
  it('stays silent without physician owners who refer', () => {
    expect(run(stateInvestmentTreatment, [PASSIVE], ALL_MET, 'TX')).toEqual([]);
  });
});
