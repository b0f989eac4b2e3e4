import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';
import { describeErrors, validateAll, validateDocx, type Validated } from './helpers/ooxml-validator.ts';
import { fixtureRedline } from './helpers/documents.ts';

/**
 * Every document the product writes passes the Open XML SDK validator with zero errors: each
 * fixture as a draft and as the executable rendition (final mode with its record page and
 * custom properties), and a redline between two versions.
 */
const fixtures = dealFixtures();
const results = new Map<string, Validated>();
let catalog: Catalog;

beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  const docs: { name: string; bytes: Buffer }[] = [];
  for (const f of fixtures) {
    const answers = parseAnswers(f.kind, f.answers);
    const meta = { documentName: f.name, versionLabel: '1', documentShortId: 'MSA-2026-0001' };
    docs.push({ name: `${f.name} draft`, bytes: (await assembleDocument(catalog, { kind: f.kind, answers, matter: f.matter, mode: 'draft', meta })).bytes });
    const record = { rows: [['Version', '1']] as [string, string][], properties: { 'clausewright.version': '1' } };
    docs.push({ name: `${f.name} executable`, bytes: (await assembleDocument(catalog, { kind: f.kind, answers, matter: f.matter, mode: 'final', meta, record })).bytes });
  }
  docs.push({ name: 'redline', bytes: await fixtureRedline(catalog) });
  for (const r of await validateAll(docs)) results.set(r.name, r);
  await db.close();
}, 300_000);

describe.each(fixtures.map((f) => f.name))('Open XML SDK validator: %s', (name) => {
  it.each(['draft', 'executable'])('%s has no errors', (rendition) => {
    const result = results.get(`${name} ${rendition}`)!;
    expect(describeErrors(result)).toEqual([]);
  });
});

it('the redline has no errors', () => expect(describeErrors(results.get('redline')!)).toEqual([]));

it('validated every kind × fixture × rendition and the redline', () => {
  expect(results.size).toBe(fixtures.length * 2 + 1);
  expect(new Set(fixtures.map((f) => f.kind))).toEqual(new Set(['msa', 'loc', 'formation-checklist']));
});

it('reports errors in a deliberately broken document (the check can fail)', async () => {
  const good = results.values().next().value!;
  expect(good.errors).toEqual([]);
  const zip = new PizZip((await assembleDocument(catalog, { kind: fixtures[0]!.kind, answers: parseAnswers(fixtures[0]!.kind, fixtures[0]!.answers), matter: fixtures[0]!.matter, mode: 'draft', meta: { documentName: 'x', versionLabel: '1', documentShortId: 'x' } })).bytes);
  const xml = zip.file('word/document.xml')!.asText();
  // An alignment value the schema does not allow, and an element that does not exist.
  zip.file('word/document.xml', xml.replace('<w:body>', '<w:body><w:p><w:pPr><w:jc w:val="sideways"/></w:pPr><w:bogus/></w:p>'));
  const broken = await validateDocx('broken', zip.generate({ type: 'nodebuffer' }));
  expect(broken.errors.length).toBeGreaterThanOrEqual(2);
  expect(broken.errors.map((e) => e.path)).toContain('/word/document.xml');
}, 60_000);
