import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../db/database.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../schemas/clause.ts';
import { REFERENCE_FILES, parseReferenceData, type ReferenceData } from '../../schemas/reference.ts';
import { loadShell, type Shell } from '../../docx/shell.ts';
import { ClauseLibrary } from '../clauses/clause-library.ts';
import { loadClauseFiles, type ClauseFile } from '../clauses/load-clause-files.ts';
import { loadEffectiveReference } from '../reference/reference-revisions.ts';
import type { Catalog } from '../documents/assemble-document.ts';

/** The project's data on disk: clause files, Word shells and reference data, validated. */
export interface CatalogFiles {
  clauses: ClauseFile[];
  shells: Record<DocumentKind, Shell>;
  reference: ReferenceData;
}

export interface CatalogDirs {
  clausesDir: string;
  templatesDir: string;
  referenceDir: string;
}

export function projectDirs(root: string): CatalogDirs {
  return { clausesDir: join(root, 'clauses'), templatesDir: join(root, 'templates'), referenceDir: join(root, 'data/reference') };
}

/** Reads and checks everything; throws (naming file and field) on the first broken clause, shell or reference file. */
export async function loadCatalogFiles(dirs: CatalogDirs): Promise<CatalogFiles> {
  const clauses = await loadClauseFiles(dirs.clausesDir);
  const shells = {} as Record<DocumentKind, Shell>;
  for (const kind of DOCUMENT_KINDS) shells[kind] = await loadShell(dirs.templatesDir, kind);
  const raw = Object.fromEntries(
    await Promise.all(Object.entries(REFERENCE_FILES).map(async ([key, file]) => [key, JSON.parse(await readFile(join(dirs.referenceDir, file), 'utf8'))] as const)),
  ) as Record<keyof typeof REFERENCE_FILES, unknown>;
  const reference = parseReferenceData(raw);
  return { clauses, shells, reference };
}

/** Binds the files to a database: clause versions are recorded and loaded. */
export async function openCatalog(db: Database, files: CatalogFiles, now: Date): Promise<Catalog> {
  const library = await ClauseLibrary.open(db, files.clauses, now);
  // The files plus every correction an administrator has stored.
  let reference = await loadEffectiveReference(db, files.reference);
  return {
    library,
    shells: files.shells,
    reference: () => reference,
    baseReference: files.reference,
    setReference: (next) => {
      reference = next;
    },
  };
}
