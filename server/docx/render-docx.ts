import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../errors.ts';
import { TEMPLATER_OPTIONS, type Shell } from './shell.ts';
import { escapeXml } from './ooxml.ts';
import { fieldLabel, type RenderMode } from './body-xml.ts';
import { compressEntry, compressPieces, writeZip, type CompressedEntry, type DeflatedPiece } from './zip-writer.ts';

export type RawValue = string | Uint8Array | DeflatedPiece;

export interface ShellData {
  text: Record<string, string | undefined>;
  /**
   * Raw OOXML for the @-tags, built and escaped by our own code: as text, as UTF-8, or already
   * deflated (the render pool deflates the body on the main thread while the worker fills the shell).
   */
  raw: Record<string, RawValue>;
}

/** Stands in for a raw OOXML value while docxtemplater fills the shell; user text cannot produce it (docxtemplater escapes "<"). */
const rawMarker = (key: string) => `<!--cw-raw:${key}-->`;
const RAW_MARKERS = /<!--cw-raw:([A-Za-z][A-Za-z0-9]*)-->/g;

/** What a shell is made ready for rendering once (per shell, on first use). */
interface PreparedShell {
  /** Every part compressed: most parts (styles, numbering, theme, fonts) never change. */
  compressed: Map<string, CompressedEntry>;
  /** Part names in package order, [Content_Types].xml first (as Word and LibreOffice expect). */
  names: string[];
  /**
   * The package docxtemplater fills: only the parts that can hold a tag (any with a "{") and
   * the ones it reads to find them (content types, relationships). Parsing the untouched
   * parts on every render was a third of docxtemplater's time; the filled parts are the same.
   */
  templated: Buffer;
}

const preparedShells = new WeakMap<Buffer, PreparedShell>();

function prepareShell(bytes: Buffer): PreparedShell {
  let prepared = preparedShells.get(bytes);
  if (prepared) return prepared;
  const files = Object.values(new PizZip(bytes).files).filter((f) => !f.dir);
  const templated = new PizZip();
  for (const f of files) if (/\[Content_Types\]\.xml$|\.rels$/.test(f.name) || (/\.xml$/.test(f.name) && f.asText().includes('{'))) templated.file(f.name, f.asUint8Array());
  const names = files.map((f) => f.name);
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  prepared = {
    compressed: new Map(files.map((f) => [f.name, compressEntry({ name: f.name, data: f.asUint8Array() })])),
    names,
    templated: templated.generate({ type: 'nodebuffer', compression: 'STORE' }),
  };
  preparedShells.set(bytes, prepared);
  return prepared;
}

/**
 * Fills a shell. A text tag with no value is recorded as missing and, in a draft, printed as a
 * visible [field] marker — never "undefined" (docxtemplater's default) and never silently blank.
 *
 * The raw OOXML we build (the agreement body, ~150 KB) does not pass through docxtemplater:
 * docxtemplater places a marker where each raw tag's paragraph was, and the XML is spliced in
 * afterwards. Carrying the body through docxtemplater's render and pizzip's text decoding took
 * 60% of a render; the output is the same. Parts docxtemplater did not rewrite are copied
 * already compressed.
 */
export function renderShell(shell: Shell, data: ShellData, mode: RenderMode, customProperties?: Record<string, string>): { bytes: Buffer; missing: string[] } {
  const missing: string[] = [];
  const prepared = prepareShell(shell.bytes);
  const zip = new PizZip(prepared.templated);
  const original = { ...zip.files };
  const doc = new Docxtemplater(zip, {
    ...TEMPLATER_OPTIONS,
    nullGetter: (part) => {
      if (part.module === 'rawxml') return '';
      missing.push(part.value);
      return mode === 'draft' ? `[${fieldLabel(part.value)}]` : '';
    },
  });
  const values: Record<string, string> = {};
  for (const key of Object.keys(data.raw)) values[key] = rawMarker(key);
  // undefined is missing; an empty string is a value chosen to be blank (e.g. no draft notice on an execution version).
  for (const [key, value] of Object.entries(data.text)) if (value !== undefined) values[key] = value;
  try {
    doc.render(values);
  } catch (error) {
    const ids = ((error as { properties?: { errors?: { properties?: { id?: string } }[]; id?: string } }).properties?.errors ?? []).map((e) => e.properties?.id);
    throw new AppError('unprocessable', 'The Word template could not be filled.', { templateErrors: ids.length ? ids : [(error as { properties?: { id?: string } }).properties?.id ?? 'unknown'] });
  }
  const out = doc.getZip();
  if (customProperties) setCustomProperties(out, customProperties);
  // The shell's parts in its order, then any the render added (docProps/custom.xml on a new shell).
  const names = [...new Set([...prepared.names, ...Object.keys(out.files).filter((n) => !out.files[n]!.dir)])];
  const entries = names.map((name) => {
    const file = out.files[name];
    if (!file || file === original[name]) return prepared.compressed.get(name)!;
    if (!/\.(xml|rels)$/.test(name)) return { name, data: file.asUint8Array() };
    return compressPieces(name, spliceRaw(file.asText(), data.raw));
  });
  return { bytes: writeZip(entries), missing };
}

/**
 * A filled part as UTF-8 pieces, each raw marker replaced by its OOXML as given (text, bytes or
 * deflated). Node's native encoder throughout: pizzip's JavaScript one was a tenth of a render.
 */
function spliceRaw(xml: string, raw: ShellData['raw']): (Uint8Array | DeflatedPiece)[] {
  const pieces: (Uint8Array | DeflatedPiece)[] = [];
  let from = 0;
  for (const match of xml.matchAll(RAW_MARKERS)) {
    pieces.push(Buffer.from(xml.slice(from, match.index), 'utf8'));
    const value = raw[match[1]!] ?? '';
    pieces.push(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
    from = match.index + match[0].length;
  }
  pieces.push(Buffer.from(xml.slice(from), 'utf8'));
  return pieces;
}

const CUSTOM_PROPS_TYPE = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';
const CUSTOM_PROPS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties';

/** Writes docProps/custom.xml (File › Properties › Custom in Word) and registers it in the package. */
export function setCustomProperties(zip: PizZip, properties: Record<string, string>): void {
  const props = Object.entries(properties)
    .map(([name, value], i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${escapeXml(name)}"><vt:lpwstr>${escapeXml(value)}</vt:lpwstr></property>`)
    .join('');
  zip.file(
    'docProps/custom.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${props}</Properties>`,
  );
  const types = zip.file('[Content_Types].xml')!.asText();
  if (!types.includes('/docProps/custom.xml')) {
    zip.file('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_PROPS_TYPE}"/></Types>`));
  }
  const rels = zip.file('_rels/.rels')!.asText();
  if (!rels.includes(CUSTOM_PROPS_REL)) {
    zip.file('_rels/.rels', rels.replace('</Relationships>', `<Relationship Id="rIdCwCustom" Type="${CUSTOM_PROPS_REL}" Target="docProps/custom.xml"/></Relationships>`));
  }
}
