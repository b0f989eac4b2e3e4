import type { Database } from '../../db/database.ts';
import * as sql from '../../db/clauses.ts';
import type { ClauseVersion, DocumentKind } from '../../schemas/clause.ts';
import { AppError, notFound } from '../../errors.ts';
import { clausePlainText, parseClauseText, type Block } from './clause-text.ts';
import { parseClauseSource, type ClauseFile } from './load-clause-files.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';

/**
 * Every version of every clause, in memory, backed by the clause_versions table.
 * The files in clauses/ are the library's source; attorneys publish later versions through
 * the API. Parsed text is cached per version, so a clause is parsed once, not per document.
 */
export class ClauseLibrary {
  private readonly versions = new Map<string, ClauseVersion[]>();
  private readonly compiled = new Map<string, Block[]>();
  private readonly templateTexts = new Map<string, string>();
  private readonly currentByKind = new Map<DocumentKind, ClauseVersion[]>();

  private constructor(private readonly db: Database) {}

  /** Records any file whose text differs from its last file-origin version as a new version, then loads all versions. */
  static async open(db: Database, files: ClauseFile[], now: Date): Promise<ClauseLibrary> {
    await db.transaction(async (tx) => {
      for (const file of files) {
        const lastFromFile = await sql.latestFileVersion(tx, file.id);
        if (lastFromFile?.sha256 === file.sha256) continue;
        const latest = await sql.latestClauseVersion(tx, file.id);
        await sql.insertClauseVersion(tx, {
          clause_id: file.id,
          version: (latest?.version ?? 0) + 1,
          source: file.source,
          sha256: file.sha256,
          origin: 'file',
          published_by: null,
          published_at: now.toISOString(),
          note: latest ? `library file ${file.file} changed` : `from ${file.file}`,
        });
      }
    });
    const library = new ClauseLibrary(db);
    for (const row of await sql.listClauseVersions(db)) library.add(row);
    return library;
  }

  private add(row: sql.ClauseVersionRow): ClauseVersion {
    const parsed = parseClauseSource(row.source);
    // Stored versions were validated when written; a failure here means the database was edited by hand.
    if ('problems' in parsed) throw new Error(`clause ${row.clause_id} v${row.version} in the database is invalid: ${parsed.problems.join('; ')}`);
    const version: ClauseVersion = { ...parsed.clause, version: row.version, sha256: row.sha256 };
    const list = this.versions.get(row.clause_id) ?? [];
    list.push(version);
    this.versions.set(row.clause_id, list);
    this.currentByKind.clear(); // a new version may change what is current
    return version;
  }

  ids(): string[] {
    return [...this.versions.keys()].sort();
  }

  current(id: string): ClauseVersion {
    const list = this.versions.get(id);
    if (!list?.length) throw notFound(`Clause ${id}`);
    return list[list.length - 1]!;
  }

  get(id: string, version: number): ClauseVersion {
    const found = this.versions.get(id)?.find((v) => v.version === version);
    if (!found) throw notFound(`Clause ${id} version ${version}`);
    return found;
  }

  history(id: string): ClauseVersion[] {
    const list = this.versions.get(id);
    if (!list) throw notFound(`Clause ${id}`);
    return [...list];
  }

  /** The current version of every clause usable in a kind of document, in document order. */
  currentForKind(kind: DocumentKind): ClauseVersion[] {
    let list = this.currentByKind.get(kind);
    if (!list) {
      list = this.ids()
        .map((id) => this.current(id))
        .filter((c) => c.kinds.includes(kind))
        .sort((a, b) => a.order - b.order);
      this.currentByKind.set(kind, list);
    }
    return list;
  }

  blocks(clause: ClauseVersion): Block[] {
    const key = `${clause.id}@${clause.version}`;
    let blocks = this.compiled.get(key);
    if (!blocks) {
      blocks = parseClauseText(clause.body);
      this.compiled.set(key, blocks);
    }
    return blocks;
  }

  /** The clause's text with [variable] placeholders: what the text-scanning rules read, once per version. */
  templateText(clause: ClauseVersion): string {
    const key = `${clause.id}@${clause.version}`;
    let text = this.templateTexts.get(key);
    if (text === undefined) {
      text = clausePlainText(this.blocks(clause), {});
      this.templateTexts.set(key, text);
    }
    return text;
  }

  /** Publishes a new version of a library clause from its full source (front matter and text). */
  async publish(deps: { now: Date; actor: Actor; userId: number }, id: string, source: string, note: string): Promise<ClauseVersion> {
    const current = this.current(id);
    const parsed = parseClauseSource(source);
    if ('problems' in parsed) throw new AppError('unprocessable', 'The clause cannot be published as written.', { problems: parsed.problems });
    if (parsed.clause.id !== id) throw new AppError('unprocessable', `The front matter id must stay ${id}.`, { problems: [`front matter field "id": must be ${id}`] });
    if (parsed.clause.sha256 === current.sha256) throw new AppError('conflict', 'This text is identical to the current version; nothing to publish.');
    const row = await this.db.transaction(async (tx) => {
      const latest = await sql.latestClauseVersion(tx, id);
      const next: sql.ClauseVersionRow = {
        clause_id: id,
        version: (latest?.version ?? 0) + 1,
        source,
        sha256: parsed.clause.sha256,
        origin: 'published',
        published_by: deps.userId,
        published_at: deps.now.toISOString(),
        note,
      };
      await sql.insertClauseVersion(tx, next);
      await recordAudit(tx, deps.actor, deps.now, { type: 'clause.published', object: { type: 'clause', id }, data: { clauseId: id, version: next.version } });
      return next;
    });
    return this.add(row);
  }
}
