import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import { jurisdiction } from '../jurisdiction.ts';
import type { Rule } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';

/**
 * Oregon SB 951 bars an MSO from controlling or restricting transfers of a professional medical
 * entity's shares. The reference marks its effective dates as staggered and unverified, so the
 * rule gates on the effective date only when one is on file, and otherwise asks the attorney.
 */
export const oregonShareTransfer: Rule = {
  id: 'msa.state-share-transfer',
  title: 'No MSO control of share transfers where state law bars it (Oregon SB 951)',
  citations: ['Oregon SB 951 (2025), ORS 58.375–58.376'],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:share-transfer-restriction', 'answers.shareTransferRestriction', 'answers.practiceFormedOn'],
  check(input) {
    const a = input.answers as unknown as MsaAnswers;
    if (!a.shareTransferRestriction) return [];
    const row = jurisdiction(input.reference, input.matter.peState);
    const statute = row?.statutes.find((s) => /share|stock/i.test(s.summary) && /transfer/i.test(s.summary));
    if (!statute) return [];
    const clauseId = clauseWithTag(input, 'share-transfer-restriction')?.id;
    const citation = `${statute.name}, ${statute.citation} [reference: ${statute.verification}]`;
    if (!statute.effectiveDate) {
      return [{ severity: 'warning', clauseId, citation, unverified: true, message: `${statute.name} bars an MSO from controlling or restricting transfers of the practice’s shares; its effective date for this structure is not on file.`, fix: 'Remove the share-transfer restriction, or confirm the structure is outside the statute and acknowledge with your reason.' }];
    }
    if (!a.practiceFormedOn) {
      return [{ clauseId, citation, message: `${statute.name} applies to structures formed on or after ${statute.effectiveDate}; the practice’s formation date is not given.`, fix: 'Enter the date the professional entity was formed, or remove the share-transfer restriction.' }];
    }
    if (a.practiceFormedOn >= statute.effectiveDate) {
      return [{ clauseId, citation, message: `${statute.name} bars an MSO from controlling or restricting transfers of the shares of a practice formed on or after ${statute.effectiveDate}; this practice was formed ${a.practiceFormedOn}.`, fix: 'Remove the share-transfer restriction clause.' }];
    }
    return [];
  },
};

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
