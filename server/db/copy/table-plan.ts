import type { Reader } from '../store.ts';
import { CopyRefused } from './copy-errors.ts';

/** One application table as the copy sees it; the same columns, in the same order, on both sides. */
export interface TablePlan {
  name: string;
  columns: string[];
  /** Primary-key columns in key order: rows are read, copied and hashed in this order. */
  key: string[];
  /** Key columns holding text, sorted bytewise on both sides (SQLite BINARY, PostgreSQL "C"). */
  textKey: string[];
  /** Whether a column holds bytes (Word renditions, signed copies): such tables go in small pages. */
  hasBytes: boolean;
  /** The PostgreSQL identity column, moved past the highest copied id afterwards. */
  identity: string | null;
  /**
   * Filled by a PostgreSQL trigger while the rows it is derived from are copied (e.g. the open
   * deadline counts): not copied, only verified against the source like every other table.
   */
  derived: boolean;
}

/** Kept out of the copy: each side records its own migrations (and the copy checks they agree). */
const BOOKKEEPING = 'schema_migrations';

interface SqliteColumn {
  name: string;
  type: string;
  pk: number;
}

interface PostgresColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  is_identity: string;
}

/**
 * Reads both schemas and plans the copy: every application table with its columns and key, in
 * foreign-key order (a table after the tables it refers to, ties by name), the tables PostgreSQL
 * fills by trigger last. Refuses, naming the difference, when the two schemas do not agree.
 */
export async function planCopy(source: Reader, target: Reader): Promise<TablePlan[]> {
  const sqliteTables = (await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
    .map((t) => t.name)
    .filter((name) => name !== BOOKKEEPING);
  const postgresColumns = await target.all<PostgresColumn>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema()
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const postgresTables = new Map<string, PostgresColumn[]>();
  for (const column of postgresColumns) {
    if (column.table_name === BOOKKEEPING) continue;
    postgresTables.set(column.table_name, [...(postgresTables.get(column.table_name) ?? []), column]);
  }
  const onlyInSqlite = sqliteTables.filter((t) => !postgresTables.has(t));
  const onlyInPostgres = [...postgresTables.keys()].filter((t) => !sqliteTables.includes(t));
  if (onlyInSqlite.length || onlyInPostgres.length) {
    throw new CopyRefused(
      `The two databases do not have the same tables (only in the SQLite file: ${onlyInSqlite.join(', ') || 'none'}; only in PostgreSQL: ${onlyInPostgres.join(', ') || 'none'}). Run clausewright migrate on both with the same clausewright version.`,
    );
  }

  const derived = await tablesFilledByTriggers(target, new Set(sqliteTables));
  const plans = new Map<string, TablePlan>();
  const parents = new Map<string, Set<string>>();
  for (const name of sqliteTables) {
    const columns = await source.all<SqliteColumn>('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid', [name]);
    const pgColumns = postgresTables.get(name)!;
    const sqliteNames = columns.map((c) => c.name);
    const postgresNames = pgColumns.map((c) => c.column_name);
    if (sqliteNames.join(',') !== postgresNames.join(',')) {
      throw new CopyRefused(`Table ${name} has different columns (SQLite: ${sqliteNames.join(', ')}; PostgreSQL: ${postgresNames.join(', ')}). Run clausewright migrate on both with the same clausewright version.`);
    }
    const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (key.length === 0) throw new CopyRefused(`Table ${name} has no primary key, so its rows cannot be compared in a stable order.`);
    // Every id column of ours is an identity column (BY DEFAULT, so the copy may give the ids).
    const identity = pgColumns.find((c) => c.is_identity === 'YES')?.column_name ?? null;
    plans.set(name, {
      name,
      columns: sqliteNames,
      key,
      textKey: key.filter((k) => /text|char/i.test(pgColumns.find((c) => c.column_name === k)!.data_type)),
      hasBytes: pgColumns.some((c) => c.data_type === 'bytea'),
      identity,
      derived: derived.has(name),
    });
    const refersTo = await source.all<{ parent: string }>('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)', [name]);
    // A table referring to itself (a document's parent, a signed copy it replaces) is copied in key order: the referred row is older.
    parents.set(name, new Set(refersTo.map((r) => r.parent).filter((p) => p !== name && p !== BOOKKEEPING)));
  }
  return foreignKeyOrder(plans, parents);
}

/** Tables first, then those referring to them (ties by name); the trigger-filled ones at the end. */
function foreignKeyOrder(plans: Map<string, TablePlan>, parents: Map<string, Set<string>>): TablePlan[] {
  const ordered: TablePlan[] = [];
  const done = new Set<string>();
  const copied = [...plans.values()].filter((p) => !p.derived);
  while (ordered.length < copied.length) {
    const ready = copied.filter((p) => !done.has(p.name) && [...parents.get(p.name)!].every((parent) => done.has(parent) || plans.get(parent)?.derived));
    if (ready.length === 0) {
      const stuck = copied.filter((p) => !done.has(p.name)).map((p) => p.name);
      throw new CopyRefused(`The tables ${stuck.join(', ')} refer to each other in a cycle, so no copy order satisfies their foreign keys.`);
    }
    const next = ready.sort((a, b) => (a.name < b.name ? -1 : 1))[0]!;
    ordered.push(next);
    done.add(next.name);
  }
  return [...ordered, ...[...plans.values()].filter((p) => p.derived)];
}

/**
 * The tables a PostgreSQL trigger function writes to other than the table it fires on, read from
 * the functions' source (INSERT INTO / UPDATE / DELETE FROM a known table). The immutability
 * triggers only refuse changes, so they name none.
 */
async function tablesFilledByTriggers(target: Reader, tables: Set<string>): Promise<Set<string>> {
  const triggers = await target.all<{ on_table: string; body: string }>(
    `SELECT c.relname AS on_table, p.prosrc AS body
       FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND n.nspname = current_schema()`,
  );
  const derived = new Set<string>();
  for (const { on_table, body } of triggers) {
    for (const match of body.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)) {
      const table = match[1]!.toLowerCase();
      if (table !== on_table && tables.has(table)) derived.add(table);
    }
  }
  return derived;
}
