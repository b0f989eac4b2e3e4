import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue 16: the corrections of legal-updates.md §2–§3 (research of 2026-12) changed the reference
 * data, so its version moved on: every report and executable record stores the version it was
 * checked against, and a document approved under the uncorrected data must be told apart from one
 * checked after. The four files share one version (parseReferenceData refuses a mismatch).
 */
const FILES = ['jurisdictions', 'afr', 'federal', 'formation-items'];
const version = (file: string) => JSON.parse(readFileSync(new URL(`../data/reference/${file}.json`, import.meta.url), 'utf8')).version as string;

describe('reference data version', () => {
  it('is one version across the files, from the research pass that made the corrections or later', () => {
    const versions = FILES.map(version);
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]! >= '2026-12-02.1', `version ${versions[0]} predates the issue-16 corrections`).toBe(true);
    expect(versions[0]).not.toBe('2026-11-22.1');
  });
});
