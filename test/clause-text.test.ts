import { describe, expect, it } from 'vitest';
import { ClauseTextError, clausePlainText, parseClauseText, variablesUsed } from '../server/services/clauses/clause-text.ts';
import { conditionsHold } from '../server/services/clauses/conditions.ts';
import { ConditionSchema } from '../server/schemas/clause.ts';
import { listJoin, longDate, money, numberWords, ordinal, percentWords, period, termFromMonths } from '../server/services/documents/format.ts';
import { escapeXml, run } from '../server/docx/ooxml.ts';

describe('clause text', () => {
  it('parses paragraphs, sub-items, bold defined terms and variables', () => {
    const blocks = parseClauseText('Manager shall pay **"Fee"** of {monthlyFee}\nmonthly.\n\n- first item\n- second {cureDays}\n\nAfter.');
    expect(blocks.map((b) => b.kind)).toEqual(['para', 'item', 'item', 'para']);
    expect(blocks[0]!.inlines).toContainEqual({ kind: 'text', text: '"Fee"', bold: true });
    expect([...variablesUsed(blocks)]).toEqual(['monthlyFee', 'cureDays']);
    expect(clausePlainText(blocks, { monthlyFee: '$1.00' })).toBe('Manager shall pay "Fee" of $1.00 monthly.\n- first item\n- second [cureDays]\nAfter.');
  });
  it('refuses unbalanced bold and stray braces', () => {
    expect(() => parseClauseText('a **b')).toThrow(ClauseTextError);
    expect(() => parseClauseText('a {not a tag} b')).toThrow(ClauseTextError);
    expect(() => parseClauseText('a { b')).toThrow(ClauseTextError);
  });
});

describe('selection conditions', () => {
  const facts = { feeModel: 'flat-monthly', services: ['billing'], nonSolicitMonths: 12, practiceState: 'TX' };
  it('evaluates each operator', () => {
    expect(conditionsHold([{ field: 'feeModel', equals: 'flat-monthly' }], facts)).toBe(true);
    expect(conditionsHold([{ field: 'feeModel', notEquals: 'flat-monthly' }], facts)).toBe(false);
    expect(conditionsHold([{ field: 'practiceState', in: ['TX', 'OK'] }], facts)).toBe(true);
    expect(conditionsHold([{ field: 'practiceState', notIn: ['TX'] }], facts)).toBe(false);
    expect(conditionsHold([{ field: 'services', includes: 'billing' }], facts)).toBe(true);
    expect(conditionsHold([{ field: 'nonSolicitMonths', gt: 0 }], facts)).toBe(true);
    expect(conditionsHold([{ field: 'nonSolicitMonths', lt: 6 }], facts)).toBe(false);
    expect(conditionsHold([], facts)).toBe(true);
  });
  it('requires exactly one operator, as data', () => {
    expect(ConditionSchema.safeParse({ field: 'a', equals: 1, gt: 2 }).success).toBe(false);
    expect(ConditionSchema.safeParse({ field: 'a' }).success).toBe(false);
    expect(ConditionSchema.safeParse({ field: 'constructor.prototype', equals: 1 }).success).toBe(false);
  });
});

describe('law-firm formatting', () => {
  it.each([
    [longDate('2027-01-01'), 'January 1, 2027'],
    [money(42500), '$42,500.00'],
    [money(0.5), '$0.50'],
    [numberWords(90), 'ninety'],
    [numberWords(365), 'three hundred sixty-five'],
    [numberWords(1200), 'one thousand two hundred'],
    [period(180, 'days'), 'one hundred eighty (180) days'],
    [period(1, 'months'), 'one (1) month'],
    [termFromMonths(60), 'five (5) years'],
    [termFromMonths(18), 'eighteen (18) months'],
    [percentWords(8), 'eight percent (8%)'],
    [percentWords(6.5), '6.5 percent (6.5%)'],
    [ordinal(1), '1st'],
    [ordinal(12), '12th'],
    [ordinal(22), '22nd'],
    [listJoin(['a', 'b']), 'a and b'],
    [listJoin(['a', 'b', 'c']), 'a, b, and c'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));
});

describe('OOXML escaping', () => {
  it('escapes markup and keeps braces literal', () => {
    expect(escapeXml('<w:p>&"{x}"')).toBe('&lt;w:p&gt;&amp;&quot;{x}&quot;');
    expect(run('a\nb\tc')).toBe('<w:r><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t><w:tab/><w:t xml:space="preserve">c</w:t></w:r>');
  });
});
