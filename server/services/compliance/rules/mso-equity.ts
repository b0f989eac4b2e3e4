import { REFERRAL_SOURCE_KINDS, type MsoInvestment, type MsoOwner } from '../../../schemas/matter-structure.ts';
import type { MatterFacts } from '../../documents/kinds/kind.ts';
import { jurisdiction } from '../jurisdiction.ts';
import type { FindingDraft, Rule } from '../rule.ts';

/**
 * Physician equity in the MSO (issue 23). When physicians who refer to the practice hold MSO
 * units, their returns are remuneration that the Anti-Kickback Statute reaches unless it fits a
 * safe harbor. The small-entity investment safe harbor, 42 CFR 1001.952(a)(2), protects returns
 * only when every one of its eight standards is met. A safe harbor is voluntary: missing one is a
 * warning naming what is unmet, not a violation. Distributions that vary with referrals are
 * remuneration for referrals under the statute itself, an error.
 *
 * Sources for the eight standards (paraphrased here, never quoted): the 1991 final rule that
 * created the safe harbor (56 FR 35952, oig.hhs.gov), its 1999 clarification (64 FR 63518), and
 * secondary summaries; the current eCFR text was not retrieved, so the rule says "secondary".
 */
const SAFE_HARBOR_SOURCES = [
  'https://www.oig.hhs.gov/fraud/docs/safeharborregulations/072991.htm',
  'http://frwebgate.access.gpo.gov/cgi-bin/getdoc.cgi?dbname=1999_register&docid=99-29989-filed',
  'https://www.complyx.com/blank-53',
  'https://natlawreview.com/article/oig-clarifies-small-entity-investment-safe-harbor-physicians',
];
const SAFE_HARBOR = '42 CFR 1001.952(a)(2) (small-entity investment safe harbor; 56 FR 35952, 64 FR 63518) [reference: secondary]';
const AKS = '42 U.S.C. 1320a-7b(b)(1)–(2) (Anti-Kickback Statute)';

type Status = { met: true } | { met: false; why: string } | { met: null; why: string };

interface Element {
  paragraph: string;
  standard: string;
  /** The matter fact the standard reads, so a finding can take the attorney to it (matterField). */
  fact: string;
  status(owners: MsoOwner[], facts: MsoInvestment): Status;
}

const referralSources = (owners: MsoOwner[]) => owners.filter((o) => REFERRAL_SOURCE_KINDS.includes(o.kind));
const pctOf = (owners: MsoOwner[]) => owners.reduce((sum, o) => sum + o.ownershipPct, 0);
const round = (n: number) => Math.round(n * 1000) / 1000;

/** A recorded yes/no fact: which answer meets the standard, and what to say when it is not met or not known. */
const yesNo = (value: 'yes' | 'no' | null, meets: 'yes' | 'no', unmet: string, unknown: string): Status =>
  value === null ? { met: null, why: unknown } : value === meets ? { met: true } : { met: false, why: unmet };

/** The eight standards, in the order of the paragraph. */
export const SMALL_ENTITY_ELEMENTS: readonly Element[] = [
  {
    paragraph: '(a)(2)(i)',
    fact: 'msoOwners',
    // The paragraph tests each class of interests; the matter records one class of MSO units.
    standard: 'no more than 40% of the value of the investment interests (of each class) is held by investors in a position to make or influence referrals to, or generate business for, the entity',
    status(owners) {
      const held = round(pctOf(referralSources(owners)));
      const unrecorded = round(Math.max(0, 100 - pctOf(owners)));
      if (held > 40) return { met: false, why: `referral-source physicians hold ${held}%` };
      // The unrecorded remainder could be held by referral sources too.
      if (held + unrecorded > 40) return { met: null, why: `referral-source physicians hold ${held}% and ${unrecorded}% of the interests is not recorded` };
      return { met: true };
    },
  },
  {
    paragraph: '(a)(2)(ii)',
    fact: 'msoInvestment.sameTermsForAllInvestors',
    standard: 'interests are offered to passive investors on the same terms as to other investors',
    status: (_, f) => yesNo(f.sameTermsForAllInvestors, 'yes', 'passive investors are offered different terms', 'whether every investor is offered the same terms is not recorded'),
  },
  {
    paragraph: '(a)(2)(iii)',
    fact: 'msoOwners',
    standard: 'the terms offered to a referral-source investor are not related to the volume or value of referrals or business they generate',
    status(owners) {
      const tied = referralSources(owners).filter((o) => o.termsRelatedToReferrals);
      return tied.length ? { met: false, why: `the terms offered to ${tied.map((o) => o.name).join(', ')} relate to their referrals` } : { met: true };
    },
  },
  {
    paragraph: '(a)(2)(iv)',
    fact: 'msoInvestment.referralsRequiredToStayInvestor',
    standard: 'no investor must make referrals, or be in a position to, to stay an investor',
    status: (_, f) => yesNo(f.referralsRequiredToStayInvestor, 'no', 'investors must refer to keep their interest', 'whether investors must refer to stay investors is not recorded'),
  },
  {
    paragraph: '(a)(2)(v)',
    fact: 'msoInvestment.investorsFavoredAsPatients',
    standard: 'the entity and its investors do not market or furnish items or services to investors differently from non-investors',
    status: (_, f) => yesNo(f.investorsFavoredAsPatients, 'no', 'investors are marketed to or served differently', 'whether investors are treated differently from non-investors is not recorded'),
  },
  {
    paragraph: '(a)(2)(vi)',
    fact: 'msoInvestment.revenueFromInvestorReferralsPct',
    standard: 'no more than 40% of the entity’s gross health-care revenue in the last fiscal year or 12 months comes from referrals or business generated by investors',
    status(_, f) {
      const pct = f.revenueFromInvestorReferralsPct;
      if (pct === null) return { met: null, why: 'the share of revenue from investors’ referrals is not recorded' };
      return pct > 40 ? { met: false, why: `${pct}% of revenue comes from investors’ referrals` } : { met: true };
    },
  },
  {
    paragraph: '(a)(2)(vii)',
    fact: 'msoInvestment.loansOrGuaranteesToInvestors',
    standard: 'neither the entity nor any investor lends to, or guarantees a loan for, a referral-source investor to acquire the interest',
    status: (_, f) => yesNo(f.loansOrGuaranteesToInvestors, 'no', 'the MSO or an investor finances a referral-source investor’s purchase', 'whether anyone finances an investor’s purchase is not recorded'),
  },
  {
    paragraph: '(a)(2)(viii)',
    fact: 'msoInvestment.returnsProportionalToCapital',
    standard: 'returns are directly proportional to the capital each investor put in (including the fair market value of pre-operational services)',
    status: (_, f) => yesNo(f.returnsProportionalToCapital, 'yes', 'returns are not proportional to capital invested', 'whether returns are proportional to capital is not recorded'),
  },
];

const hasReferralSourceOwners = (m: MatterFacts) => referralSources(m.msoOwners ?? []).length > 0;

export const investmentSafeHarbor: Rule = {
  id: 'mso-equity.investment-safe-harbor',
  title: 'Physician investors in the MSO: the small-entity investment safe harbor',
  citations: [SAFE_HARBOR, ...SAFE_HARBOR_SOURCES],
  severity: 'warning',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.msoOwners', 'matter.msoInvestment'],
  check(input) {
    const { msoOwners = [], msoInvestment } = input.matter;
    if (!msoInvestment || !hasReferralSourceOwners(input.matter)) return [];
    const results = SMALL_ENTITY_ELEMENTS.map((e) => ({ e, s: e.status(msoOwners, msoInvestment) }));
    const unmet = results.filter((r) => r.s.met === false);
    const unknown = results.filter((r) => r.s.met === null);
    const list = (rs: typeof results) => rs.map(({ e, s }) => `${e.paragraph} ${e.standard}${'why' in s ? ` (${s.why})` : ''}`).join('; ');
    const findings: FindingDraft[] = [];
    if (unmet.length) {
      findings.push({
        // Several facts may fail; the link goes to the first of them (the message names them all).
        matterField: unmet[0]!.e.fact,
        message: `Physicians who refer to the practice hold MSO units, and the facts do not meet the safe harbor: ${list(unmet)}. Returns to them are then not protected; the arrangement is judged on its facts and intent under the Anti-Kickback Statute.`,
        fix: 'Restructure the investment to meet each standard (e.g. cap referral-source holdings at 40%, same terms for all investors, returns in proportion to capital), or document why the arrangement is low-risk without the safe harbor. An entity in a medically underserved area has its own, looser variant (1001.952(a)(3) as cited by secondary sources; confirm on eCFR), which this check does not model.',
      });
    }
    if (unknown.length) {
      findings.push({
        matterField: unknown[0]!.e.fact,
        message: `The matter does not show whether the MSO investment meets: ${list(unknown)}.`,
        fix: 'Record these facts on the matter (MSO owners and investment terms), or confirm them in the operating agreement and subscription documents.',
      });
    }
    if (!unmet.length && !unknown.length) {
      findings.push({
        severity: 'info',
        message: 'The recorded facts meet each standard of the small-entity investment safe harbor, (a)(2)(i)–(viii). Protection lasts only while every standard is met: the 40% tests are re-measured each year.',
        fix: 'Keep the owners and revenue figures current on the matter; re-check after any new issuance or transfer of MSO units.',
      });
    }
    return findings;
  },
};

export const distributionsTiedToReferrals: Rule = {
  id: 'mso-equity.distributions-tied-to-referrals',
  title: 'MSO distributions do not vary with physician owners’ referrals',
  citations: [AKS, 'https://www.oig.hhs.gov/fraud/docs/safeharborregulations/072991.htm'],
  severity: 'error',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.msoOwners', 'matter.msoInvestment.distributionsTiedToReferrals'],
  check(input) {
    if (input.matter.msoInvestment?.distributionsTiedToReferrals !== 'yes' || !hasReferralSourceOwners(input.matter)) return [];
    const names = referralSources(input.matter.msoOwners ?? []).map((o) => o.name).join(', ');
    return [
      {
        matterField: 'msoInvestment.distributionsTiedToReferrals',
        message: `The MSO’s distributions vary with the referrals or business its physician owners (${names}) generate: that is remuneration paid in return for referrals of federal health-care program business.`,
        fix: 'Distribute in proportion to ownership (capital invested) only; remove any allocation, bonus or class of units keyed to referrals, collections from referred patients or the practice’s volume.',
      },
    ];
  },
};

/**
 * State rows' statutes on physician investment and referrals, read by id: a state law is on file
 * for a state only where the research found a source (data/reference/jurisdictions.json).
 */
export const STATE_INVESTMENT_STATUTES = ['tx.patient-solicitation', 'ca.referral-consideration'] as const;

export const stateInvestmentTreatment: Rule = {
  id: 'mso-equity.state-treatment',
  title: 'State law on physician investment and referrals',
  citations: ['State patient-solicitation and self-referral statutes (see the jurisdiction reference row)'],
  severity: 'warning',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.msoOwners', 'matter.peState', 'matter.msoState'],
  check(input) {
    if (!hasReferralSourceOwners(input.matter)) return [];
    const states = [...new Set([input.matter.peState, input.matter.msoState])];
    return states.flatMap((code): FindingDraft[] => {
      const row = jurisdiction(input.reference, code);
      const statutes = (row?.statutes ?? []).filter((s) => (STATE_INVESTMENT_STATUTES as readonly string[]).includes(s.id ?? ''));
      if (!statutes.length) {
        return [
          {
            severity: 'info',
            unverified: true,
            citation: `${code}: no physician-investment statute on file [reference: UNVERIFIED]`,
            message: `The reference has nothing on file for ${row?.name ?? code} on physician investment in a company serving the practice or on self-referral.`,
            fix: `Confirm ${row?.name ?? code} anti-kickback, fee-splitting and self-referral law before relying on the federal analysis alone.`,
          },
        ];
      }
      return statutes.map((s) => ({
        // The physician owners are what the state law is about.
        matterField: 'msoOwners',
        citation: `${s.citation} [reference: ${s.verification}]`,
        unverified: s.verification === 'unverified',
        message: `${row!.name}: ${s.summary}`,
        fix: `Applies to: ${s.appliesTo} Structure the physicians’ returns to meet it (in proportion to ownership, not to referrals) and make any disclosures it requires.`,
      }));
    });
  },
};
