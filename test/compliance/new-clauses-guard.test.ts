import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { composeDocument, parseAnswers, type Catalog } from '../../server/services/documents/assemble-document.ts';
import { runChecks } from '../../server/services/compliance/run-checks.ts';
import { RULES } from '../../server/services/compliance/rules/index.ts';
import type { DocumentKind } from '../../server/schemas/clause.ts';
import { testCatalogFiles } from '../helpers/test-app.ts';
import { dealFixtures } from '../helpers/fixtures.ts';

/**
 * The issue-17 clauses (budget deadlock, billing power of attorney, accounts, suspension, asset
 * purchase, financing parties, loan security and defaults …) must never hand the manager clinical
 * control, tie a fee to referrals, or control the practice’s shares — and if an attorney rewrites one
 * of them to do so, the existing text-scanning rules must catch it.
 */
let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

const TEXT_RULES = ['msa.no-mso-clinical-control', 'msa.compensation-set-in-advance', 'msa.state-share-transfer', 'state.share-acquisition-financing'];
const fixture = (name: string) => dealFixtures().find((f) => f.name === name)!;

function check(name: string, answers: Record<string, unknown> = {}, overrides: Record<string, string> = {}, matter: Record<string, unknown> = {}) {
  const f = fixture(name);
  const kind = f.kind as DocumentKind;
  const parsed = parseAnswers(kind, { ...f.answers, ...answers });
  const m = { ...f.matter, ...matter } as typeof f.matter;
  const composed = composeDocument(catalog, { kind, answers: parsed, matter: m, overrides });
  const report = runChecks({ kind, answers: parsed as Record<string, unknown>, matter: m, clauses: composed.clauses, values: composed.values, missing: composed.missing, reference: catalog.reference(), related: [] });
  return { ids: composed.clauses.map((c) => c.id), findings: report.findings.filter((x) => TEXT_RULES.includes(x.ruleId) && x.clauseId) };
}

const MEASURE = { name: 'Controlling high blood pressure', type: 'quality', benchmark: 'At or above 70% of attributed patients with hypertension', source: 'NCQA HEDIS (CBP)' };
const VBE = { valueBasedEnterprise: 'Hill Country Value Partners, LLC', vbeGovernance: true, valueBasedPurposes: ['coordinate-care'], targetPatientPopulation: 'attributed patients with two or more chronic conditions' };

/** Each variant's answers and the clauses they must select (so a broken condition fails here too). */
const MSA_VARIANTS: [Record<string, unknown>, string[]][] = [
  [{ posture: 'balanced' }, ['msa.engagement.budget-balanced', 'msa.fee.suspension', 'msa.term.without-cause-balanced', 'msa.term.asset-purchase-option', 'msa.services.performance-remedies-balanced', 'msa.general.financing', 'msa.insurance.limitation-of-liability']],
  [{ posture: 'manager-favourable' }, ['msa.engagement.budget-manager', 'msa.fee.suspension', 'msa.term.without-cause-none', 'msa.term.asset-purchase-required', 'msa.services.performance-remedies-manager', 'msa.general.financing-manager', 'msa.insurance.limitation-of-liability-manager']],
  [{ posture: 'practice-favourable' }, ['msa.engagement.budget-practice', 'msa.fee.no-suspension', 'msa.term.without-cause-practice', 'msa.term.asset-purchase-option', 'msa.services.performance-remedies-practice', 'msa.general.financing-practice', 'msa.insurance.limitation-of-liability-practice']],
  [{ exclusivity: 'non-exclusive' }, ['msa.engagement.non-exclusive']],
  [
    { programPaymentAccount: 'practice-named-manager-access', standingSweep: 'revocable', commercialReceivables: 'deposit-account-control', setOff: 'mutual-undisputed' },
    ['msa.services.billing-authority', 'msa.fee.accounts-manager-access', 'msa.fee.standing-sweep-revocable', 'msa.fee.commercial-receivables-control', 'msa.fee.set-off-mutual'],
  ],
  // A manager-named account replaces the practice accounts a sweep moves money between, so the two are tried apart (answers refuse them together).
  [{ programPaymentAccount: 'manager-named' }, ['msa.fee.accounts-manager-named']],
  [{ standingSweep: 'irrevocable' }, ['msa.fee.standing-sweep-irrevocable']],
  [{ feeAdjustment: 'cpi', feeAdjustmentPct: 3 }, ['msa.fee.adjustment-cpi']],
  [{ feeAdjustment: 'fixed-step', feeAdjustmentPct: 2.5 }, ['msa.fee.adjustment-fixed-step']],
  [{ disputeForum: 'arbitration', juryWaiver: true }, ['msa.disputes.arbitration', 'msa.disputes.jury-waiver', 'msa.disputes.equitable-relief']],
  [{ msoCounselAddress: 'Counsel A', practiceCounselAddress: 'Counsel B' }, ['msa.general.notices-counsel', 'msa.general.financing', 'msa.reps.mutual', 'msa.ip.ownership']],
  // Issue 23: care coordination, performance fees and the value-based clauses.
  [{ services: ['billing', 'it-ehr', 'care-coordination'] }, ['msa.services.care-coordination']],
  [{ performanceFee: 'quality-bonus', performanceMeasures: [MEASURE], performancePeriodMonths: 12, performanceCap: 24000, valueBasedBasis: 'outcomes-based-payment' }, ['msa.fee.performance-quality-bonus', 'msa.fee.outcomes-based-payment']],
  [
    { performanceFee: 'shared-savings', sharedSavingsPct: 20, performanceMeasures: [MEASURE], performancePeriodMonths: 12, valueBasedBasis: 'care-coordination', inKindContributionPct: 15, ...VBE },
    ['msa.fee.performance-shared-savings', 'msa.fee.value-based-arrangement', 'msa.fee.care-coordination-in-kind'],
  ],
  [{ valueBasedBasis: 'substantial-downside-risk', payorRisk: 'substantial-downside', practiceRiskSharePct: 10, ...VBE }, ['msa.fee.value-based-arrangement', 'msa.fee.value-based-risk-downside']],
  [{ valueBasedBasis: 'full-financial-risk', payorRisk: 'full', ...VBE }, ['msa.fee.value-based-arrangement', 'msa.fee.value-based-risk-full']],
];

describe('new MSA clauses stay clear of the text rules in every variant and posture', () => {
  it.each(MSA_VARIANTS)('%o', (answers, expected) => {
    // Oregon, formed after SB 951: any share-transfer control in the text would be an error here.
    const { ids, findings } = check('msa-tx-flat-phi', answers, {}, { peState: 'OR', governingLawState: 'OR' });
    expect(ids).toEqual(expect.arrayContaining(expected));
    expect(findings).toEqual([]);
  });
});

const LOC_VARIANTS: [Record<string, unknown>, string[]][] = [
  [{ security: 'secured', juryWaiver: true }, ['loc.security.grant', 'loc.general.jury-waiver', 'loc.commitment.conditions-first', 'loc.general.set-off', 'loc.default.events']],
  [{ security: 'unsecured-negative-pledge' }, ['loc.security.negative-pledge']],
];

describe('new LOC clauses stay clear of the text rules', () => {
  it.each(LOC_VARIANTS)('%o', (answers, expected) => {
    const { ids, findings } = check('loc-mid-term', answers, {}, { peState: 'OR', governingLawState: 'OR' });
    expect(ids).toEqual(expect.arrayContaining(expected));
    expect(findings).toEqual([]);
  });

  // The share-transfer text rule reads LOC text once it covers loans (issue 16: "any document"); until then there is nothing to catch it with.
  const coversLoc = RULES.find((r) => r.id === 'msa.state-share-transfer')?.kinds.includes('loc') ?? false;
  it.skipIf(!coversLoc)('catches a change-of-control default rewritten to give Lender a veto over share transfers', () => {
    const { findings } = check('loc-mid-term', {}, {
      'loc.default.events': 'Each of the following is an **"Event of Default"**:\n\n- the owners of Borrower sell or transfer any shares of Borrower, which they shall not do without the prior written consent of Lender.',
    }, { peState: 'OR', governingLawState: 'OR' });
    expect(findings.map((f) => f.ruleId)).toContain('msa.state-share-transfer');
  });
});

describe('the text rules catch a new clause rewritten to cross the line', () => {
  it('clinical control through the budget deadlock', () => {
    const { findings } = check('msa-tx-flat-phi', { posture: 'manager-favourable' }, {
      'msa.engagement.budget-manager': 'If the parties deadlock on the Budget, Manager shall determine the number of physicians that Practice employs and the clinical staffing of each site.',
    });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.no-mso-clinical-control', 'msa.engagement.budget-manager']);
  });

  it('clinical control through the performance standards', () => {
    const { findings } = check('msa-tx-flat-phi', {}, {
      'msa.services.performance-standards': 'If Manager fails to meet a standard, Manager may direct the coding selected by each physician until the standard is met.',
    });
    expect(findings.map((f) => f.ruleId)).toContain('msa.no-mso-clinical-control');
  });

  it('a fee adjustment tied to referrals', () => {
    const { findings } = check('msa-tx-flat-phi', { feeAdjustment: 'fixed-step', feeAdjustmentPct: 2 }, {
      'msa.fee.adjustment-fixed-step': 'On each anniversary the monthly fee increases by one percent (1%) for each referral that Practice makes to an Affiliate of Manager.',
    });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.compensation-set-in-advance', 'msa.fee.adjustment-fixed-step']);
  });

  // Issue 23: an attorney's own care-coordination text that hands Manager a clinical decision.
  it('clinical control through the care coordination service', () => {
    const { findings } = check('msa-tx-flat-phi', { services: ['billing', 'care-coordination'] }, {
      'msa.services.care-coordination': 'Manager shall provide care coordination support. Manager determines which patients are referred to specialists and schedules those appointments.',
    });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.no-mso-clinical-control', 'msa.services.care-coordination']);
  });

  it('a performance fee rewritten to pay for referrals', () => {
    const { findings } = check('msa-tx-flat-phi', { performanceFee: 'quality-bonus', performanceMeasures: [MEASURE], performancePeriodMonths: 12, performanceCap: 24000 }, {
      'msa.fee.performance-quality-bonus': 'Manager earns a Performance Fee of five hundred dollars for each referral that Practice makes to an Affiliate of Manager.',
    });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.compensation-set-in-advance', 'msa.fee.performance-quality-bonus']);
  });

  it('share-transfer control slipped into the financing-parties clause', () => {
    const { findings } = check('msa-tx-flat-phi', {}, {
      'msa.general.financing': 'Practice Owners shall not sell or transfer any shares of Practice without the prior written consent of Manager and its Financing Parties.',
    }, { peState: 'OR', governingLawState: 'OR' });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.state-share-transfer', 'msa.general.financing']);
  });

  it('share-transfer control slipped into the manager-favourable financing clause', () => {
    const { findings } = check('msa-tx-flat-phi', { posture: 'manager-favourable' }, {
      'msa.general.financing-manager': 'After a default by Manager, a Financing Party may require the owners of Practice to sell or transfer their shares of Practice to a physician it designates.',
    }, { peState: 'OR', governingLawState: 'OR' });
    expect(findings.map((f) => [f.ruleId, f.clauseId])).toContainEqual(['msa.state-share-transfer', 'msa.general.financing-manager']);
  });
});

describe('a recital is not printed when the matter makes it untrue', () => {
  it('says the owners are licensed only when every owner on the matter is', () => {
    const f = fixture('msa-tx-flat-phi');
    const licensed = check('msa-tx-flat-phi');
    const lay = check('msa-tx-flat-phi', {}, {}, { owners: [{ ...f.matter.owners[0]!, ownershipPct: 50 }, { ...f.matter.owners[1]!, name: 'Pat Investor', licensed: false, licenseState: null, ownershipPct: 50 }] });
    expect(licensed.ids).toContain('msa.recitals');
    expect(lay.ids).toContain('msa.recitals-owners-unverified');
    expect(lay.ids).not.toContain('msa.recitals');
  });
});
