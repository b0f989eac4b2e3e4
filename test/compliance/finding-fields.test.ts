import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../../server/services/documents/assemble-document.ts';
import { runChecks } from '../../server/services/compliance/run-checks.ts';
import type { Finding, RelatedDocument } from '../../server/services/compliance/rule.ts';
import { effectiveDatePresent } from '../../server/services/compliance/rules/every-document.ts';
import type { DocumentKind } from '../../server/schemas/clause.ts';
import type { MatterFacts } from '../../server/services/documents/kinds/kind.ts';
import { Questionnaire, idOf } from '../../web/components/questionnaire.tsx';
import { testCatalogFiles } from '../helpers/test-app.ts';
import { dealFixtures, type DealFixture } from '../helpers/fixtures.ts';
import { input } from './rule-input.ts';

/**
 * Issue 21: a finding about a specific answer names it (Finding.field, a questionnaire path), and
 * the drafting page links "Go to the question" to it. For every deal fixture, as drafted and
 * with answers changed to set off findings, each named field is a question the page shows (its
 * anchor id is in the questionnaire), and each rule changed names the answer it concerns.
 */
let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

async function check(kind: DocumentKind, raw: Record<string, unknown>, matter: MatterFacts, related: RelatedDocument[] = []): Promise<Finding[]> {
  const answers = parseAnswers(kind, raw) as Record<string, unknown>;
  const assembled = await assembleDocument(catalog, { kind, answers, matter, mode: 'draft', meta: { documentName: 'Fields', versionLabel: '1', documentShortId: 'CW-FIELDS' } });
  return runChecks({ kind, answers, matter, clauses: assembled.clauses, values: assembled.values, missing: assembled.missing, reference: catalog.reference(), related, today: '2026-11-22' }).findings;
}

/** The questionnaire as the drafting page renders it for these answers. */
const questionnaireHtml = async (kind: DocumentKind, values: Record<string, unknown>) => String(await Questionnaire({ kind, values, errors: {} }).toString());

/** Answers that set off findings about specific answers, applied on top of each fixture of the kind. */
const TRIGGERS: Record<'msa' | 'loc', Record<string, Record<string, unknown>>> = {
  msa: {
    'short term and a stale FMV opinion outside its range': { initialTermMonths: 6, fmvOpinionDate: '2019-01-01', fmvRangeLow: 1, fmvRangeHigh: 2 },
    'billing without PHI, program payments to the manager': { handlesPhi: false, governmentPayers: true, services: ['billing', 'marketing'], programPaymentAccount: 'manager-named', standingSweep: 'none', commercialReceivables: 'practice-accounts' },
    'an irrevocable sweep': { governmentPayers: true, programPaymentAccount: 'practice-controlled', standingSweep: 'irrevocable' },
    'a volume performance measure with no period or cap': { performanceFee: 'quality-bonus', performanceMeasures: [{ name: 'New patient visits', type: 'volume', benchmark: '1,000 visits a year' }], performancePeriodMonths: undefined, performanceCap: undefined },
    'a value-based basis without its facts': { valueBasedBasis: 'substantial-downside-risk', payorRisk: 'none', valueBasedEnterprise: undefined, valueBasedPurposes: [], targetPatientPopulation: undefined, starkApplies: true },
    'a percentage fee': { feeModel: 'percent-collections', collectionsPct: 6, monthlyFee: undefined, perProviderFee: undefined, perLocationFee: undefined, costPlusMarginPct: undefined, feeAdjustment: 'none', feeAdjustmentPct: undefined },
  },
  loc: {
    'a rate below the AFR, a lender nobody named, one signer': { interestRatePct: 0.01, lenderAffiliate: 'Nobody Holdings, LLC', drawPeriodMonths: 360 },
    'a limit below the fees it funds': { creditLimit: 1000, purpose: 'msa-fees', projectedMonthlyMsaFees: 40000, coverageMonths: 12 },
    'no coverage period': { purpose: 'msa-fees', projectedMonthlyMsaFees: undefined, coverageMonths: undefined },
  },
};

const withTrigger = (answers: Record<string, unknown>, trigger: Record<string, unknown>) => Object.fromEntries(Object.entries({ ...answers, ...trigger }).filter(([, v]) => v !== undefined));

const cases = (fixture: DealFixture) => [['as drafted', fixture.answers] as const, ...Object.entries(TRIGGERS[fixture.kind as 'msa' | 'loc'] ?? {}).map(([name, t]) => [name, withTrigger(fixture.answers, t)] as const)];

describe.each(dealFixtures())('deal fixture $name: every finding’s field is a question on the drafting page', (fixture) => {
  it.each(cases(fixture))('%s', async (_name, answers) => {
    const findings = await check(fixture.kind, answers as Record<string, unknown>, fixture.matter);
    const html = await questionnaireHtml(fixture.kind, answers as Record<string, unknown>);
    for (const f of findings.filter((x) => x.field)) expect(html, `${f.ruleId} names ${f.field}`).toContain(`id="${idOf(f.field!)}"`);
  });
});

/** The rules changed name the right answer (and the trigger sets above do set off field-naming findings). */
describe('the findings name the answer they concern', () => {
  const fixture = (name: string) => dealFixtures().find((f) => f.name === name)!;
  const named = async (name: string, trigger: Record<string, unknown>, matter?: Partial<MatterFacts>, related: RelatedDocument[] = []) => {
    const f = fixture(name);
    const findings = await check(f.kind, withTrigger(f.answers, trigger), { ...f.matter, ...matter } as MatterFacts, related);
    return findings.map((x) => ({ ruleId: x.ruleId, field: x.field }));
  };

  it('MSA fee, FMV and term', async () => {
    const found = await named('msa-tx-flat-phi', TRIGGERS.msa['short term and a stale FMV opinion outside its range']!);
    expect(found).toContainEqual({ ruleId: 'msa.term-at-least-one-year', field: 'initialTermMonths' });
    expect(found).toContainEqual({ ruleId: 'msa.fmv-opinion', field: 'fmvOpinionDate' });
    // The fee outside the range is the chosen model's own fee.
    expect(found).toContainEqual({ ruleId: 'msa.fmv-opinion', field: 'monthlyFee' });
    const perProvider = await named('msa-ny-per-provider-no-phi', { fmvRangeLow: 1, fmvRangeHigh: 2 });
    expect(perProvider).toContainEqual({ ruleId: 'msa.fmv-opinion', field: 'perProviderFee' });
    const noOpinion = await named('msa-tx-flat-phi', { fmvOpinionDate: undefined, fmvValuator: undefined, fmvRangeLow: undefined, fmvRangeHigh: undefined });
    expect(noOpinion).toContainEqual({ ruleId: 'msa.fmv-opinion', field: 'fmvOpinionDate' });
  });

  it('a percentage fee: the fee model, or the services it pays for', async () => {
    expect(await named('msa-fl-percent-with-marketing', {})).toContainEqual({ ruleId: 'msa.percent-fee-state', field: 'services' });
    expect(await named('msa-fl-percent-with-marketing', {})).toContainEqual({ ruleId: 'msa.marketing-government-payers', field: 'feeModel' });
    expect(await named('msa-il-percent-billing-only', {})).toContainEqual({ ruleId: 'msa.percent-fee-state', field: 'feeModel' });
  });

  it('PHI, program payments and covenants', async () => {
    const found = await named('msa-tx-flat-phi', TRIGGERS.msa['billing without PHI, program payments to the manager']!);
    expect(found).toContainEqual({ ruleId: 'msa.phi-services-consistency', field: 'handlesPhi' });
    expect(found).toContainEqual({ ruleId: 'msa.program-payment-reassignment', field: 'programPaymentAccount' });
    expect(await named('msa-tx-flat-phi', TRIGGERS.msa['an irrevocable sweep']!)).toContainEqual({ ruleId: 'msa.program-payment-reassignment', field: 'standingSweep' });
    expect(found).toContainEqual({ ruleId: 'msa.marketing-government-payers', field: 'services' });
    const california = await named('msa-ca-cost-plus', { nonSolicitMonths: 12 });
    expect(california).toContainEqual({ ruleId: 'msa.state-restrictive-covenants', field: 'nonSolicitMonths' });
    const oregon = await named('msa-or-share-transfer-short-term', {});
    expect(oregon).toContainEqual({ ruleId: 'msa.state-share-transfer', field: 'shareTransferRestriction' });
  });

  it('performance fees: the measure row, the period and the cap', async () => {
    const found = await named('msa-tx-flat-phi', TRIGGERS.msa['a volume performance measure with no period or cap']!);
    expect(found).toContainEqual({ ruleId: 'msa.performance-fee-measures', field: 'performanceMeasures.0.type' });
    expect(found).toContainEqual({ ruleId: 'msa.performance-fee-set-in-advance', field: 'performancePeriodMonths' });
    expect(found).toContainEqual({ ruleId: 'msa.performance-fee-set-in-advance', field: 'performanceCap' });
  });

  it('value-based elements name the fact each rests on', async () => {
    const found = await named('msa-tx-flat-phi', TRIGGERS.msa['a value-based basis without its facts']!);
    for (const field of ['valueBasedEnterprise', 'valueBasedPurposes', 'targetPatientPopulation', 'payorRisk', 'practiceRiskSharePct', 'services']) {
      expect(found).toContainEqual({ ruleId: 'msa.value-based-safe-harbor', field });
    }
    expect(found).toContainEqual({ ruleId: 'msa.value-based-safe-harbor', field: 'valueBasedBasis' });
    expect(found).toContainEqual({ ruleId: 'msa.stark-value-based-exception', field: 'starkApplies' });
  });

  it('the line of credit: rate, lender, draw period, limit and signatories', async () => {
    const found = await named('loc-mid-term', TRIGGERS.loc['a rate below the AFR, a lender nobody named, one signer']!);
    expect(found).toContainEqual({ ruleId: 'loc.rate-at-least-afr', field: 'interestRatePct' });
    expect(found).toContainEqual({ ruleId: 'loc.parties-match-matter', field: 'lenderAffiliate' });
    expect(found).toContainEqual({ ruleId: 'loc.documentation', field: 'drawPeriodMonths' });
    expect(await named('loc-mid-term', TRIGGERS.loc['a limit below the fees it funds']!)).toContainEqual({ ruleId: 'loc.credit-limit-covers-fees', field: 'creditLimit' });
    expect(await named('loc-mid-term', TRIGGERS.loc['no coverage period']!)).toContainEqual({ ruleId: 'loc.credit-limit-covers-fees', field: 'projectedMonthlyMsaFees' });
    const oneSigner = await named('loc-mid-term', { borrowerSignatory: { name: 'Robert Hale', title: 'Manager' } });
    expect(oneSigner).toContainEqual({ ruleId: 'loc.parties-match-matter', field: 'borrowerSignatory.name' });
    const demand = await named('loc-demand-no-maturity', { interestRatePct: 0.01 });
    expect(demand).toContainEqual({ ruleId: 'loc.rate-at-least-afr', field: 'interestRatePct' });
  });

  it('the matter’s documents compared: each names its own answer', async () => {
    const msa = fixture('msa-tx-flat-phi');
    const loc = fixture('loc-mid-term');
    const locAnswers = withTrigger(loc.answers, { lenderSignatory: { name: 'Someone Else', title: 'CFO' }, projectedMonthlyMsaFees: 10000, maturityDate: '2040-01-31' });
    const msaAnswers = withTrigger(msa.answers, { autoRenew: false });
    const onLoc = await named('loc-mid-term', { lenderSignatory: { name: 'Someone Else', title: 'CFO' }, projectedMonthlyMsaFees: 10000, maturityDate: '2040-01-31' }, {}, [{ kind: 'msa', documentId: 1, answers: parseAnswers('msa', msaAnswers) as Record<string, unknown> }]);
    expect(onLoc).toContainEqual({ ruleId: 'matter.same-signatories', field: 'lenderSignatory.name' });
    expect(onLoc).toContainEqual({ ruleId: 'matter.loc-limit-vs-msa-fee', field: 'projectedMonthlyMsaFees' });
    expect(onLoc).toContainEqual({ ruleId: 'matter.msa-term-vs-loc-maturity', field: 'maturityDate' });
    const onMsa = await named('msa-tx-flat-phi', { autoRenew: false }, {}, [{ kind: 'loc', documentId: 2, answers: parseAnswers('loc', locAnswers) as Record<string, unknown> }]);
    expect(onMsa).toContainEqual({ ruleId: 'matter.same-signatories', field: 'msoSignatory.name' });
    expect(onMsa).toContainEqual({ ruleId: 'matter.loc-limit-vs-msa-fee', field: 'monthlyFee' });
    expect(onMsa).toContainEqual({ ruleId: 'matter.msa-term-vs-loc-maturity', field: 'initialTermMonths' });
  });

  it('a missing effective date names the question; rules about the whole agreement name none', async () => {
    expect(effectiveDatePresent.check(input({ values: {} }))).toEqual([expect.objectContaining({ field: 'effectiveDate' })]);
    const found = await named('msa-tx-unlicensed-owner', {});
    const entity = found.filter((f) => f.ruleId.startsWith('entity.'));
    expect(entity.length).toBeGreaterThan(0);
    for (const f of entity) expect(f.field).toBeUndefined();
  });
});
