import { describe, expect, it } from 'vitest';
import { stateShareAcquisitionFinancing, stateShareTransfer } from '../../server/services/compliance/rules/share-transfer.ts';
import { shareAcquisitionFinancingSentences, shareTransferControlSentences } from '../../server/services/compliance/share-control-text.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input, locAnswers, msaAnswers, reference } from './rule-input.ts';

// Oregon SB 951 (Or. Laws 2025 ch. 295): effective 2025-06-09; new structures comply from 2026-01-01, existing ones by 2029-01-01.
const OREGON: typeof DEFAULT_MATTER = { ...DEFAULT_MATTER, peState: 'OR' };
const LIBRARY_RESTRICTION =
  'Practice shall not issue any new equity interest, and shall cause each holder of an equity interest in Practice (each, a "Practice Owner") not to sell, assign, transfer, pledge, encumber or otherwise dispose of any equity interest in Practice without the prior written consent of Manager. Nothing in this Section gives Manager any right to own, vote, exercise a proxy over, or direct the voting of any equity interest in Practice, or requires any Practice Owner to transfer any interest to a person that Manager designates.';
const ATTORNEY_TEXT = 'Either party may assign this Agreement with consent. No shareholder of the Practice may sell his or her shares in the Practice except to a physician approved in writing by Manager.';
const tagged = clause('msa.covenants.share-transfer-restriction', ['share-transfer-restriction'], LIBRARY_RESTRICTION);
const assignment = clause('msa.general.assignment', [], ATTORNEY_TEXT);

const msa = (a: Record<string, unknown>, clauses = [tagged]) => input({ answers: { ...msaAnswers, ...a }, matter: OREGON, clauses });

describe('share-transfer control found in clause text', () => {
  it('finds the consent right in the library clause, not its disclaimer', () => {
    const found = shareTransferControlSentences(LIBRARY_RESTRICTION);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Practice shall not issue/);
  });
  it('finds an attorney’s own wording', () => expect(shareTransferControlSentences(ATTORNEY_TEXT)).toHaveLength(1));
  it('ignores a transfer expressly free of the manager’s consent, and the manager’s own equity', () => {
    expect(shareTransferControlSentences('Each Practice Owner may sell its shares in Practice without the consent of Manager.')).toEqual([]);
    expect(shareTransferControlSentences('Manager may transfer its own membership interests with the approval of its members.')).toEqual([]);
  });
  it('finds financing of a share purchase and whether the stake is a majority', () => {
    expect(shareAcquisitionFinancingSentences('Advances shall be used to fund the purchase by Dr. Lee of all of the outstanding shares of Borrower.')).toEqual([expect.objectContaining({ majority: true })]);
    expect(shareAcquisitionFinancingSentences('Lender may finance the purchase of shares of Practice by a physician.')).toEqual([expect.objectContaining({ majority: false })]);
    expect(shareAcquisitionFinancingSentences('Documented Costs exclude interest, financing costs and the costs of acquiring Manager or any equity interest in it.')).toEqual([]);
  });
});

describe('msa.state-share-transfer (Oregon SB 951)', () => {
  it('errors on the answered restriction for a practice formed after 2025-06-09 (the old rule only warned)', () => {
    const found = stateShareTransfer.check(msa({ shareTransferRestriction: true, practiceFormedOn: '2026-03-01' }));
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.unverified).toBeUndefined();
    expect(found[0]!.citation).toMatch(/Or\. Laws 2025 ch\. 295/);
    expect(found[0]!.message).toMatch(/2026-01-01/);
  });
  it('errors on a restriction written into any clause although the answer is “no”', () => {
    const found = stateShareTransfer.check(msa({ shareTransferRestriction: false, practiceFormedOn: '2026-03-01' }, [assignment]));
    expect(found.map((f) => [f.severity, f.clauseId])).toEqual([['error', 'msa.general.assignment']]);
  });
  it('errors when the formation date is not given', () => expect(stateShareTransfer.check(msa({ shareTransferRestriction: true, practiceFormedOn: undefined }))[0]!.severity).toBe('error'));
  it('warns for an existing structure before 2029-01-01, and errors once the document takes effect after it', () => {
    const existing = stateShareTransfer.check(msa({ shareTransferRestriction: true, practiceFormedOn: '2020-05-01' }));
    expect(existing[0]!.severity).toBe('warning');
    expect(existing[0]!.message).toMatch(/by 2029-01-01/);
    expect(stateShareTransfer.check(msa({ shareTransferRestriction: true, practiceFormedOn: '2020-05-01', effectiveDate: '2029-02-01' }))[0]!.severity).toBe('error');
  });
  it('warns, marked unverified, if the effective date were removed from the reference', () => {
    const noDate = structuredClone(reference);
    noDate.jurisdictions.rows.find((r) => r.code === 'OR')!.statutes.find((s) => s.id === 'or.sb951')!.effectiveDate = null;
    const [f] = stateShareTransfer.check({ ...msa({ shareTransferRestriction: true, practiceFormedOn: '2026-03-01' }), reference: noDate });
    expect(f!.severity).toBe('warning');
    expect(f!.unverified).toBe(true);
  });
  it('passes outside Oregon and without a restriction', () => {
    expect(stateShareTransfer.check(input({ answers: { ...msaAnswers, shareTransferRestriction: true }, clauses: [tagged, assignment] }))).toEqual([]);
    expect(stateShareTransfer.check(msa({ shareTransferRestriction: false }, []))).toEqual([]);
  });
  it('reads a line of credit’s clauses too, with the formation date from the matter’s MSA', () => {
    const covenant = clause('loc.documentation.covenants', [], 'Borrower shall not permit any transfer of the shares of Borrower without the prior written consent of Lender.');
    const related = [{ kind: 'msa' as const, documentId: 1, answers: { ...msaAnswers, practiceFormedOn: '2026-03-01' } }];
    const found = stateShareTransfer.check(input({ kind: 'loc', answers: locAnswers, matter: OREGON, clauses: [covenant], related }));
    expect(found.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('state.share-acquisition-financing (Oregon SB 951)', () => {
  const related = [{ kind: 'msa' as const, documentId: 1, answers: { ...msaAnswers, practiceFormedOn: '2026-03-01' } }];
  const loc = (text: string, matter = OREGON) => input({ kind: 'loc', answers: locAnswers, matter, clauses: [clause('loc.commitment.purpose-msa-fees', [], text)], related });
  it('errors on a line that finances buying a majority of the practice’s shares', () => {
    const [f] = stateShareAcquisitionFinancing.check(loc('Advances shall be used to fund the purchase by Dr. Lee of all of the outstanding shares of Borrower.'));
    expect(f!.severity).toBe('error');
    expect(f!.citation).toMatch(/SB 951/);
  });
  it('warns when the text does not say the stake is a majority', () => expect(stateShareAcquisitionFinancing.check(loc('Lender may finance the purchase of shares of Borrower by a physician.'))[0]!.severity).toBe('warning'));
  it('passes outside Oregon and for ordinary purposes', () => {
    expect(stateShareAcquisitionFinancing.check(loc('Advances shall be used to fund the purchase by Dr. Lee of all of the outstanding shares of Borrower.', DEFAULT_MATTER))).toEqual([]);
    expect(stateShareAcquisitionFinancing.check(loc('Advances shall be used only to pay the Management Fee.'))).toEqual([]);
  });
});
