import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import type { Rule } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';

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
    return [{ clauseId: clause.id, unverified: true, message: `${input.matter.peState === 'CA' ? 'California SB 351 voids non-compete and non-disparagement clauses in private-equity-backed MSO contracts' : 'Oregon SB 951 voids most non-compete, non-disclosure and non-disparagement agreements with medical licensees'}; the reference found no source on employee non-solicitation covenants.`, fix: 'Confirm the non-solicitation covenant is enforceable under state law, or remove it; acknowledge with your reason.' }];
  },
};
