import PizZip from 'pizzip';
import { beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { composeDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { fixtureRedline } from './helpers/documents.ts';

/**
 * The redline is the whole later version with the changes tracked where they happen: the fee
 * model changes (flat monthly → per provider) and the marketing clause is removed.
 */
let catalog: Catalog;
let xml: string;
const input = JSON.parse(readFileSync(new URL('./fixtures/deals/msa-tx-flat-phi/input.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  xml = new PizZip(await fixtureRedline(catalog)).file('word/document.xml')!.asText();
  await db.close();
});

const paragraphs = () => xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
const shown = (p: string) => (p.match(/<w:(?:t|delText)(?: [^>]*)?>[^<]*<\/w:(?:t|delText)>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('');
const composed = (answers: Record<string, unknown>) => composeDocument(catalog, { kind: 'msa', answers: parseAnswers('msa', answers), matter: input.matter });
const later = () => ({ ...input.answers, feeModel: 'per-provider', monthlyFee: undefined, perProviderFee: 9500, providerCount: 5, services: input.answers.services.filter((s: string) => s !== 'marketing') });

it('holds every section of the later version, in order, with the parts of the shell around it', () => {
  const titles = composed(later()).articles.filter((a) => a.numbered).flatMap((a) => a.clauses.map((c) => c.title));
  const markDeleted = /<w:rPr><w:del [^>]*\/><\/w:rPr><\/w:pPr>/;
  const headings = paragraphs().filter((p) => p.includes('w:val="CwSection"') && !markDeleted.test(p)).map((p) => shown(p));
  let at = 0;
  for (const title of titles) {
    const found = headings.findIndex((h, i) => i >= at && h.startsWith(`${title}.`));
    expect(found, title).toBeGreaterThanOrEqual(at);
    at = found + 1;
  }
  expect(xml).toContain('IN WITNESS WHEREOF');
  expect(xml).toMatch(/EXHIBIT A/i);
});

it('tracks the removed clause where it was, deleted with its paragraph marks', () => {
  const before = composed(input.answers).clauses;
  // Removed outright: no clause of the later version has its caption (a swapped variant is a change, not a removal).
  const gone = before.filter((c) => !composed(later()).clauses.some((x) => x.title === c.title));
  expect(gone.length).toBeGreaterThan(0);
  const all = paragraphs();
  for (const clause of gone) {
    const at = all.findIndex((p) => shown(p).startsWith(`${clause.title}.`));
    expect(at, clause.title).toBeGreaterThan(0);
    expect(all[at], all[at]).toMatch(/<w:pPr>.*<w:rPr><w:del w:id="\d+" w:author="Avery Attorney" w:date="2026-11-22T12:00:00Z"\/><\/w:rPr><\/w:pPr>/);
    expect(all[at]).not.toMatch(/<w:t[ >]/);
    // Its neighbours in the earlier version surround it.
    const index = before.findIndex((c) => c.id === clause.id);
    const previous = before[index - 1]!;
    const prevAt = all.findIndex((p) => shown(p).startsWith(`${previous.title}.`));
    expect(prevAt).toBeLessThan(at);
  }
});

it('tracks the fee change by word inside the fee section, and leaves unchanged sections untouched', () => {
  const all = paragraphs();
  const changed = all.filter((p) => /<w:(ins|del) /.test(p));
  // The fee section: the same caption, its figures and words changed in place, unchanged words plain.
  const fee = changed.find((p) => shown(p).startsWith('Management Fee.'))!;
  expect(fee).toMatch(/<w:delText xml:space="preserve">42<\/w:delText>/);
  expect(fee).toMatch(/<w:ins [^>]*><w:r><w:t xml:space="preserve">9<\/w:t><\/w:r><\/w:ins>/);
  expect(fee).toMatch(/<w:r><w:t xml:space="preserve">,500.00 <\/w:t><\/w:r>/);
  expect(changed.some((p) => /<w:ins [^>]*><w:r><w:t xml:space="preserve">“Provider” means/.test(p))).toBe(true);
  const untouched = all.filter((p) => shown(p).startsWith('Defined Terms.'));
  expect(untouched).toHaveLength(1);
  expect(untouched[0]).not.toMatch(/<w:(ins|del) /);
});
