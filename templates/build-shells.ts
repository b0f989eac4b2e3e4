/**
 * Rebuilds templates/<kind>/template.docx and manifest.json for every kind with the `docx`
 * package: `npm run build:templates`.
 *
 * Deterministic — fixed document dates, fixed zip timestamps and entry order — so a rebuild
 * gives the same bytes unless the code under templates/shells/ changes. Each shell is checked
 * before it is written: its tags must be exactly the ones declared in shells/kinds.ts (which
 * become manifest.json), and it must define the Cw* styles the assembly code names.
 *
 * A firm may replace a shell with its own styled Word file instead; see each kind's README.
 *
 *   shells/styles.ts   document defaults, Cw* paragraph styles, the "cw-legal" numbering
 *   shells/parts.ts    title page, parties paragraph, signature page, header, footer
 *   shells/document.ts page setup and the two sections (cover, then everything else)
 *   shells/kinds.ts    what each kind's shell contains, and its declared tags
 *   shells/package.ts  fixed dates and entry order; numbering linked to its styles
 *   shells/check.ts    the tag and style checks
 */
import { writeFileSync } from 'node:fs';
import { Packer } from 'docx';
import { shellProblems } from './shells/check.ts';
import { KIND_SHELLS, type KindShell } from './shells/kinds.ts';
import { finishPackage } from './shells/package.ts';
import { CONTRACT_STYLES } from './shells/styles.ts';

async function buildShell(shell: KindShell): Promise<void> {
  const bytes = finishPackage(await Packer.toBuffer(shell.build()));
  const problems = shellProblems(bytes, shell.tags);
  if (problems.length) throw new Error(`templates/${shell.kind}/template.docx:\n  ${problems.join('\n  ')}`);

  const dir = new URL(`./${shell.kind}/`, import.meta.url);
  writeFileSync(new URL('template.docx', dir), bytes);
  const manifest = { kind: shell.kind, title: shell.title, tags: shell.tags, styles: CONTRACT_STYLES };
  writeFileSync(new URL('manifest.json', dir), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`templates/${shell.kind}/template.docx (${bytes.length} bytes, ${shell.tags.length} tags)`);
}

for (const shell of KIND_SHELLS) await buildShell(shell);
