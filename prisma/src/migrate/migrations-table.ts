import type pg from 'pg';
import { quoteIdent } from '../database-url.js';
import type { MigrationRow } from './plan.js';

/** Prisma Migrate's advisory lock key: holding it excludes `prisma migrate deploy` too. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export const MIGRATIONS_TABLE = '_prisma_migrations';

/** The table exactly as Prisma's schema engine creates it for PostgreSQL. */
export function createMigrationsTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${MIGRATIONS_TABLE} (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;
}

/** Bookkeeping queries on `_prisma_migrations`, mirroring what the schema engine writes. */
export function migrationsTable(client: pg.Client, schema: string) {
  const table = `${quoteIdent(schema)}.${MIGRATIONS_TABLE}`;
  return {
    async ensure(): Promise<void> {
      await client.query(createMigrationsTableSql(schema));
    },

    async list(): Promise<MigrationRow[]> {
      const result = await client.query<MigrationRow>(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at,
                applied_steps_count
           FROM ${table} ORDER BY started_at ASC`,
      );
      return result.rows;
    },

    async recordStarted(id: string, name: string, checksum: string): Promise<void> {
      await client.query(
        `INSERT INTO ${table} (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
        [id, checksum, name],
      );
    },

    /** A migration is one step on PostgreSQL: the whole script. */
    async recordFinished(id: string): Promise<void> {
      await client.query(
        `UPDATE ${table}
            SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
          WHERE id = $1`,
        [id],
      );
    },

    async recordFailed(id: string, logs: string): Promise<void> {
      await client.query(`UPDATE ${table} SET logs = $2 WHERE id = $1`, [id, logs]);
    },
  };
}
