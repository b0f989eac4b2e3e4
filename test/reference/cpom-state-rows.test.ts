import { describe, expect, it } from 'vitest';
import type { CpomLevel, PercentFeeTreatment } from '../../server/schemas/reference.ts';
import { fixtureInState } from '../helpers/fixture-in-state.ts';

/**
 * CPOM rows researched on 2026-12-03 (cpom-states): the 26 states moved off "unverified" carry the
 * doctrine level, percentage-fee treatment, verification and sources the research set, and the real
 * compliance check on an MSA whose practice has a lay (unlicensed) owner follows the new level:
 * strong/moderate -> an error naming the level, weak/none -> a warning that the professional-entity statute (not in the reference) usually still bars lay owners of a PC or PLLC. The states
 * left unverified (no reputable source found, or an authority legal-updates.md lists as unknown)
 * still get a warning that says UNVERIFIED.
 */
type Expected = { cpom: Exclude<CpomLevel, 'unverified'>; percentFeeTreatment: PercentFeeTreatment; minimumLicensedPct: number | null; sources: string[] };

const RESEARCHED: Record<string, Expected> = {
  VA: {
    cpom: 'moderate',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/virginia-corporate-practice-of-medicine-cpom-guide",
      "https://law.lis.virginia.gov/vacodefull/title13.1/chapter7",
      "http://lis.virginia.gov/cgi-bin/legp604.exe?161+ful+CHAP0076",
      "https://oldmissionmedicine.com/virginia-cpom-laws/",
      "https://www.medkive.com/states/business/virginia",
      "https://www.discern.com/resources/virginia-healthcare-entity-compliance-requirements",
      "http://lis.virginia.gov/cgi-bin/legp604.exe?941+ful+CHAP0070",
      "http://laws9.com/statutes/virginia/title-18-2/chapter-12/18-2-502",
    ],
  },
  MD: {
    cpom: 'moderate',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://www.permithealth.com/post/maryland-corporate-practice-of-medicine-cpom-guide",
      "https://www.gfrlaw.com/what-we-do/insights/time-reform-corporate-practice-medicine-doctrine",
      "https://www.gfrlaw.com/what-we-do/insights/choice-entity-multi-disciplinary-practices",
      "https://maryland.lexroll.com/85-op-atty-gen-238-2000/",
      "https://www.discern.com/resources/maryland-healthcare-entity-compliance-requirements",
      "https://maryland.lexroll.com/83-op-atty-gen-142-1998/",
      "https://print.casetext.com/case/83-op-atty-gen-20",
    ],
  },
  TN: {
    cpom: 'strong',
    percentFeeTreatment: 'conditional',
    minimumLicensedPct: null,
    sources: [
      "https://www.permithealth.com/post/tennessee-corporate-practice-of-medicine-cpom-guide",
      "https://law.justia.com/codes/tennessee/2018/title-68/health/chapter-11/part-2/section-68-11-205/",
      "https://legalfix.com/statutes/state-codes/tennessee/title-63/chapter-6/part-2/section-63-6-204",
      "https://www.law.cornell.edu/regulations/tennessee/Tenn-Comp-R-Regs-0880-02-.20",
      "http://www.mondaq.com/unitedstates/x/90642/Healthcare/Routine+Hospital+Contract+With+Anesthesia+Group+Or+Illegal+FeeSplitting",
    ],
  },
  MO: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/missouri-corporate-practice-of-medicine-cpom-guide",
      "https://martinpringle.com/news/view/no-corporate-practice-of-medicine-doctrine-in-missouri-certain-licensed-healthcare-professionals-can-form-professional-corporations",
    ],
  },
  MN: {
    cpom: 'strong',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/minnesota-corporate-practice-of-medicine-cpom-guide",
      "https://print.casetext.com/case/isles-wellness-v-progressive-northern",
      "https://case-law.vlex.com/vid/725-n-w-2d-618262495",
      "https://mn.gov/boards/marriage-and-family/news/index.jsp?id=21-580047",
      "https://www.revisor.mn.gov/laws/1997/0/Session+Law/Chapter/76",
      "https://www.accessplushealth.com/blog/ensuring-cpom-compliance-in-minnesota-a-2025-roadmap-for-medical-practices",
      "http://casetext.com/case/alpha-real-est-co-v-delta-dental-plan",
      "http://mn.findacase.com/research/wfrmDocViewer.aspx/xq/fac.20031118_0001885.MN.htm/qx",
    ],
  },
  IN: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://www.permithealth.com/post/indiana-corporate-practice-of-medicine-cpom-guide",
      "https://dklawg.com/what-is-corporate-practice-of-medicine-indiana",
      "https://oldmissionmedicine.com/indiana-cpom/",
    ],
  },
  SC: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/south-carolina-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  KY: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/kentucky-corporate-practice-of-medicine-cpom-guide",
      "https://oldmissionmedicine.com/kentucky-cpom/",
    ],
  },
  OK: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/oklahoma-corporate-practice-of-medicine-cpom-guide",
      "http://www.jdsupra.com/legalnews/the-non-existent-corporate-practice-of-39638/",
      "http://corporations.uslegal.com/professional-corporation/oklahoma-professional-corporation-for-physicians-law/",
    ],
  },
  UT: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "http://le.utah.gov/~code/TITLE58/htm/58_67_080200.htm",
      "https://self-law.org/code/ut/title-58/chapter-68/7",
    ],
  },
  CT: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/connecticut-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  AR: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/arkansas-corporate-practice-of-medicine-cpom-guide",
      "https://www.americanbar.org/groups/health_law/resources/health-lawyer/archive/corporate-practice-medicine-prohibition/",
      "https://e.casetext.com/case/opinion-no-15856",
    ],
  },
  DC: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/district-of-columbia-d-c-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  NE: {
    cpom: 'moderate',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://www.permithealth.com/post/nebraska-corporate-practice-of-medicine-cpom-guide",
      "https://www.discern.com/resources/nebraska-healthcare-entity-compliance-requirements",
      "https://nebraskalegislature.gov/laws/statutes.php?statute=38-179&print=true",
      "https://regulations.justia.com/states/nebraska/health-and-human-services-system/title-172/chapter-88/section-172-88-009",
    ],
  },
  NM: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/new-mexico-corporate-practice-of-medicine-cpom-guide",
      "https://oldmissionmedicine.com/new-mexico-cpom-laws/",
    ],
  },
  NH: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/new-hampshire-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  WV: {
    cpom: 'strong',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/west-virginia-corporate-practice-of-medicine-cpom-guide",
      "https://oldmissionmedicine.com/west-irginia-cpom-laws/",
    ],
  },
  RI: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/rhode-island-corporate-practice-of-medicine-cpom-guide",
      "https://www.hklaw.com/en/insights/publications/2026/02/rhode-island-seeks-to-introduce-detailed-cpom-ban-and-ownership",
      "https://webserver.rilegislature.gov/Billtext26/SenateText26/S2459.htm",
    ],
  },
  SD: {
    cpom: 'moderate',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/south-dakota-corporate-practice-of-medicine-cpom-guide",
      "https://mylrc.sdlegislature.gov/api/Documents/Session%20Law/87535.html?Year=2000",
      "https://instalawyer.io/laws/south-dakota-codified-laws/section-36-4-30-acts-considered",
    ],
  },
  MS: {
    cpom: 'weak',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://www.permithealth.com/post/mississippi-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  ME: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/maine-corporate-practice-of-medicine-cpom-guide",
      "https://oldmissionmedicine.com/maine-cpom-laws-2/",
    ],
  },
  ID: {
    cpom: 'weak',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://www.hollandhart.com/non-physicians-owning-or-investing-in-medical-practices-in-idaho",
      "https://isb.idaho.gov/blog/update-on-corporate-practice-of-medicine-under-idaho-law/",
      "https://www.hollandhart.com/update-on-corporate-practice-of-medicine-under-idaho-law",
    ],
  },
  MT: {
    cpom: 'moderate',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/montana-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  VT: {
    cpom: 'none',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/vermont-corporate-practice-of-medicine-cpom-guide",
    ],
  },
  AK: {
    cpom: 'weak',
    percentFeeTreatment: 'unverified',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/alaska-corporate-practice-of-medicine-cpom-guide",
      "https://www.discern.com/resources/alaska-healthcare-entity-compliance-requirements",
      "http://www.dobbinslaw.com/cpmarticle.html",
    ],
  },
  HI: {
    cpom: 'moderate',
    percentFeeTreatment: 'unclear',
    minimumLicensedPct: null,
    sources: [
      "https://permithealth.com/post/hawaii-corporate-practice-of-medicine-cpom-guide",
      "https://oldmissionmedicine.com/hawaii-cpom/",
      "https://www.discern.com/resources/hawaii-healthcare-compliance-entity-management",
      "https://legalfix.com/statutes/state-codes/hawaii/title-25/chapter-453/section-453-8",
    ],
  },
};

/** Rows this research could not source well enough; they stay as they were. */
const STILL_UNVERIFIED = ['DE', 'LA', 'WY'];

const LAY_RULE = 'entity.no-lay-or-mso-ownership';

const reference = fixtureInState();
const row = reference.row;

/** The lay-owner MSA fixture (one physician owner, one unlicensed investor), moved to `state`. */
const layOwnerFindings = (state: string) => reference.findings('msa-tx-unlicensed-owner', state, LAY_RULE);

describe('researched CPOM rows', () => {
  it.each(Object.entries(RESEARCHED))('%s row is as researched', (code, want) => {
    const r = row(code);
    expect(r.cpom).toBe(want.cpom);
    expect(r.percentFeeTreatment).toBe(want.percentFeeTreatment);
    expect(r.licensedOwnership.minimumLicensedPct).toBe(want.minimumLicensedPct);
    expect(r.verification).toBe('secondary');
    expect(r.sources).toEqual(want.sources);
    expect(r.citations.length).toBeGreaterThan(0);
    // A field left open says so in words (as CO does), so nobody reads silence as a rule.
    if (r.percentFeeTreatment === 'unverified') expect(r.percentFeeNotes).toMatch(/not verified/i);
    if (r.professionalEntityTypes.length === 0) expect(r.licensedOwnership.rule).toMatch(/^UNVERIFIED/);
  });

  it.each(Object.entries(RESEARCHED))('%s: a lay owner gets the finding its CPOM level calls for', (code, want) => {
    const found = layOwnerFindings(code);
    if (want.cpom === 'strong' || want.cpom === 'moderate') {
      expect(found).toHaveLength(1);
      expect(found[0]!.severity).toBe('error');
      expect(found[0]!.unverified).toBeUndefined();
      expect(found[0]!.message).toContain(`${row(code).name} applies the corporate practice of medicine doctrine (${want.cpom})`);
      expect(found[0]!.message).not.toMatch(/UNVERIFIED/);
    } else {
      // The fixture's practice is a PLLC: a weak or absent doctrine still leaves the
      // professional-entity statute, which the reference does not hold, so it warns.
      expect(found).toHaveLength(1);
      expect(found[0]!.severity).toBe('warning');
      expect(found[0]!.unverified).toBe(true);
      expect(found[0]!.message).toContain(`corporate-practice doctrine is ${want.cpom}, but the practice is a PLLC`);
    }
  });
});

describe('rows left unverified', () => {
  it.each(STILL_UNVERIFIED)('%s still warns that the rule is UNVERIFIED', (code) => {
    expect(row(code).cpom).toBe('unverified');
    expect(row(code).verification).toBe('unverified');
    const found = layOwnerFindings(code);
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.unverified).toBe(true);
    expect(found[0]!.message).toMatch(/UNVERIFIED/);
  });

  it('no other jurisdiction is still unverified', () => {
    const unverified = reference.rows().filter((r) => r.cpom === 'unverified').map((r) => r.code);
    expect(unverified.sort()).toEqual([...STILL_UNVERIFIED].sort());
  });
});
