import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import type { Rule } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';
import { scanOnce } from '../scan-memo.ts';

export const restrictiveCovenantsState: Rule = {
  id: 'msa.state-restrictive-covenants',
  title: 'Restrictive covenants where state law voids them',
  citations: ['Cal. SB 351 (2025)', 'Oregon SB 951 (2025)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['tag:non-solicitation', 'answers.nonSolicitMonths'],
  check(input) {
    const a = input.answers as unknown as MsaAnswers;
    const clause = clauseWithTag(input, 'non-solicitation');
    if (!clause || a.nonSolicitMonths === 0 || !['CA', 'OR'].includes(input.matter.peState)) return [];
    return [{ clauseId: clause.id, field: 'nonSolicitMonths', unverified: true, message: `${input.matter.peState === 'CA' ? 'California SB 351 voids non-compete and non-disparagement clauses in private-equity-backed MSO contracts' : 'Oregon SB 951 voids most non-compete, non-disclosure and non-disparagement agreements with medical licensees'}; the reference found no source on employee non-solicitation covenants.`, fix: 'Confirm the non-solicitation covenant is enforceable under state law, or remove it; acknowledge with your reason.' }];
  },
};

const NON_COMPETE = /\b(?:not|never)\b[^.]{0,80}\b(?:compete|practi[cs]e (?:medicine|as a physician)|provide (?:medical|professional|physician) services|engage in the practice of medicine)\b|\bcovenant not to compete\b|\bnon-?compet(?:e|ition)\b/i;
const PHYSICIAN = /\b(?:physicians?|Practice Owners?|Licensed Professionals?)\b|\bDr\./i;
const NOT_A_COVENANT = /\b(?:is not|contains no|no|without any) (?:a )?(?:covenant not to compete|non-?compet\w*)|^\W*Manager\b|\bvoid\b|\bnothing in\b/i;
const MILES = /\b(\d+(?:\.\d+)?)\)?\s*(?:-\s*)?miles?\b/i;
const DURATION = /\b(\d+)\)?\s*(?:-\s*)?(months?|years?)\b/i;

/** Sentences binding a physician not to compete, with the radius and duration they state (if any). */
export function physicianNonCompetes(text: string): { sentence: string; miles?: number; months?: number }[] {
  return text
    .split(/(?<!\b(?:Dr|Mr|Ms|Mrs|No|Inc|Co)\.)(?<=\.)\s+|\n/)
    .filter((s) => {
      const at = s.search(NON_COMPETE);
      // The physician must be the one restrained (named before the restraint); disclaimers and the manager's own undertakings are not covenants.
      return at >= 0 && PHYSICIAN.test(s.slice(0, at + 40)) && !NOT_A_COVENANT.test(s);
    })
    .map((sentence) => {
      const miles = MILES.exec(sentence);
      const duration = DURATION.exec(sentence);
      const months = duration ? Number(duration[1]) * (/year/i.test(duration[2]!) ? 12 : 1) : undefined;
      return { sentence, ...(miles ? { miles: Number(miles[1]) } : {}), ...(months !== undefined ? { months } : {}) };
    });
}

/**
 * Texas SB 1318 (Bus. & Com. Code 15.50, for covenants entered into or renewed on or after
 * 2025-09-01): a physician's covenant not to compete is enforceable only if it lasts at most one
 * year, reaches at most five miles, offers a buyout no higher than the physician's annual salary
 * and wages, and falls away on discharge without good cause. The library drafts no physician
 * non-compete, so this reads any clause an attorney writes; a covenant outside the limits is
 * unenforceable rather than unlawful, hence a warning.
 */
export const texasPhysicianNonCompete: Rule = {
  id: 'msa.state-physician-non-compete',
  title: 'Physician non-competes within Texas limits (SB 1318)',
  citations: ['Tex. Bus. & Com. Code 15.50 (as amended by SB 1318 (2025), eff. 2025-09-01)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['all clause text, library and attorney-edited'],
  check(input) {
    if (input.matter.peState !== 'TX') return [];
    return input.clauses.flatMap((clause) =>
      scanOnce(this.id, clause, physicianNonCompetes).map(({ sentence, miles, months }) => {
        const over = [months !== undefined && months > 12 ? `${months} months (limit: one year)` : '', miles !== undefined && miles > 5 ? `${miles} miles (limit: five)` : ''].filter(Boolean);
        const quote = `“${sentence.trim().slice(0, 200)}”`;
        return over.length
          ? { clauseId: clause.id, message: `${quote} restrains a physician for ${over.join(' and ')}; Texas makes such a covenant unenforceable.`, fix: 'Limit it to one year and five miles from the main practice location, with a buyout no higher than the physician’s annual salary and wages, void on discharge without good cause.' }
          : { clauseId: clause.id, message: `${quote} restrains a physician from competing. In Texas it is enforceable only within one year and five miles, with a buyout capped at annual salary and wages, and is void on discharge without good cause.`, fix: 'Confirm the covenant states each of those limits, and acknowledge with your reason.' };
      }),
    );
  },
};
