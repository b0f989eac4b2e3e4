import { describe, expect, it } from 'vitest';
import { pdfFromPages } from '../helpers/afr-ruling-pdf.ts';

/**
 * pdf.js's legacy build carries core-js, which replaced JSON.stringify (~9× slower), JSON.parse and
 * Array.prototype.push (~4× slower) for the whole server as soon as the AFR reader was imported
 * (server/services/reference/afr-ruling/load-pdfjs.ts). The engine's functions are captured
 * before the reader is imported (dynamically, so the capture comes first), then a PDF is read.
 * (core-js's replacements claim "[native code]" in their text, so identity is what is compared.)
 */
const engine = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push, keys: Object.keys, withResolvers: (Promise as { withResolvers?: unknown }).withResolvers };

describe('reading a PDF (pdf.js)', () => {
  it('leaves the engine’s JSON and Array builtins in place, before and after a PDF is read', async () => {
    const { readPdfText } = await import('../../server/services/reference/afr-ruling/read-pdf-text.ts');
    expect(JSON.stringify).toBe(engine.stringify);
    const pages = await readPdfText(pdfFromPages([[[[72, 'Rev. Rul. 2027-1']], [[72, 'Table 1']]]]));
    expect(pages[0]).toEqual(['Rev. Rul. 2027-1', 'Table 1']);
    expect(JSON.stringify).toBe(engine.stringify);
    expect(JSON.parse).toBe(engine.parse);
    expect(Array.prototype.push).toBe(engine.push);
    expect(Object.keys).toBe(engine.keys);
    // Two reads at once: the second began while the first's pdf.js patches were on; neither puts them back.
    await Promise.all([readPdfText(pdfFromPages([[[[72, 'one']]]])), readPdfText(pdfFromPages([[[[72, 'two']]]]))]);
    expect(JSON.stringify).toBe(engine.stringify);
    expect(Array.prototype.push).toBe(engine.push);
    // What pdf.js only adds, and needs on Node 20, stays.
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function');
  });
});
