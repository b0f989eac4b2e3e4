import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DocumentKind } from '../../server/schemas/clause.ts';
import type { MatterFacts } from '../../server/services/documents/kinds/kind.ts';

export const DEALS_DIR = new URL('../fixtures/deals/', import.meta.url).pathname;

export interface DealFixture {
  name: string;
  dir: string;
  kind: DocumentKind;
  answers: Record<string, unknown>;
  matter: MatterFacts;
}

export function dealFixtures(): DealFixture[] {
  return readdirSync(DEALS_DIR)
    .sort()
    .map((name) => {
      const dir = join(DEALS_DIR, name);
      const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8'));
      return { name, dir, ...input };
    });
}

/**
 * Golden-file comparison: on a mismatch (or a missing expected file) the actual output is
 * written beside the expected one as `actual-<file>`, so a reviewer can diff and accept it.
 */
export function expectGolden(dir: string, file: string, actual: string): void {
  const expectedPath = join(dir, file);
  const actualPath = join(dir, `actual-${file}`);
  const expected = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : undefined;
  if (expected !== actual) writeFileSync(actualPath, actual);
  expect(expected === undefined ? `(no ${file} yet: review ${actualPath} and rename it)` : actual, `${dir}/${file}`).toBe(expected);
}
