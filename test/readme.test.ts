import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../server/services/compliance/rules/index.ts';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  it('lists every compliance rule with its citations', () => {
    for (const rule of RULES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${rule.id}\``));
      expect(row, rule.id).toBeDefined();
      for (const citation of rule.citations) expect(row, `${rule.id}: ${citation}`).toContain(citation);
    }
  });
  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('bash test/run-all.sh');
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toContain('bash test/run-all.sh');
  });
});
