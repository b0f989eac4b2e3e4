import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { compressPieces, deflatePiece, writeZip } from '../server/docx/zip-writer.ts';
import { inspectDocxUpload } from '../server/docx/inspect-upload.ts';

describe('native zip writer', () => {
  it('writes archives that pizzip and our own inspector read back exactly', async () => {
    const big = Buffer.from('<w:t>clause text </w:t>'.repeat(5000));
    const bytes = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: big },
      { name: 'word/média.xml', data: Buffer.from('é') },
      { name: 'empty.xml', data: new Uint8Array() },
    ]);
    const zip = new PizZip(bytes);
    expect(zip.file('word/document.xml')!.asText()).toBe(big.toString());
    expect(zip.file('word/média.xml')!.asText()).toBe('é');
    expect(bytes.length).toBeLessThan(big.length / 10);
    await expect(inspectDocxUpload(bytes)).resolves.toBeUndefined();
  });
  it('is deterministic: the same entries give the same bytes', () => {
    const entries = [{ name: 'a.xml', data: Buffer.from('<a/>') }];
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
  });
  it('joins pieces deflated apart (one ahead of time, as the render pool does) into one entry that pizzip and our inspector read', async () => {
    const head = Buffer.from('<w:document><w:body>');
    const body = Buffer.from('<w:p><w:r><w:t>clause « text » ’quoted’</w:t></w:r></w:p>'.repeat(4000));
    const tail = Buffer.from('</w:body></w:document>');
    const entry = compressPieces('word/document.xml', [head, deflatePiece(body), new Uint8Array(), tail]);
    const bytes = writeZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, entry]);
    const whole = Buffer.concat([head, body, tail]);
    expect(new PizZip(bytes).file('word/document.xml')!.asText()).toBe(whole.toString());
    await expect(inspectDocxUpload(bytes)).resolves.toBeUndefined();
    expect(entry.size).toBe(whole.length);
    expect(bytes.length).toBeLessThan(whole.length / 10);
  });
});
