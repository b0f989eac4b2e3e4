import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { buildBodyXml, type BodyArticle } from '../server/docx/body-xml.ts';
import { bookmarkName } from '../server/docx/cross-refs.ts';
import { parseClauseText } from '../server/services/clauses/clause-text.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';

const CLAUSES_DIR = new URL('../clauses/', import.meta.url).pathname;
const clauseFiles = readdirSync(CLAUSES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(CLAUSES_DIR, d.name)).filter((f) => f.endsWith('.md')).map((f) => join(d.name, f)));
/** A clause's text: everything after the closing line of its front matter. */
const clauseBody = (file: string) => {
  const src = readFileSync(join(CLAUSES_DIR, file), 'utf8');
  return src.slice(src.indexOf('\n---', 3) + 4);
};

/**
 * Issue 18: a number typed into clause prose ("Article 4", "Section 5.6") is wrong as soon as the
 * selected clauses or the article list change; clauses name their target by caption and the
 * compiler writes a REF field with the number the target has in this document.
 */
describe('cross-references in the clause library', () => {
  it.each(clauseFiles)('%s names articles and sections by caption, never by a typed number', (file) => {
    expect(clauseBody(file)).not.toMatch(/\b(Articles?|Sections?) \d/);
  });

  it('a reference follows its target when an earlier article drops out of the document', () => {
    const clause = (id: string, title: string, text: string) => ({ id, title, blocks: parseClauseText(text) });
    const articles = (withServices: boolean): BodyArticle[] => [
      { title: 'Definitions', numbered: true, clauses: [clause('d', 'Defined Terms', 'Terms.')] },
      { title: 'Management Services', numbered: true, clauses: withServices ? [clause('s', 'Scope', 'Services.')] : [] },
      { title: 'Reservation of Professional Authority', numbered: true, clauses: [clause('c', 'Clinical', 'Practice decides.')] },
      { title: 'General Provisions', numbered: true, clauses: [clause('g', 'Financing', 'Nothing overrides the Article titled “Reservation of Professional Authority” or the Section titled “Clinical”.')] },
    ];
    const refResults = (xml: string) => [...xml.matchAll(/ REF (\S+) \\r \\h <\/w:instrText><\/w:r><w:r><w:fldChar w:fldCharType="separate"\/><\/w:r><w:r><w:t xml:space="preserve">([^<]+)<\/w:t>/g)].map((m) => [m[1], m[2]]);
    const full = buildBodyXml(articles(true), {}, 'final');
    const short = buildBodyXml(articles(false), {}, 'final');
    expect(full.missing).toEqual([]);
    expect(refResults(full.bytes.toString('utf8'))).toEqual([
      [bookmarkName('article', 'Reservation of Professional Authority'), 'Article 3'],
      [bookmarkName('section', 'Clinical'), '3.1'],
    ]);
    expect(refResults(short.bytes.toString('utf8'))).toEqual([
      [bookmarkName('article', 'Reservation of Professional Authority'), 'Article 2'],
      [bookmarkName('section', 'Clinical'), '2.1'],
    ]);
  });
});

/** In every agreement fixture, an article reference reads the number its target article has in the contents. */
describe('article references in the fixtures', () => {
  const agreements = dealFixtures().filter((f) => f.kind !== 'formation-checklist');
  const bodies = new Map<string, string>();
  let catalog: Catalog;
  beforeAll(async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
    for (const f of agreements) {
      const { bytes } = await assembleDocument(catalog, { kind: f.kind, answers: parseAnswers(f.kind, f.answers), matter: f.matter, mode: 'draft', meta: { documentName: 'X', versionLabel: '1', documentShortId: 'CW-X' } });
      bodies.set(f.name, new PizZip(bytes).file('word/document.xml')!.asText());
    }
    await db.close();
  });

  it.each(agreements.map((f) => f.name))('%s', (name) => {
    const body = bodies.get(name)!;
    const contents = new Map([...body.matchAll(/<w:hyperlink w:anchor="([^"]+)"[^>]*>[\s\S]*?<w:t[^>]*>Article (\d+)<\/w:t>/g)].map((m) => [m[1], m[2]]));
    expect(contents.size).toBeGreaterThan(5);
    const refs = [...body.matchAll(/ REF (_RefCwA\S+) \\r \\h <\/w:instrText><\/w:r><w:r><w:fldChar w:fldCharType="separate"\/><\/w:r><w:r><w:t xml:space="preserve">Article (\d+)<\/w:t>/g)];
    if (name.startsWith('msa-')) expect(refs.length, 'the MSA refers to its articles').toBeGreaterThan(20);
    for (const [, bookmark, number] of refs) expect(`Article ${number}`, bookmark).toBe(`Article ${contents.get(bookmark!)}`);
  });
});
