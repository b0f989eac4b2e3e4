import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';
import { docxText } from './helpers/docx-text.ts';

/** The answer paths a refusal names (the message itself is written for people, by label). */
function refusedFields(answers: unknown): string[] {
  try {
    parseAnswers('msa', answers);
    return [];
  } catch (error) {
    return ((error as { details?: { fields?: { path: string }[] } }).details?.fields ?? []).map((f) => f.path);
  }
}

/**
 * Issue 17: an agreement a firm would send uses no capitalized term it does not define. Every term
 * the library defines anywhere (**“Term”** in a clause) is collected; in each fixture and in each
 * variant combination below, a term that is used must also be defined in the same document — so a
 * variant that mentions "the Government Receivables Account" cannot be selected beside an account
 * variant that never creates it.
 */
const CLAUSES_DIR = new URL('../clauses/', import.meta.url).pathname;
function definedTerms(kind: string): string[] {
  const terms = new Set<string>();
  for (const f of readdirSync(join(CLAUSES_DIR, kind))) {
    for (const m of readFileSync(join(CLAUSES_DIR, kind, f), 'utf8').matchAll(/\*\*["“]([A-Z][A-Za-z’' -]+)["”]\*\*/g)) terms.add(m[1]!);
  }
  return [...terms];
}
const TERMS = { msa: definedTerms('msa'), loc: definedTerms('loc') };

/** Terms used but never defined in the text: a use is the term as a whole word outside its own quotes. */
function undefinedTerms(kind: 'msa' | 'loc', text: string): string[] {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return TERMS[kind].filter((term) => {
    const used = new RegExp(`(^|[^“A-Za-z])${esc(term)}(?![A-Za-z”])`, 'm').test(text);
    const defined = text.includes(`“${term}”`);
    return used && !defined;
  });
}

let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

async function textOf(fixtureName: string, answers: Record<string, unknown> = {}): Promise<{ kind: 'msa' | 'loc'; text: string }> {
  const f = dealFixtures().find((x) => x.name === fixtureName)!;
  const kind = f.kind as 'msa' | 'loc';
  const parsed = parseAnswers(kind, { ...f.answers, ...answers });
  const { bytes } = await assembleDocument(catalog, { kind, answers: parsed, matter: f.matter, mode: 'draft', meta: { documentName: 'X', versionLabel: '1', documentShortId: 'CW-X' } });
  return { kind, text: docxText(bytes) };
}

describe('every capitalized term used is defined in the same document', () => {
  it('collects the library’s defined terms', () => {
    expect(TERMS.msa).toEqual(expect.arrayContaining(['Government Receivables Account', 'Operating Account', 'Collection Account', 'Control Agreement', 'Financing Party']));
    expect(TERMS.loc).toEqual(expect.arrayContaining(['Collateral', 'Event of Default']));
  });

  it.each(dealFixtures().filter((f) => f.kind !== 'formation-checklist').map((f) => f.name))('fixture %s', async (name) => {
    const { kind, text } = await textOf(name);
    expect(undefinedTerms(kind, text)).toEqual([]);
  });

  const MSA_COMBINATIONS: Record<string, unknown>[] = [];
  for (const programPaymentAccount of ['practice-controlled', 'practice-named-manager-access'])
    for (const standingSweep of ['none', 'revocable', 'irrevocable'])
      for (const commercialReceivables of ['practice-accounts', 'deposit-account-control'])
        MSA_COMBINATIONS.push({ programPaymentAccount, standingSweep, commercialReceivables });
  for (const posture of ['balanced', 'manager-favourable', 'practice-favourable']) MSA_COMBINATIONS.push({ posture, exclusivity: 'non-exclusive', setOff: 'mutual-undisputed', disputeForum: 'arbitration', juryWaiver: true });
  MSA_COMBINATIONS.push({ programPaymentAccount: 'manager-named' });
  for (const feeModel of [{ feeModel: 'per-provider', perProviderFee: 9000, providerCount: 5 }, { feeModel: 'flat-monthly' }])
    for (const feeAdjustment of ['cpi', 'fixed-step']) MSA_COMBINATIONS.push({ ...feeModel, feeAdjustment, feeAdjustmentPct: 3 });

  it.each(MSA_COMBINATIONS)('MSA %o', async (answers) => {
    const { kind, text } = await textOf('msa-tx-flat-phi', answers);
    expect(undefinedTerms(kind, text)).toEqual([]);
  });

  it('a manager-named collection account cannot be combined with a sweep or control over accounts it replaces', () => {
    const f = dealFixtures().find((x) => x.name === 'msa-tx-flat-phi')!;
    expect(refusedFields({ ...f.answers, programPaymentAccount: 'manager-named', standingSweep: 'revocable' })).toEqual(['answers.standingSweep']);
    expect(refusedFields({ ...f.answers, programPaymentAccount: 'manager-named', commercialReceivables: 'deposit-account-control' })).toEqual(['answers.commercialReceivables']);
    expect(() => parseAnswers('msa', { ...f.answers, programPaymentAccount: 'manager-named' })).not.toThrow();
  });

  it.each([{ security: 'secured', juryWaiver: true }, { security: 'unsecured-negative-pledge' }, { security: 'secured', lenderAffiliate: undefined }])('LOC %o', async (answers) => {
    const { kind, text } = await textOf('loc-mid-term', answers);
    expect(undefinedTerms(kind, text)).toEqual([]);
  });
});
