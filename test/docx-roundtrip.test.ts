import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers } from '../server/services/documents/assemble-document.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';

/**
 * Every generated document is opened by a real consumer: LibreOffice converts it to PDF and
 * pdftotext reads it back. One soffice run converts the whole set (it costs seconds to start).
 */
const outDir = mkdtempSync(join(tmpdir(), 'cw-roundtrip-'));
const fixtures = dealFixtures();
const docs = new Map<string, { bytes: Buffer; kind: string; pdfText: string; pages: number }>();

beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  const catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  for (const f of fixtures) {
    const answers = parseAnswers(f.kind, f.answers);
    const { bytes } = await assembleDocument(catalog, { kind: f.kind, answers, matter: f.matter, mode: 'draft', meta: { documentName: f.name, versionLabel: '1', documentShortId: 'CW-RT' } });
    writeFileSync(join(outDir, `${f.name}.docx`), bytes);
    docs.set(f.name, { bytes, kind: f.kind, pdfText: '', pages: 0 });
  }
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${outDir}/profile`, '--convert-to', 'pdf', '--outdir', outDir, ...fixtures.map((f) => join(outDir, `${f.name}.docx`))], { stdio: 'ignore', timeout: 240_000 });
  for (const [name, doc] of docs) {
    const pdf = join(outDir, `${name}.pdf`);
    doc.pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    doc.pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  }
  await db.close();
}, 300_000);

const KEY_TEXT: Record<string, RegExp[]> = {
  msa: [/MANAGEMENT SERVICES AGREEMENT/i, /RESERVATION OF PROFESSIONAL AUTHORITY/i, /EXHIBIT A/i, /IN WITNESS WHEREOF/i, /ARTICLE 1/, /1\.1/, /\(a\)/],
  loc: [/LINE OF CREDIT/i, /applicable federal rate/i, /EVENTS OF DEFAULT/i, /IN WITNESS WHEREOF/i, /ARTICLE 1/],
  'formation-checklist': [/FORMATION CHECKLIST/i, /PART A/i, /PART B/i, /EIN/],
};

describe.each(fixtures.map((f) => f.name))('LibreOffice round trip: %s', (name) => {
  it('converts to a PDF with the key text, page numbers, and no template remnants', () => {
    const doc = docs.get(name)!;
    for (const pattern of KEY_TEXT[doc.kind]!) expect(doc.pdfText, String(pattern)).toMatch(pattern);
    // Numbered from the first page after the cover (the checklist has no cover).
    expect(doc.pdfText).toMatch(/Page 1\b/);
    if (doc.kind !== 'formation-checklist') expect(doc.pdfText.split('\f')[0], 'the cover has no page number').not.toMatch(/Page \d/);
    expect(doc.pdfText).not.toMatch(/[{}]/);
    expect(doc.pdfText).not.toMatch(/undefined|\[object Object\]|NaN/);
    // An empty numbered paragraph shows as a number alone on its line.
    expect(doc.pdfText).not.toMatch(/^\s*(\d+\.\d+|\([a-z]{1,2}\))\s*$/m);
    if (doc.kind === 'msa') expect(doc.pages).toBeGreaterThanOrEqual(10);
    if (doc.kind === 'loc') expect(doc.pages).toBeGreaterThanOrEqual(4);
  });

  it('has well-formed XML in every part and defines every numbering id it uses', () => {
    const zip = new PizZip(docs.get(name)!.bytes);
    const xmlParts = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
    for (const part of xmlParts) expect(XMLValidator.validate(zip.file(part)!.asText()), part).toBe(true);
    const numbering = zip.file('word/numbering.xml')?.asText() ?? '';
    const defined = new Set([...numbering.matchAll(/<w:num w:numId="(\d+)"/g)].map((m) => m[1]));
    for (const part of ['word/document.xml', 'word/styles.xml']) {
      for (const m of (zip.file(part)?.asText() ?? '').matchAll(/<w:numId w:val="(\d+)"\/>/g)) {
        if (m[1] !== '0') expect(defined, `${part} uses numId ${m[1]}`).toContain(m[1]);
      }
    }
  });
});

/**
 * Pages a reviewer looks at, as PNGs in test/artifacts/ (LibreOffice → PDF → pdftoppm): the MSA's
 * cover, contents, notices and signature pages, and the checklist's first page. Each page is found
 * by its text, so the test fails if one of them goes missing.
 */
it('saves screenshots of the pages a reviewer checks', () => {
  const artifacts = new URL('./artifacts/', import.meta.url).pathname;
  mkdirSync(artifacts, { recursive: true });
  const shoot = (fixture: string, label: string, find: RegExp | number) => {
    const pages = docs.get(fixture)!.pdfText.split('\f');
    const page = typeof find === 'number' ? find : pages.findIndex((p) => find.test(p)) + 1;
    expect(page, `${fixture}: ${label}`).toBeGreaterThan(0);
    const out = join(artifacts, `docx-${fixture}-${label}`);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(page), '-l', String(page), '-singlefile', join(outDir, `${fixture}.pdf`), out]);
    expect(readFileSync(`${out}.png`).subarray(1, 4).toString()).toBe('PNG');
  };
  shoot('msa-tx-flat-phi', '1-cover', 1);
  shoot('msa-tx-flat-phi', '2-contents', /TABLE OF CONTENTS/);
  shoot('msa-tx-flat-phi', '3-notices', /\d+\.\d+\s+Notices\./);
  shoot('msa-tx-flat-phi', '4-signature', /IN WITNESS WHEREOF/);
  shoot('formation-tx', '1-first-page', 1);
});

it('keeps the PDFs for inspection in a temp folder', () => expect(readFileSync(join(outDir, `${fixtures[0]!.name}.pdf`)).subarray(0, 4).toString()).toBe('%PDF'));
