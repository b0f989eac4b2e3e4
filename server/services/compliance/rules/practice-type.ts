import { REFERRAL_SOURCE_KINDS } from '../../../schemas/matter-structure.ts';
import { jurisdiction, jurisdictionCitation, isUnverified } from '../jurisdiction.ts';
import type { FindingDraft, Rule } from '../rule.ts';

/**
 * What a practice type adds (issue 23). Each note is small and says how sure the reference is:
 * the telehealth licensure rule and the medical-spa ownership rule rest on board and statute
 * text and commentary; the infusion and ASC notes point the attorney to regimes the product does
 * not model state by state.
 */

const TELEHEALTH_SOURCES = [
  'https://cchpca.org/topic/cross-state-licensing-professional-requirements',
  'https://www.healthit.gov/faq/are-there-state-licensing-issues-related-telehealth',
  'https://meridian.allenpress.com/jmr/article/106/3/22/447313/The-Interstate-Medical-Licensure-Compact',
  'https://imlcc.com/a-faster-pathway-to-physician-licensure',
];

export const telehealthLicensure: Rule = {
  id: 'practice.telehealth-licensure',
  title: 'Telehealth: a physician licensed in every state where patients are located',
  citations: [
    'State medical practice acts: medicine is practised where the patient is located at the time of the encounter (FSMB consensus principles; CCHP state survey) [reference: secondary]',
    'Interstate Medical Licensure Compact (an expedited path to each state’s licence, not a multistate licence) [reference: secondary]',
    ...TELEHEALTH_SOURCES,
  ],
  severity: 'warning',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.practiceType', 'matter.patientStates'],
  check(input) {
    if (input.matter.practiceType !== 'telehealth') return [];
    const states = input.matter.patientStates ?? [];
    if (!states.length) {
      return [{ matterField: 'patientStates', message: 'This is a telehealth practice, and the matter does not record the states where its patients are located.', fix: 'Record each state where patients will be located during visits, and confirm a physician of the practice is licensed there.' }];
    }
    const open = states.filter((s) => !s.licensureConfirmed).map((s) => s.state);
    if (!open.length) return [];
    // One unconfirmed state: its row's checkbox; several: the patient-states list.
    const unconfirmed = states.findIndex((s) => !s.licensureConfirmed);
    return [
      {
        matterField: open.length === 1 ? `patientStates.${unconfirmed}.licensureConfirmed` : 'patientStates',
        message: `Patients are located in ${open.join(', ')}, and no physician of the practice is confirmed licensed there. A physician treating a patient by telehealth practises medicine in the patient’s state and needs its licence (or a state telehealth registration or exception).`,
        fix: `Confirm a licence in ${open.join(', ')} for each physician who will see those patients, or stop serving patients there. The Interstate Medical Licensure Compact can speed the licences in member states; it issues each state’s licence, it does not replace it.`,
      },
    ];
  },
};

/** Texas and California med-spa sources (board FAQ, statute, commentary); other states read the CPOM row only. */
const MED_SPA_SOURCES = [
  'https://mbc.ca.gov/FAQs/?cat=Licensees&topic=Cosmetic+Treatments',
  'https://cohenhealthcarelaw.com/2012/07/california-steps-up-enforcement-with-new-law-targeting-medical-spa-treatments-part-2-corporate-practice-of-medicine-issues-legal-strategies/',
  'https://byrdadatto.com/banter/123s-medspas/',
  'https://www.hchlawyers.com/blog/2021/june/can-a-non-physician-own-a-med-spa-/',
];
const STRONG = new Set(['strong', 'moderate']);

export const medSpaOwnership: Rule = {
  id: 'practice.med-spa-ownership',
  title: 'Medical spa: the medical services belong to the professional entity, under physician supervision',
  citations: ['State corporate-practice-of-medicine doctrine and delegation rules (see the jurisdiction reference row)', ...MED_SPA_SOURCES],
  severity: 'warning',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.practiceType', 'matter.peState'],
  check(input) {
    if (input.matter.practiceType !== 'med-spa') return [];
    const { peState } = input.matter;
    const row = jurisdiction(input.reference, peState);
    const name = row?.name ?? peState;
    const statutes = (row?.statutes ?? []).filter((s) => s.id?.endsWith('.med-spa'));
    // Who owns the practice is what each of these turns on, so the finding links to its owners.
    const findings: FindingDraft[] = statutes.map((s) => ({
      matterField: 'owners',
      citation: `${s.citation} [reference: ${s.verification}]`,
      unverified: s.verification === 'unverified',
      message: `${name}: ${s.summary}`,
      fix: `Applies to: ${s.appliesTo} Keep injectables, lasers and other medical treatments in ${input.matter.peName}, performed or supervised under its physicians’ orders; the MSO provides only the spa’s business services.`,
    }));
    if (row && STRONG.has(row.cpom)) {
      if (!statutes.length) {
        findings.push({
          matterField: 'owners',
          citation: jurisdictionCitation(row, peState),
          unverified: isUnverified(row),
          message: `${name} applies the corporate practice of medicine doctrine (${row.cpom}): medical-spa treatments are the practice of medicine, so a lay-owned spa or the MSO cannot own or provide them.`,
          fix: `Keep the medical services in ${input.matter.peName} under physician supervision and confirm ${name}’s delegation rules for nurses and aestheticians.`,
        });
      }
    } else if (!statutes.length) {
      findings.push({
        matterField: 'owners',
        citation: jurisdictionCitation(row, peState),
        unverified: true,
        message: `The reference has no medical-spa rule for ${name} and does not show a strong corporate-practice doctrine there.`,
        fix: `Confirm who may own a medical spa’s medical services in ${name}, and the state’s supervision and delegation rules, before relying on the structure.`,
      });
    }
    return findings;
  },
};

export const infusionPharmacy: Rule = {
  id: 'practice.infusion-pharmacy',
  title: 'Infusion practice: pharmacy and sterile-compounding rules',
  citations: [
    'State board of pharmacy licensing and compounding rules (vary by state) [reference: UNVERIFIED per state]',
    'USP General Chapter <797> (sterile compounding; enforceable where state law adopts it) [reference: secondary]',
    'https://uropracticemanagement.com/categories?view=article&secid=2093:rheumatology-practice-management-february-2018-vol-6-no-1&artid=2900:new-hampshire-s-enforcement-of-usp-797-pharmacy-standards-in-the-physician-office',
    'https://basicmedicalkey.com/compounding-sterile-preparations/',
  ],
  severity: 'info',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.practiceType', 'matter.peState'],
  check(input) {
    if (input.matter.practiceType !== 'infusion') return [];
    const name = jurisdiction(input.reference, input.matter.peState)?.name ?? input.matter.peState;
    return [
      {
        unverified: true,
        message: `An infusion practice prepares sterile drugs. Some state boards of pharmacy apply USP <797> sterile-compounding standards, or a pharmacy or clinic licence, to physician offices that mix infusions; the reference does not record ${name}’s rule.`,
        fix: `Confirm with the ${name} board of pharmacy whether the practice needs a licence or permit and which compounding standards apply; keep drug purchasing and preparation in the practice, not the MSO.`,
      },
    ];
  },
};

export const ascLicensure: Rule = {
  id: 'practice.asc-licensure',
  title: 'Ambulatory surgery center: licensure, Medicare conditions and the ASC safe harbor',
  citations: [
    '42 CFR Part 416 (ASC definition, 416.2; conditions for coverage) [reference: secondary]',
    '42 CFR 1001.952(r) (ambulatory surgical centers safe harbor) [reference: secondary]',
    'State ASC licensure and certificate-of-need laws (vary by state) [reference: UNVERIFIED per state]',
    'https://www.weisszarett.com/blog/2025/04/understanding-ambulatory-surgery-centers-2/',
    'https://natlawreview.com/article/resurgence-ambulatory-surgery-center-seven-considerations-ownership',
    'http://mondaq.com/unitedstates/x/795814/Healthcare/ASCs+Make+Comeback+with+Multispecialty+Ownership+Groups?type=related',
  ],
  severity: 'info',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.practiceType', 'matter.peState', 'matter.msoOwners'],
  check(input) {
    if (input.matter.practiceType !== 'asc') return [];
    const name = jurisdiction(input.reference, input.matter.peState)?.name ?? input.matter.peState;
    const findings: FindingDraft[] = [
      {
        unverified: true,
        message: `An ambulatory surgery center needs ${name}’s facility licence (and a certificate of need where ${name} requires one; the reference does not record it) and, to bill Medicare, must meet the ASC conditions for coverage in 42 CFR Part 416.`,
        fix: `Confirm ${name}’s ASC licensure and certificate-of-need rules and plan the Medicare certification survey before the opening date.`,
      },
    ];
    if ((input.matter.msoOwners ?? []).some((o) => REFERRAL_SOURCE_KINDS.includes(o.kind))) {
      findings.push({
        message: 'Physicians who refer to the center hold MSO units. For investments in an ASC, 42 CFR 1001.952(r) (surgeon-owned, single-specialty, multi-specialty and hospital/physician ASCs) may fit better than the small-entity safe harbor; it requires, among other things, that physician investors perform procedures at the center.',
        fix: 'Check whether the physician owners meet 1001.952(r) (its tests on the investors’ income from, and procedures performed at, the center; confirm the current text on eCFR) and structure their investment in the center accordingly.',
      });
    }
    return findings;
  },
};
