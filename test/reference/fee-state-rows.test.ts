import { describe, expect, it } from 'vitest';
import type { PercentFeeTreatment } from '../../server/schemas/reference.ts';
import { fixtureInState } from '../helpers/fixture-in-state.ts';

/**
 * Percentage-fee rows researched on 2026-12-03 (fee-states): each state moved off "unverified"
 * carries the treatment the research set, keeps the sources it had and gains the ones read, and the
 * real check on a percentage-of-collections MSA moved to that state follows the new value
 * ('unclear' -> a warning that says unclear and is not flagged UNVERIFIED).
 */
type Expected = { percentFeeTreatment: Exclude<PercentFeeTreatment, 'unverified'>; sourcesBefore: number; added: string[]; notesMention: RegExp };

const RESEARCHED: Record<string, Expected> = {
  VA: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 6,
    added: ['http://lis.virginia.gov/cgi-bin/legp604.exe?941+ful+CHAP0070', 'http://laws9.com/statutes/virginia/title-18-2/chapter-12/18-2-502'],
    notesMention: /54\.1-2962/,
  },
  MD: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 5,
    added: ['https://maryland.lexroll.com/83-op-atty-gen-142-1998/', 'https://print.casetext.com/case/83-op-atty-gen-20'],
    notesMention: /83 Op\. Att'y Gen\. 142/,
  },
  MN: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 6,
    added: ['http://casetext.com/case/alpha-real-est-co-v-delta-dental-plan', 'http://mn.findacase.com/research/wfrmDocViewer.aspx/xq/fac.20031118_0001885.MN.htm/qx'],
    notesMention: /671 N\.W\.2d 213/,
  },
  NE: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 2,
    added: ['https://nebraskalegislature.gov/laws/statutes.php?statute=38-179&print=true', 'https://regulations.justia.com/states/nebraska/health-and-human-services-system/title-172/chapter-88/section-172-88-009'],
    notesMention: /38-179\(2\)/,
  },
  SD: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 2,
    added: ['https://instalawyer.io/laws/south-dakota-codified-laws/section-36-4-30-acts-considered'],
    notesMention: /36-4-30\(10\)/,
  },
  HI: {
    percentFeeTreatment: 'unclear',
    sourcesBefore: 3,
    added: ['https://legalfix.com/statutes/state-codes/hawaii/title-25/chapter-453/section-453-8'],
    notesMention: /453-8\(a\)\(9\)/,
  },
};

const RULE = 'msa.percent-fee-state';

const reference = fixtureInState();
const row = reference.row;

/** A percentage-of-collections MSA fixture moved to `state`; returns the percentage-fee findings. */
function percentFeeFindings(fixture: string, state: string) {
  expect(reference.answersOf(fixture).feeModel).toBe('percent-collections');
  return reference.findings(fixture, state, RULE);
}

describe('researched percentage-fee rows', () => {
  it.each(Object.entries(RESEARCHED))('%s row is as researched', (code, want) => {
    const r = row(code);
    expect(r.percentFeeTreatment).toBe(want.percentFeeTreatment);
    expect(r.percentFeeNotes).toMatch(want.notesMention);
    expect(r.percentFeeNotes).not.toMatch(/not verified\.$/);
    // Sources only grow: the earlier ones stay, the ones read for the fee rule are appended.
    expect(r.sources.length).toBe(want.sourcesBefore + want.added.length);
    expect(r.sources.slice(-want.added.length)).toEqual(want.added);
    expect(r.verification).toBe('secondary');
  });

  // Both percentage fixtures: one whose manager also markets the practice, one billing-only.
  it.each(Object.keys(RESEARCHED).flatMap((code) => ['msa-fl-percent-with-marketing', 'msa-il-percent-billing-only'].map((fixture) => [code, fixture] as const)))(
    '%s: %s gets the finding its treatment calls for',
    (code, fixture) => {
      const found = percentFeeFindings(fixture, code);
      expect(found).toHaveLength(1);
      // Every researched value so far is 'unclear': a warning naming the doubt, not an UNVERIFIED one.
      expect(RESEARCHED[code]!.percentFeeTreatment).toBe('unclear');
      expect(found[0]!.severity).toBe('warning');
      expect(found[0]!.unverified).toBeFalsy();
      expect(found[0]!.message).toContain(`Whether ${row(code).name} permits a percentage-of-collections management fee is unclear`);
    },
  );

  it('a state still unverified keeps the UNVERIFIED warning (Indiana, not researched to a source)', () => {
    expect(row('IN').percentFeeTreatment).toBe('unverified');
    const found = percentFeeFindings('msa-il-percent-billing-only', 'IN');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.unverified).toBe(true);
  });
});
