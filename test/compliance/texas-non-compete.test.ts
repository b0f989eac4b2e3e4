import { describe, expect, it } from 'vitest';
import { physicianNonCompetes, texasPhysicianNonCompete } from '../../server/services/compliance/rules/msa-state.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input } from './rule-input.ts';

// Tex. Bus. & Com. Code 15.50 as amended by SB 1318 (eff. 2025-09-01): one year, five miles, buyout capped at salary.
const covenant = (text: string) => clause('msa.covenants.physician', [], text);
const check = (text: string, state = 'TX') => texasPhysicianNonCompete.check(input({ clauses: [covenant(text)], matter: { ...DEFAULT_MATTER, peState: state as never } }));

describe('msa.state-physician-non-compete (Texas SB 1318)', () => {
  it('warns, naming the excess, on two years and ten miles', () => {
    const [f] = check('Each physician owner of Practice shall not practice medicine within ten (10) miles of any Practice office for two (2) years after leaving Practice.');
    expect(f!.message).toMatch(/24 months \(limit: one year\)/);
    expect(physicianNonCompetes('Each physician shall not compete within 10 miles for 2 years.')[0]).toMatchObject({ miles: 10, months: 24 });
  });
  it('warns to confirm the buyout and discharge terms when within the limits', () => {
    const [f] = check('Dr. Park shall not compete with Practice within five (5) miles for twelve (12) months after the end of her employment.');
    expect(f!.message).toMatch(/buyout capped at annual salary/);
  });
  it('passes outside Texas and for disclaimers or the manager’s own undertakings', () => {
    expect(check('Each physician shall not compete within 10 miles for 2 years.', 'CA')).toEqual([]);
    expect(check('This Section is not a covenant not to compete binding on any Licensed Professional.')).toEqual([]);
    expect(check('Manager shall not practice medicine or interfere with any physician.')).toEqual([]);
  });
});
