import { quoteIdent } from '@city/db';

/**
 * First key of the retention job's advisory lock (two-int form; the ASCII of "CITY"). The second
 * is the hash of the schema, so deployments sharing a database in separate schemas (tests, the
 * benchmarks) do not lock each other out, while processors of one deployment do.
 */
export const RETENTION_LOCK_CLASS = 0x43495459;

const LOCK_ARGS = `$1::int4, hashtext('retention:' || current_schema())`;

export const TRY_LOCK_SQL = `SELECT pg_try_advisory_lock(${LOCK_ARGS}) AS locked`;
export const UNLOCK_SQL = `SELECT pg_advisory_unlock(${LOCK_ARGS}) AS unlocked`;

/**
 * Deletes at most `$2` rows whose `column` is before `$1`, in one short statement: the inner
 * SELECT walks the index on `column` and the DELETE is a TID scan over those rows. Identifiers
 * come from RETENTION_TABLES (quoted), values are parameters.
 */
export function chunkDeleteSql(table: string, column: string): string {
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  return (
    `DELETE FROM ${t} WHERE ctid = ANY (ARRAY(` +
    `SELECT ctid FROM ${t} WHERE ${c} < $1::timestamptz LIMIT $2::int))`
  );
}
