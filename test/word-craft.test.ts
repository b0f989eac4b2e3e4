import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { curlyQuotes } from '../server/docx/ooxml.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';

/** What a firm checks before a document leaves the office, on every fixture's draft. */
const fixtures = dealFixtures();
const docs = new Map<string, { kind: string; parts: Record<string, string>; answers: Record<string, unknown> }>();
let catalog: Catalog;

const meta = { documentName: 'Management Services Agreement', versionLabel: '3', documentShortId: 'CW-7KQ2M9XA' };
const partsOf = (bytes: Buffer) => {
  const zip = new PizZip(bytes);
  return Object.fromEntries(Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n)).map((n) => [n, zip.file(n)!.asText()]));
};
/** The text a reader sees: w:t runs only (field instructions are not text). */
const visibleText = (xml: string) => (xml.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).join('');
const paragraphs = (xml: string) => xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];

beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  for (const f of fixtures) {
    const answers = parseAnswers(f.kind, f.answers);
    const { bytes } = await assembleDocument(catalog, { kind: f.kind, answers, matter: f.matter, mode: 'draft', meta });
    docs.set(f.name, { kind: f.kind, parts: partsOf(bytes), answers: f.answers });
  }
  await db.close();
});

describe.each(fixtures.map((f) => f.name))('Word craft: %s', (name) => {
  it('refers to sections by number through REF fields whose bookmarks exist, never by caption', () => {
    const body = docs.get(name)!.parts['word/document.xml']!;
    expect(visibleText(body)).not.toMatch(/(section|article) (titled|captioned)/i);
    const bookmarks = new Set([...body.matchAll(/<w:bookmarkStart w:id="\d+" w:name="([^"]+)"\/>/g)].map((m) => m[1]));
    const ids = [...body.matchAll(/<w:bookmarkStart w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size, 'bookmark ids are unique').toBe(ids.length);
    for (const m of body.matchAll(/ (?:REF|PAGEREF) (\S+)/g)) expect(bookmarks, `REF ${m[1]}`).toContain(m[1]);
    for (const m of body.matchAll(/w:anchor="([^"]+)"/g)) expect(bookmarks, `hyperlink to ${m[1]}`).toContain(m[1]);
    // Each REF's result already holds the number the target section has.
    for (const m of body.matchAll(/REF \S+ \\r \\h <\/w:instrText><\/w:r><w:r><w:fldChar w:fldCharType="separate"\/><\/w:r><w:r><w:t xml:space="preserve">([^<]+)<\/w:t>/g)) expect(m[1]).toMatch(/^(\d+\.\d+|Article \d+)$/);
  });

  it('has a filled-in TOC field in agreements', () => {
    const { kind, parts } = docs.get(name)!;
    const body = parts['word/document.xml']!;
    if (kind === 'formation-checklist') return expect(body).not.toContain('TOC \\o');
    expect(body).toContain('TOC \\o "1-1" \\h \\z \\n');
    expect(body).toMatch(/<w:pStyle w:val="TOC1"\/>[\s\S]*?Article 1/);
    expect(parts['word/styles.xml']).toContain('w:styleId="TOC1"');
  });

  it('writes curly quotes only', () => {
    const { parts } = docs.get(name)!;
    for (const [part, xml] of Object.entries(parts)) if (/^word\/(document|header\d*|footer\d*)\.xml$/.test(part)) expect(visibleText(xml), part).not.toMatch(/["']/);
  });

  it('never justifies an address block or the signature data', () => {
    const { parts, answers } = docs.get(name)!;
    const body = parts['word/document.xml']!;
    const addresses = Object.entries(answers).filter(([k, v]) => /Address$/.test(k) && typeof v === 'string').map(([, v]) => (v as string).split('\n').at(-1)!);
    for (const line of addresses) {
      const holding = paragraphs(body).filter((p) => visibleText(p).includes(curlyQuotes(line)));
      expect(holding.length, line).toBeGreaterThan(0);
      for (const p of holding) expect(p).toContain('<w:jc w:val="left"/>');
    }
    for (const p of paragraphs(body).filter((x) => x.includes('w:val="CwSignatureLine"'))) expect(p).not.toContain('w:val="both"');
    expect(parts['word/styles.xml']).toMatch(/w:styleId="CwSignatureLine"[\s\S]*?<w:jc w:val="left"\/>/);
  });

  it('has footers a firm sends: title, draft version and document number; no internals; no number on the cover', () => {
    const { kind, parts } = docs.get(name)!;
    const all = Object.values(parts).join('');
    expect(all).not.toMatch(/CW-CLI|Version CLI|Doc ID/);
    const footers = Object.entries(parts).filter(([n]) => /^word\/footer\d*\.xml$/.test(n)).flatMap(([, x]) => paragraphs(x).map(visibleText));
    expect(footers).toContain('Management Services Agreement · Draft 3 · Doc. no. CW-7KQ2M9XA');
    const sections = parts['word/document.xml']!.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)!;
    if (kind !== 'formation-checklist') {
      expect(sections).toHaveLength(2);
      // The cover's footer carries no PAGE field; the body's is numbered from 1.
      const footerOf = (section: string) => {
        const id = /<w:footerReference w:type="default" r:id="([^"]+)"/.exec(section)![1];
        const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(parts['word/_rels/document.xml.rels']!)!;
        return parts[`word/${target[1] ?? target[2]}`]!;
      };
      expect(footerOf(sections[0]!)).not.toContain('PAGE');
      expect(footerOf(sections[1]!)).toContain('PAGE');
      expect(sections[1]).toContain('<w:pgNumType w:start="1"/>');
    }
  });
});

describe('execution label', () => {
  const msa = () => fixtures.find((f) => f.kind === 'msa')!;
  const header = async (input: { mode: 'draft' | 'final'; record?: { rows: [string, string][]; properties: Record<string, string> } }) => {
    const f = msa();
    const { bytes } = await assembleDocument(catalog, { kind: f.kind, answers: parseAnswers(f.kind, f.answers), matter: f.matter, meta, ...input });
    return Object.entries(partsOf(bytes)).filter(([n]) => /^word\/(header\d*|document)\.xml$/.test(n)).map(([, x]) => visibleText(x)).join('\n');
  };
  beforeAll(async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  });

  it('is "Execution version" only on the rendition the gate produced (the one with the record)', async () => {
    expect(await header({ mode: 'draft' })).not.toContain('Execution version');
    const finalWithoutGate = await header({ mode: 'final' });
    expect(finalWithoutGate).not.toContain('Execution version');
    expect(finalWithoutGate).toContain('DRAFT FOR DISCUSSION');
    const gated = await header({ mode: 'final', record: { rows: [['Version', '3']], properties: {} } });
    expect(gated).toContain('Execution version');
    expect(gated).not.toContain('DRAFT FOR DISCUSSION');
  });
});
