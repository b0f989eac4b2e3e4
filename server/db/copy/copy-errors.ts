/**
 * Why a copy to PostgreSQL did not happen, in two kinds the CLI turns into stable exit codes:
 * refused before anything was written (exit 2), or failed and rolled back (exit 1).
 */

/** The copy was refused before it wrote a row: bad input, a target that is not empty, schemas that differ. */
export class CopyRefused extends Error {
  override readonly name = 'CopyRefused';
}

/** The copy ran but was rolled back (a row count or hash that differs, a broken audit chain, a database error): nothing was left behind. */
export class CopyFailed extends Error {
  override readonly name = 'CopyFailed';
}
