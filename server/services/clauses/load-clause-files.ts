import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ClauseFrontMatterSchema, type ClauseFrontMatter } from '../../schemas/clause.ts';
import { ClauseTextError, parseClauseText, variablesUsed } from './clause-text.ts';
import { KINDS } from '../documents/kinds/index.ts';

/** A clause as read from its file, before the library gives it a version number. */
export interface ClauseFile extends ClauseFrontMatter {
  file: string;
  /** The whole file: front matter and text, as stored with each version. */
  source: string;
  body: string;
  sha256: string;
}

export class ClauseLibraryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The clause library is broken; the server will not start until these are fixed:\n  ${problems.join('\n  ')}`);
    this.name = 'ClauseLibraryError';
  }
}

/** Reads and validates every clause file under `dir`, reporting every problem (file and field) at once. */
export async function loadClauseFiles(dir: string): Promise<ClauseFile[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md') && !f.endsWith('README.md')).sort();
  const problems: string[] = [];
  const clauses: ClauseFile[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const shown = relative(process.cwd(), path);
    const result = parseClauseSource(await readFile(path, 'utf8'));
    if ('problems' in result) problems.push(...result.problems.map((p) => `${shown}: ${p}`));
    else clauses.push({ ...result.clause, file: shown });
  }
  problems.push(...crossCheck(clauses));
  if (problems.length) throw new ClauseLibraryError(problems);
  return clauses;
}

/** Parses one clause source (front matter + text); used for files and for versions attorneys publish. */
export function parseClauseSource(source: string): { clause: Omit<ClauseFile, 'file'> } | { problems: string[] } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!match) return { problems: ['front matter: the file must start with a --- YAML block ---'] };
  let yaml: unknown;
  try {
    yaml = parseYaml(match[1]!);
  } catch (error) {
    return { problems: [`front matter: not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const parsed = ClauseFrontMatterSchema.safeParse(yaml);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `front matter field "${i.path.join('.') || '(root)'}": ${i.message}`) };
  const body = match[2]!.trim();
  const problems = checkBody(parsed.data, body);
  if (problems.length) return { problems };
  return { clause: { ...parsed.data, source, body, sha256: createHash('sha256').update(source).digest('hex') } };
}

function checkBody(meta: ClauseFrontMatter, body: string): string[] {
  let used: Set<string>;
  try {
    used = variablesUsed(parseClauseText(body));
  } catch (error) {
    if (error instanceof ClauseTextError) return [`text: ${error.message}`];
    throw error;
  }
  const problems: string[] = [];
  const declared = new Set(meta.variables);
  for (const v of used) if (!declared.has(v)) problems.push(`text uses {${v}} but front matter field "variables" does not list it`);
  for (const v of declared) if (!used.has(v)) problems.push(`front matter field "variables" lists ${v} but the text does not use it`);
  for (const kind of meta.kinds) {
    const def = KINDS[kind];
    for (const v of declared) if (!def.variables.includes(v)) problems.push(`front matter field "variables": ${v} is not available in a ${kind} (see clauses/README.md)`);
    if (!def.articles.some((a) => a.key === meta.article)) problems.push(`front matter field "article": ${meta.article} is not an article of a ${kind}`);
  }
  return problems;
}

function crossCheck(clauses: ClauseFile[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const orders = new Map<string, string>();
  for (const c of clauses) {
    const seen = ids.get(c.id);
    if (seen) problems.push(`${c.file}: front matter field "id": ${c.id} is also used by ${seen}`);
    ids.set(c.id, c.file);
    for (const kind of c.kinds) {
      const key = `${kind}:${c.order}`;
      const other = orders.get(key);
      if (other) problems.push(`${c.file}: front matter field "order": ${c.order} is also used by ${other} in a ${kind}`);
      orders.set(key, c.file);
    }
  }
  return problems;
}
