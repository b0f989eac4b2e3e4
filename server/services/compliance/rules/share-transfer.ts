import type { Statute } from '../../../schemas/reference.ts';
import { jurisdiction } from '../jurisdiction.ts';
import type { FindingDraft, Rule, RuleInput, Severity } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';
import { scanOnce } from '../scan-memo.ts';
import { shareAcquisitionFinancingSentences, shareTransferControlSentences } from '../share-control-text.ts';

/** Statutes (by reference id) that bar MSO control of a practice's share transfers and MSO-financed acquisitions of its shares. */
const SHARE_CONTROL_STATUTES = ['or.sb951'];

const statuteFor = (input: RuleInput): Statute | undefined =>
  jurisdiction(input.reference, input.matter.peState)?.statutes.find((s) => s.id !== undefined && SHARE_CONTROL_STATUTES.includes(s.id));

const citationOf = (s: Statute) => `${s.name}, ${s.citation} [reference: ${s.verification}]`;

/** The practice's formation date: the MSA's own answer, or the matter's MSA when checking another document. */
function practiceFormedOn(input: RuleInput): string | undefined {
  const own = input.kind === 'msa' ? input.answers.practiceFormedOn : undefined;
  const related = input.related.find((d) => d.kind === 'msa')?.answers.practiceFormedOn;
  return (typeof own === 'string' ? own : undefined) ?? (typeof related === 'string' ? related : undefined);
}

interface Timing {
  severity: Severity;
  /** Why this severity: which of the statute's dates applies to this structure. */
  reason: string;
  unverified?: boolean;
}

/**
 * When the bar reaches this structure. SB 951 took effect 2025-06-09; structures formed on or after
 * that date comply from 2026-01-01 and existing ones by 2029-01-01 (the phase-in dates rest on
 * secondary sources, and the reference row says so). A document that takes effect once the bar
 * applies to its structure is an error; an existing structure's document before then is a warning
 * that the term must go by the later date.
 */
export function sb951Timing(input: RuleInput, statute: Statute): Timing {
  if (!statute.effectiveDate) return { severity: 'warning', unverified: true, reason: `its effective date for this structure is not on file.` };
  const formed = practiceFormedOn(input);
  const phase = statute.complianceBy;
  if (!formed) return { severity: 'error', reason: `the practice’s formation date is not given, so it cannot be treated as a structure that existed before ${statute.effectiveDate}.` };
  if (formed >= statute.effectiveDate) {
    return { severity: 'error', reason: `the practice was formed ${formed}, on or after ${statute.effectiveDate}${phase ? `, and such structures must comply from ${phase.newStructures}` : ''}.` };
  }
  if (!phase) return { severity: 'warning', unverified: true, reason: `the practice was formed ${formed}, before ${statute.effectiveDate}; when existing structures must comply is not on file.` };
  const effective = typeof input.answers.effectiveDate === 'string' ? input.answers.effectiveDate : undefined;
  if (effective && effective >= phase.existingStructures) {
    return { severity: 'error', reason: `existing structures (this practice was formed ${formed}) must comply by ${phase.existingStructures}, and this document takes effect ${effective}.` };
  }
  return { severity: 'warning', reason: `the practice was formed ${formed}, before ${statute.effectiveDate}: an existing structure must remove the term by ${phase.existingStructures}.` };
}

export const stateShareTransfer: Rule = {
  id: 'msa.state-share-transfer',
  title: 'No MSO control of share transfers where state law bars it (Oregon SB 951)',
  citations: ['Or. Laws 2025 ch. 295 (SB 951), amending ORS 58.375, 58.376'],
  severity: 'error',
  kinds: ['msa', 'loc'],
  examines: ['answers.shareTransferRestriction', 'all clause text, library and attorney-edited', 'answers.practiceFormedOn', 'answers.effectiveDate'],
  check(input) {
    const statute = statuteFor(input);
    if (!statute) return [];
    const found = input.clauses.flatMap((clause) => scanOnce(this.id, clause, shareTransferControlSentences).map((sentence) => ({ clauseId: clause.id, sentence })));
    const answered = input.kind === 'msa' && input.answers.shareTransferRestriction === true;
    if (!answered && found.length === 0) return [];
    const timing = sb951Timing(input, statute);
    // When the answer put the restriction in, the finding links to that answer (answering "no" removes it).
    const base = { severity: timing.severity, citation: citationOf(statute), ...(timing.unverified ? { unverified: true } : {}), ...(answered ? { field: 'shareTransferRestriction' } : {}) };
    const fix = timing.severity === 'error' ? 'Remove the share-transfer restriction (answer “no” and delete any clause that lets the MSO consent to, condition or direct a transfer of the practice’s shares).' : 'Plan its removal by that date and acknowledge with your reason, or remove it now.';
    const drafts: FindingDraft[] = found.map(({ clauseId, sentence }) => ({
      ...base,
      clauseId,
      message: `“${sentence.trim().slice(0, 220)}” lets the MSO control or restrict a transfer of the practice’s shares, which ${statute.name} bars: ${timing.reason}`,
      fix,
    }));
    if (answered && drafts.length === 0) {
      drafts.push({ ...base, clauseId: clauseWithTag(input, 'share-transfer-restriction')?.id, message: `The agreement restricts transfers of the practice’s shares, which ${statute.name} bars: ${timing.reason}`, fix });
    }
    return drafts;
  },
};

export const stateShareAcquisitionFinancing: Rule = {
  id: 'state.share-acquisition-financing',
  title: 'No MSO financing of the acquisition of a majority of the practice’s shares (Oregon SB 951)',
  citations: ['Or. Laws 2025 ch. 295 (SB 951), amending ORS 58.375'],
  severity: 'error',
  kinds: ['msa', 'loc'],
  examines: ['all clause text, library and attorney-edited'],
  check(input) {
    const statute = statuteFor(input);
    if (!statute) return [];
    return input.clauses.flatMap((clause) =>
      scanOnce(this.id, clause, shareAcquisitionFinancingSentences).map(({ sentence, majority }): FindingDraft => {
        const timing = sb951Timing(input, statute);
        const quote = `“${sentence.trim().slice(0, 220)}”`;
        if (!majority) {
          return { severity: 'warning', clauseId: clause.id, citation: citationOf(statute), ...(timing.unverified ? { unverified: true } : {}), message: `${quote} has the MSO or its affiliates finance an acquisition of the practice’s shares. ${statute.name} bars financing the acquisition of a majority of them; the text does not say how large the stake is.`, fix: 'Confirm the stake financed is less than a majority and acknowledge with your reason, or remove the financing.' };
        }
        return { severity: timing.severity, clauseId: clause.id, citation: citationOf(statute), ...(timing.unverified ? { unverified: true } : {}), message: `${quote} finances the acquisition of a majority of the practice’s shares, which ${statute.name} bars: ${timing.reason}`, fix: 'Remove the financing of the share acquisition from this document.' };
      }),
    );
  },
};
