import type { Rule, RuleInput } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';
import { scanOnce } from '../scan-memo.ts';

const CPOM_CITATIONS = [
  'Medical Board of California, Corporate Practice of Medicine guidance (decisions reserved to physicians)',
  'Cal. Bus. & Prof. Code 2400, 2052',
  'Flynn Bros. v. First Medical Assocs., 715 S.W.2d 782 (Tex. App.—Dallas 1986)',
];

/** Subjects the reservation must cover, each with the words that show it does (Medical Board of California list). */
const RESERVED_SUBJECTS: { subject: string; pattern: RegExp }[] = [
  { subject: 'diagnosis and treatment', pattern: /diagnos/i },
  { subject: 'treatment decisions', pattern: /treatment/i },
  { subject: 'hiring, firing and supervision of clinical staff', pattern: /(hir|select)\w*[\s\S]{0,200}(fir|terminat)\w*[\s\S]{0,200}supervis|supervis[\s\S]{0,200}(hir|select)/i },
  { subject: 'coding and billing decisions', pattern: /coding/i },
  { subject: 'payer-contract parameters', pattern: /payer[- ]contract|parameters of[\s\S]{0,60}payer|payor contract/i },
  { subject: 'ownership and content of patient records', pattern: /(own\w*)[\s\S]{0,120}(medical|patient) records|(medical|patient) records[\s\S]{0,120}own/i },
];

const NEGATION = /\b(shall|will|may|must|does|do|is|are)\s+not\b|\bnothing\b|\bin no event\b|\bno\s+(right|authority|power|control|role|clinical|medical)\b|\bnot\s+(be\s+)?(entitled|permitted|authori[sz]ed)\b|\bwithout\b|\bexcept\b/i;
/** The powers a grant hands over, in the forms a clause uses them ("shall determine", "is responsible for determining"). */
const POWERS = 'determin(?:e|es|ing)|direct(?:s|ing)?|control(?:s|ling)?|decid(?:e|es|ing)|dictat(?:e|es|ing)|approv(?:e|es|ing)|supervis(?:e|es|ing)|hir(?:e|es|ing)|fir(?:e|es|ing)|terminat(?:e|es|ing)|select(?:s|ing)?|establish(?:es|ing)?|set(?:s|ting)?|overrid(?:e|es|ing)|mak(?:e|es|ing)|requir(?:e|es|ing)|choos(?:e|es|ing)|assign(?:s|ing)?|triag(?:e|es|ing)';
/** Manager as the subject of a power: after a modal or an "authority to" phrase, or in the present tense ("Manager determines which patients …"). */
const GRANT = new RegExp(
  String.raw`\bManager\b[^.;:]*?\b(shall|will|may|must|is authori[sz]ed to|is (?:solely |exclusively )?responsible for|has the (sole |exclusive |final )?(right|authority|discretion) to|retains? (the )?(right|authority) to)\s+(?:\w+\s+){0,5}?(${POWERS})\b` +
    String.raw`|\bManager\b(?:\s*,[^,.;:]{1,60},)?(?:\s+(?:alone|itself|solely|also|then|ultimately|exclusively|independently))?\s+(determines|directs|controls|decides|dictates|approves|supervises|hires|fires|terminates|selects|establishes|sets|overrides|makes|requires|chooses|assigns|triages)\b`,
  'i',
);
const CLINICAL = /\b(diagnos\w*|treatments?|(?<!non-)clinical|medical judgment|referrals?|refer(?:s|red|ring)?|specialists?|care plans?|triag\w*|medications?|coding|codes? (?:selection|assignment)|prescri\w*|patient care|standards? of care|physicians?|licensed (?:professionals?|staff|personnel))\b/i;

/** Sentences (split further at semicolons and "provided that") in which Manager is given a clinical power. */
export function clinicalControlGrants(text: string): string[] {
  return text
    .split(/(?<=[.;:])\s+|\n|,\s*provided(?:,)? (?:however,\s*)?that/i)
    .filter((segment) => GRANT.test(segment) && CLINICAL.test(segment.slice(segment.search(GRANT))) && !NEGATION.test(segment));
}

export const clinicalReservationPresent: Rule = {
  id: 'msa.clinical-control-reservation',
  title: 'Physicians keep clinical control',
  citations: CPOM_CITATIONS,
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:clinical-control-reservation'],
  check(input: RuleInput) {
    const clause = clauseWithTag(input, 'clinical-control-reservation');
    if (!clause) {
      return [{ message: 'The agreement has no reservation of clinical control to the Practice.', fix: 'Include the “Reservation of Professional Authority” clause (msa.clinical.reservation).' }];
    }
    const uncovered = scanOnce(this.id, clause, (text) => RESERVED_SUBJECTS.filter((s) => !s.pattern.test(text)));
    return uncovered.map((s) => ({
      clauseId: clause.id,
      message: `The reservation of professional authority does not reserve ${s.subject} to the Practice.`,
      fix: `Add ${s.subject} to the list of matters within the Practice’s sole and exclusive authority.`,
    }));
  },
};

export const noMsoClinicalControl: Rule = {
  id: 'msa.no-mso-clinical-control',
  title: 'No clause gives the MSO clinical control',
  citations: CPOM_CITATIONS,
  severity: 'error',
  kinds: ['msa'],
  examines: ['all clause text, library and attorney-edited'],
  check(input) {
    return input.clauses.flatMap((clause) =>
      scanOnce(this.id, clause, clinicalControlGrants).map((sentence) => ({
        clauseId: clause.id,
        message: `“${sentence.trim().slice(0, 220)}” gives Manager control over a clinical matter (diagnosis, treatment, clinical staffing, coding or referrals).`,
        fix: 'Rephrase so the Practice decides and Manager only supports administratively, or move the subject into the reservation of professional authority.',
      })),
    );
  },
};

const CLINICAL_SERVICE = /\b(provide|perform|furnish|render|deliver)\w*\s+(?:\w+\s+){0,3}?(medical|clinical|nursing|diagnostic|physician|professional medical|patient care)\s+services\b/i;

function clinicalServiceSentences(text: string): string[] {
  return text.split(/(?<=[.;])\s+|\n/).filter((s) => /\bManager\b/.test(s) && CLINICAL_SERVICE.test(s) && !NEGATION.test(s));
}

export const onlyNonClinicalServices: Rule = {
  id: 'msa.only-non-clinical-services',
  title: 'The MSO provides only non-clinical services',
  citations: CPOM_CITATIONS,
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:service', 'tag:services-scope'],
  check(input) {
    return input.clauses
      .filter((c) => c.tags.some((t) => t === 'service' || t.startsWith('service.')))
      .flatMap((c) =>
        scanOnce(this.id, c, clinicalServiceSentences).map((s) => ({
            clauseId: c.id,
            message: `“${s.trim().slice(0, 200)}” has Manager furnishing clinical services.`,
            fix: 'Limit the service to its administrative, non-clinical support; clinical services are the Practice’s alone.',
          })),
      );
  },
};
