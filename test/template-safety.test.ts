import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { curlyQuotes } from '../server/docx/ooxml.ts';
import { inspectShell } from '../server/docx/shell.ts';
import { DEFAULT_MATTER } from '../server/cli-documents.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { sample } from './helpers/documents.ts';
import { docxText } from './helpers/docx-text.ts';

/** Known prototype-pollution and code-injection shapes (docxtemplater / angular-expressions advisories). */
const PAYLOADS = [
  '{__proto__.constructor}',
  '{constructor.constructor("return process")()}',
  '{this.constructor.constructor("process.exit(1)")()}',
  '{"x".constructor.constructor("return 1")()}',
  '{toString.constructor}',
  '{#loop}{/loop}',
  '{@raw}',
  '{{double}}',
  '${process.env}',
  '<w:p><w:r><w:t>injected</w:t></w:r></w:p>',
];

let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date());
});

describe('template safety', () => {
  it('prints every payload in a value literally, evaluates nothing and pollutes no prototype', async () => {
    for (const payload of PAYLOADS) {
      const answers = parseAnswers('msa', { ...sample('msa'), fmvValuator: payload, msoNoticeAddress: payload, msoSignatory: { name: payload, title: 'CEO' } });
      const { bytes } = await assembleDocument(catalog, { kind: 'msa', answers, matter: { ...DEFAULT_MATTER, msoName: payload }, mode: 'final', meta: { documentName: payload, versionLabel: '1', documentShortId: 'CW-SAFE' } });
      // Printed as typed, except that straight quotes become typographer's quotes (as everywhere we write).
      expect(docxText(bytes)).toContain(curlyQuotes(payload));
      const xml = new PizZip(bytes).file('word/document.xml')!.asText();
      expect(xml).not.toContain('<w:t>injected</w:t></w:r></w:p>');
    }
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('a shell with a tag outside its manifest (an expression) is refused at start', () => {
    const shell = catalog.shells.msa;
    const zip = new PizZip(shell.bytes);
    const xml = zip.file('word/document.xml')!.asText();
    zip.file('word/document.xml', xml.replace('{documentTitle}', '{constructor.constructor}'));
    const problems = inspectShell(zip.generate({ type: 'nodebuffer' }), shell.manifest);
    expect(problems.join('\n')).toMatch(/constructor\.constructor\} is in the template but not in manifest\.json/);
  });

  it('a shell with an unbalanced tag is refused with docxtemplater’s explanation', () => {
    const zip = new PizZip(catalog.shells.msa.bytes);
    zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('{documentTitle}', '{documentTitle'));
    expect(inspectShell(zip.generate({ type: 'nodebuffer' }), catalog.shells.msa.manifest).join('\n')).toMatch(/cannot be parsed|unclosed|not in the template/i);
  });
});
