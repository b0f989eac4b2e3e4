/**
 * The build's own check of each shell it writes, the same checks the server makes at start
 * (server/docx/shell.ts): docxtemplater parses it, its tags are exactly the declared ones, and
 * styles.xml defines every contract style with numbering that numbering.xml really has.
 */
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import inspectModule from 'docxtemplater/js/inspect-module.js';
import { CONTRACT_STYLES } from './styles.ts';

interface Inspector {
  getAllStructuredTags(): { module?: string; value: string }[];
}

/** The shell's tags as manifest.json names them: raw-XML tags with their @ prefix. */
export function shellTags(bytes: Buffer): Set<string> {
  const inspector = (inspectModule as unknown as () => Inspector)();
  new Docxtemplater(new PizZip(bytes), { paragraphLoop: true, linebreaks: true, errorLogging: false, modules: [inspector] });
  return new Set(inspector.getAllStructuredTags().map((t) => (t.module === 'rawxml' ? `@${t.value}` : t.value)));
}

export function shellProblems(bytes: Buffer, declaredTags: string[]): string[] {
  const problems: string[] = [];
  const declared = new Set(declaredTags);
  if (declared.size !== declaredTags.length) problems.push('the declared tag list has duplicates');
  const found = shellTags(bytes);
  for (const t of found) if (!declared.has(t)) problems.push(`{${t}} is in the shell but not declared`);
  for (const t of declared) if (!found.has(t)) problems.push(`{${t}} is declared but not in the shell`);

  const zip = new PizZip(bytes);
  const styles = zip.file('word/styles.xml')?.asText() ?? '';
  const numbering = zip.file('word/numbering.xml')?.asText() ?? '';
  for (const id of Object.values(CONTRACT_STYLES)) if (!styles.includes(`w:styleId="${id}"`)) problems.push(`style ${id} is missing from styles.xml`);
  const nums = new Set([...numbering.matchAll(/<w:num w:numId="(\d+)"/g)].map((m) => m[1]));
  for (const m of styles.matchAll(/<w:numId w:val="(\d+)"\/>/g)) if (!nums.has(m[1])) problems.push(`styles.xml uses numId ${m[1]}, which numbering.xml lacks`);
  for (const id of ['CwArticle', 'CwSection', 'CwSubItem']) if (!numbering.includes(`<w:pStyle w:val="${id}"/>`)) problems.push(`numbering.xml has no level linked to ${id}`);
  return problems;
}
