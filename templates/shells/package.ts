/**
 * Post-processing of the `docx` package's output, so a shell is the same bytes on every rebuild
 * and its numbering is linked to its styles the way Word itself links them.
 */
import PizZip from 'pizzip';
import { NUMBERED_STYLES } from './styles.ts';

const FIXED_ISO = '2026-01-01T00:00:00Z';
/** Zip entry timestamps are local DOS time; a local-time Date gives the same fields in every time zone. */
const FIXED_ZIP_DATE = new Date(2026, 0, 1, 0, 0, 0);

/** Fixed document dates (docx writes "now"). */
function fixCoreDates(core: string): string {
  return core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_ISO}`);
}

/**
 * Makes the list the Cw styles point to a proper outline-numbered list:
 * - multiLevelType "multilevel" and no "tentative" levels (docx writes a bullet-style hybrid list);
 * - each level names its paragraph style (w:pStyle). The standard says a style's own w:ilvl is
 *   ignored and this link decides the level, so Word and LibreOffice agree on it;
 * - no start overrides on the num, so level 2 ((a), (b)) restarts under every section by
 *   Word's default and nothing else restarts anything.
 */
export function linkNumberingToStyles(numbering: string, styles: string): string {
  const numIds = new Set([...styles.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]));
  if (numIds.size !== 1) throw new Error(`expected the Cw styles to share one numbering instance, found ${numIds.size}`);
  const numId = [...numIds][0]!;
  const num = new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/>[\\s\\S]*?</w:num>`).exec(numbering);
  if (!num) throw new Error(`numbering.xml has no w:num ${numId}`);
  const abstractId = num[1]!;
  const abstract = new RegExp(`<w:abstractNum w:abstractNumId="${abstractId}"[^>]*>[\\s\\S]*?</w:abstractNum>`).exec(numbering);
  if (!abstract) throw new Error(`numbering.xml has no w:abstractNum ${abstractId}`);

  let linked = abstract[0].replace('<w:multiLevelType w:val="hybridMultilevel"/>', '<w:multiLevelType w:val="multilevel"/>').replace(/ w:tentative="1"/g, '');
  for (const [styleId, level] of Object.entries(NUMBERED_STYLES)) {
    const before = linked;
    // CT_Lvl order: start, numFmt, lvlRestart, pStyle, isLgl, suff, lvlText, …
    linked = linked.replace(new RegExp(`(<w:lvl w:ilvl="${level}">[\\s\\S]*?<w:numFmt [^>]*/>)`), `$1<w:pStyle w:val="${styleId}"/>`);
    if (linked === before) throw new Error(`numbering level ${level} for ${styleId} not found`);
  }
  return numbering.replace(abstract[0], linked).replace(num[0], `<w:num w:numId="${numId}"><w:abstractNumId w:val="${abstractId}"/></w:num>`);
}

/** Rewrites the package with fixed dates and a fixed entry order ([Content_Types].xml first). */
export function finishPackage(bytes: Buffer): Buffer {
  const source = new PizZip(bytes);
  const read = (name: string) => source.file(name)!.asText();
  const replaced = new Map<string, string>([
    ['docProps/core.xml', fixCoreDates(read('docProps/core.xml'))],
    ['word/numbering.xml', linkNumberingToStyles(read('word/numbering.xml'), read('word/styles.xml'))],
  ]);
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name]!.dir)
    .sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out = new PizZip();
  for (const name of names) out.file(name, replaced.get(name) ?? source.file(name)!.asUint8Array(), { date: FIXED_ZIP_DATE, createFolders: false });
  return out.generate({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
