import { parseDatabaseUrl, quoteIdent } from '../database-url.js';
import { connectCreatingDatabase } from './connect.js';
import { MigrationError } from './migration-error.js';
import { MIGRATIONS_TABLE, PRISMA_ADVISORY_LOCK_KEY } from './migrations-table.js';

/**
 * `prisma migrate resolve --rolled-back <name>`: marks a failed migration as rolled back so the
 * next run applies it again. Only a failed (unfinished, not yet resolved) migration qualifies.
 */
export async function resolveRolledBack(options: {
  readonly databaseUrl: string;
  readonly schema?: string;
  readonly migrationName: string;
}): Promise<void> {
  const target = parseDatabaseUrl(options.databaseUrl, options.schema);
  const { client } = await connectCreatingDatabase(target);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    const result = await client.query(
      `UPDATE ${quoteIdent(target.schema)}.${MIGRATIONS_TABLE} SET rolled_back_at = now()
        WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      [options.migrationName],
    );
    if (result.rowCount === 0) {
      throw new MigrationError(
        'MIGRATION_NOT_FAILED',
        `migration ${options.migrationName} is not in a failed state in schema ${target.schema}; nothing to resolve`,
      );
    }
  } finally {
    await client.end(); // also releases the session's advisory lock
  }
}
