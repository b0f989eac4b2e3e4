import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../errors.ts';
import { TEMPLATER_OPTIONS, type Shell } from './shell.ts';
import { escapeXml } from './ooxml.ts';
import { fieldLabel, type RenderMode } from './body-xml.ts';
import { writeZip } from './zip-writer.ts';

export interface ShellData {
  text: Record<string, string | undefined>;
  /** Raw OOXML for the @-tags, built and escaped by our own code. */
  raw: Record<string, string>;
}

/**
 * Fills a shell. A text tag with no value is recorded as missing and, in a draft, printed as a
 * visible [field] marker — never "undefined" (docxtemplater's default) and never silently blank.
 */
export function renderShell(shell: Shell, data: ShellData, mode: RenderMode, customProperties?: Record<string, string>): { bytes: Buffer; missing: string[] } {
  const missing: string[] = [];
  const zip = new PizZip(shell.bytes);
  const doc = new Docxtemplater(zip, {
    ...TEMPLATER_OPTIONS,
    nullGetter: (part) => {
      if (part.module === 'rawxml') return '';
      missing.push(part.value);
      return mode === 'draft' ? `[${fieldLabel(part.value)}]` : '';
    },
  });
  const values: Record<string, string> = { ...data.raw };
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
  // [Content_Types].xml first, as Word and LibreOffice expect; then the rest in package order.
  const names = Object.keys(out.files).filter((n) => !out.files[n]!.dir);
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  return { bytes: writeZip(names.map((name) => ({ name, data: partBytes(out, name) }))), missing };
}

/**
 * A part's bytes. XML parts go through Node's native UTF-8 encoder: pizzip's JavaScript encoder
 * (asUint8Array on a part docxtemplater rewrote) was a tenth of a render's time on the
 * 150 KB document.xml. Anything else (images, fonts) is copied as stored.
 */
function partBytes(zip: PizZip, name: string): Uint8Array {
  const file = zip.file(name)!;
  return /\.(xml|rels)$/.test(name) ? Buffer.from(file.asText(), 'utf8') : file.asUint8Array();
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
