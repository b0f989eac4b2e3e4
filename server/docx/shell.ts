import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import inspectModule from 'docxtemplater/js/inspect-module.js';
import { z } from 'zod';

/** Paragraph styles the OOXML we generate refers to; every shell must define them. */
export const REQUIRED_STYLES = ['CwArticle', 'CwSection', 'CwSubItem', 'CwBody', 'CwBodyIndent', 'CwRecital', 'CwCenteredHeading', 'CwExhibitTitle', 'CwTableText'] as const;

export const ManifestSchema = z
  .object({
    kind: z.string(),
    title: z.string(),
    tags: z.array(z.string().regex(/^@?[a-zA-Z][a-zA-Z0-9]*$/)).min(1),
    styles: z.record(z.string(), z.string()).optional(),
  })
  .loose();
export type Manifest = z.infer<typeof ManifestSchema>;

/** The part of docxtemplater's InspectModule we use. */
interface Inspector {
  getAllStructuredTags(): { module?: string; value: string }[];
}

export interface Shell {
  kind: string;
  manifest: Manifest;
  bytes: Buffer;
}

export class ShellError extends Error {
  constructor(readonly problems: string[]) {
    super(`A Word template is broken; the server will not start until these are fixed:\n  ${problems.join('\n  ')}`);
    this.name = 'ShellError';
  }
}

/** The docxtemplater options used everywhere: no expression parser, no logging of user values. */
export const TEMPLATER_OPTIONS = {
  paragraphLoop: true,
  linebreaks: true,
  // The default ("json") prints the offending value — possibly a client's confidential data — to stdout.
  errorLogging: false,
} as const;

/** Loads templates/<kind>/ and checks that the shell's tags are exactly its manifest's and that it defines our styles. */
export async function loadShell(templatesDir: string, kind: string): Promise<Shell> {
  const dir = join(templatesDir, kind);
  const problems: string[] = [];
  const manifestPath = join(dir, 'manifest.json');
  const manifest = ManifestSchema.safeParse(JSON.parse(await readFile(manifestPath, 'utf8')));
  if (!manifest.success) throw new ShellError(manifest.error.issues.map((i) => `${manifestPath}: field "${i.path.join('.')}": ${i.message}`));
  const templatePath = join(dir, 'template.docx');
  const bytes = await readFile(templatePath);
  problems.push(...inspectShell(bytes, manifest.data).map((p) => `${templatePath}: ${p}`));
  if (problems.length) throw new ShellError(problems);
  return { kind, manifest: manifest.data, bytes };
}

/** Every problem with a shell against its manifest (empty when it is fit to use). */
export function inspectShell(bytes: Buffer, manifest: Manifest): string[] {
  const problems: string[] = [];
  let tags: Set<string>;
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
    // The CommonJS module exports a factory function; its typings describe the class it returns.
    const inspector = (inspectModule as unknown as () => Inspector)();
    new Docxtemplater(zip, { ...TEMPLATER_OPTIONS, modules: [inspector] });
    tags = new Set(inspector.getAllStructuredTags().map((t)  => (t.module === 'rawxml' ? `@${t.value}` : t.value)));
  } catch (error) {
    const explanations = ((error as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors ?? []).map((e) => e.properties?.explanation ?? '');
    return [`the template cannot be parsed: ${explanations.filter(Boolean).join('; ') || (error as Error).message}`];
  }
  const expected = new Set(manifest.tags);
  for (const tag of tags) if (!expected.has(tag)) problems.push(`tag {${tag}} is in the template but not in manifest.json`);
  for (const tag of expected) if (!tags.has(tag)) problems.push(`tag {${tag}} is in manifest.json but not in the template`);
  const styles = zip.file('word/styles.xml')?.asText() ?? '';
  for (const style of REQUIRED_STYLES) if (!styles.includes(`w:styleId="${style}"`)) problems.push(`style ${style} is not defined in word/styles.xml`);
  const numbering = zip.file('word/numbering.xml')?.asText() ?? '';
  const definedNums = new Set([...numbering.matchAll(/<w:num w:numId="(\d+)"/g)].map((m) => m[1]));
  for (const m of styles.matchAll(/<w:numId w:val="(\d+)"\/>/g)) if (!definedNums.has(m[1])) problems.push(`a style uses numbering id ${m[1]}, which word/numbering.xml does not define`);
  return problems;
}
