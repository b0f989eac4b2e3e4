/**
 * pdf.js, loaded only when a PDF is read, without its polyfills replacing the engine's builtins.
 *
 * pdf.js's legacy build (the one that runs on Node 20) carries core-js, which on loading replaces
 * JSON.stringify, JSON.parse and Array.prototype.push with JavaScript versions whenever it judges
 * the engine's own imperfect — in this Node it did, for the whole process: every response's
 * JSON.stringify became ~9× slower and every push ~4× slower, and the server's CPU profile of
 * create-document showed pdf.mjs frames under Hono's c.json. So the import is deferred to the
 * first PDF (an admin importing an AFR ruling) and every builtin it replaced is put back when the
 * read is done;
 * what it only adds (Promise.withResolvers and the like, which pdf.js needs on Node 20) stays.
 * pdf.js runs correctly on the engine's own versions, as all of our code does.
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** The objects whose own properties core-js is known to patch (and the prototypes it might). */
const PATCHABLE: object[] = [JSON, Object, Array, Array.prototype, String, String.prototype, Promise, Promise.prototype, Map.prototype, Set.prototype, Number, Math, Reflect, RegExp.prototype, Uint8Array.prototype, ArrayBuffer.prototype];

/** The engine's own builtins, read when this module loads — before pdf.js can have been imported. */
const ENGINE = PATCHABLE.map((target) => new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!])));

/**
 * Runs `work` (which loads or uses pdf.js), then puts back every builtin that differs from the
 * engine's. pdf.js patches twice: when it is imported and when it first starts its in-process
 * worker (pdf.worker.mjs, core-js again), so the whole read is wrapped, not only the import; the
 * engine's versions are restored (not whatever was there when this read began), so overlapping
 * reads cannot restore each other's patches. While a read runs, other requests see the slower
 * (still correct) replacements for those few milliseconds.
 */
export async function withEngineBuiltins<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    PATCHABLE.forEach((target, i) => {
      for (const [key, descriptor] of ENGINE[i]!) {
        const now = Object.getOwnPropertyDescriptor(target, key);
        if (now && (now.value !== descriptor.value || now.get !== descriptor.get || now.set !== descriptor.set)) Object.defineProperty(target, key, descriptor);
      }
    });
  }
}

/** pdf.js, imported on first use (a static import would patch the server's builtins at start). */
export const loadPdfJs = (): Promise<PdfJs> => import('pdfjs-dist/legacy/build/pdf.mjs');
