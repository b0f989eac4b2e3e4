import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entityDescription } from '../server/services/documents/format.ts';
import { dealFixtures } from './helpers/fixtures.ts';

/**
 * Issue 17: the parties are defined once, in the preamble, as lawyers write them —
 * "Lone Star Practice Management, LLC, a Texas limited liability company (“Manager”)".
 * Read from each agreement fixture's golden text, which deal-fixtures.test.ts keeps equal to the output.
 */
describe('entity description', () => {
  it('puts the state before the entity type with the article its sound takes', () => {
    expect(entityDescription('Texas', 'limited liability company')).toBe('a Texas limited liability company');
    expect(entityDescription('Oregon', 'professional corporation')).toBe('an Oregon professional corporation');
    expect(entityDescription('Illinois', 'professional corporation')).toBe('an Illinois professional corporation');
    expect(entityDescription('Utah', 'professional corporation')).toBe('a Utah professional corporation');
    expect(entityDescription('the District of Columbia', 'professional corporation')).toBe('a District of Columbia professional corporation');
    expect(entityDescription(undefined, 'limited liability company')).toBeUndefined();
    expect(entityDescription('Texas', undefined)).toBeUndefined();
  });
});

describe.each(dealFixtures().filter((f) => f.kind !== 'formation-checklist'))('preamble of $name', (f) => {
  const text = readFileSync(join(f.dir, 'expected.txt'), 'utf8');
  const [first, second] = f.kind === 'msa' ? ['Manager', 'Practice'] : ['Lender', 'Borrower'];
  // The agreement proper: the promissory note (an LOC exhibit) is its own instrument and names its parties again.
  const agreement = text.split(/\nEXHIBIT A — FORM OF REVOLVING PROMISSORY NOTE\n/)[0]!;

  it('defines each party once, in the preamble, as "<name>, a <State> <entity type> (“<Term>”)"', () => {
    const preamble = agreement.split('\n').find((l) => l.startsWith('This ') && l.includes('is entered into as of'))!;
    expect(preamble).toMatch(new RegExp(`by and between [^,]+(, [A-Z][^,]*)?, an? [A-Z][A-Za-z .]+ (limited liability company|corporation|[a-z ]+) \\(“${first}”\\), and .+, an? [A-Z][A-Za-z .]+ [a-z ]+ \\(“${second}”\\)\\.$`));
    expect(preamble).not.toContain('organized under the laws of');
    for (const term of [first, second]) {
      expect(agreement.split(`(“${term}”)`).length - 1, `(“${term}”) defined once`).toBe(1);
      expect(agreement, `no definition of ${term} elsewhere`).not.toMatch(new RegExp(`“${term}” means`));
    }
  });
});
