import { createHash, type Hash } from 'node:crypto';

/**
 * A table's content hash, computed the same way from SQLite rows and from PostgreSQL rows, so a
 * copy can be proved equal to its source. Rows must be fed in primary-key order (both sides sort
 * text keys bytewise: SQLite's BINARY, PostgreSQL's "C" collation). Each value is written with a
 * type tag and, for text and bytes, its length, so no two different rows give the same stream:
 * `null`, the number 1 and the text '1' all differ, and a BLOB is hashed byte for byte.
 */
export class TableHasher {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;

  constructor(private readonly columns: readonly string[]) {}

  add(row: Record<string, unknown>): void {
    for (const column of this.columns) this.addValue(row[column]);
    this.hash.update('\n');
    this.rows++;
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private addValue(value: unknown): void {
    if (value === null || value === undefined) {
      this.hash.update('N;');
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      // Both drivers give INTEGER and REAL (DOUBLE PRECISION) values as JS numbers; String() is their shortest exact form.
      this.hash.update(`F${String(value)};`);
    } else if (typeof value === 'string') {
      this.hash.update(`S${Buffer.byteLength(value)}:`).update(value).update(';');
    } else if (Buffer.isBuffer(value)) {
      this.hash.update(`B${value.length}:`).update(value).update(';');
    } else {
      // A driver type we do not expect (a Date, a boolean): refuse rather than hash something unstable.
      throw new Error(`cannot hash a value of type ${Object.prototype.toString.call(value)}`);
    }
  }
}
