import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { RetriableError } from '@city/errors';
import { parseDatabaseUrl, quoteIdent } from '../database-url.js';
import { connectCreatingDatabase } from './connect.js';
import { MigrationError } from './migration-error.js';
import { readMigrationsDir, type LocalMigration } from './migrations-dir.js';
import { migrationsTable, PRISMA_ADVISORY_LOCK_KEY } from './migrations-table.js';
import { planMigrations } from './plan.js';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The subset of a pino logger the runner uses. */
export interface MigrateLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface RunMigrationsOptions {
  readonly databaseUrl: string;
  /** Overrides the URL's `?schema=`; tests migrate into a random schema. */
  readonly schema?: string;
  readonly migrationsDir?: string;
  /** How long to wait for another runner (or `prisma migrate deploy`) to finish. */
  readonly lockTimeoutMs?: number;
  readonly logger?: MigrateLogger;
}

export interface RunMigrationsResult {
  readonly database: string;
  readonly schema: string;
  readonly createdDatabase: boolean;
  /** Names applied by this run, in order; empty when the schema was up to date. */
  readonly applied: readonly string[];
  /** Rows in `_prisma_migrations` with no directory here. */
  readonly unknownApplied: readonly string[];
}

const LOCK_NOT_AVAILABLE = '55P03';

const silent: MigrateLogger = { info: () => undefined, warn: () => undefined };

function describeDatabaseError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as {
    code?: string;
    message?: string;
    detail?: string;
    hint?: string;
    position?: string;
  };
  return [
    e.code ? `Database error code: ${e.code}` : undefined,
    `Database error:\n${e.message ?? String(error)}`,
    e.detail ? `DETAIL: ${e.detail}` : undefined,
    e.hint ? `HINT: ${e.hint}` : undefined,
    e.position ? `Position: character ${e.position} of migration.sql` : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n\n');
}

/** Applies one migration: its script and the finished mark commit together or not at all. */
async function applyMigration(
  client: pg.Client,
  table: ReturnType<typeof migrationsTable>,
  migration: LocalMigration,
): Promise<void> {
  const id = randomUUID();
  // Committed before the script runs, like Prisma: if the process dies mid-way the row stays
  // unfinished and blocks later runs until someone looks.
  await table.recordStarted(id, migration.name, migration.checksum);
  try {
    await client.query('BEGIN');
    await client.query(migration.script);
    await table.recordFinished(id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const logs =
      `A migration failed to apply. New migrations cannot be applied before the error is recovered from.\n\n` +
      `Migration name: ${migration.name}\n\n${describeDatabaseError(error)}\n\n` +
      `The migration ran in a transaction that was rolled back, so none of its statements took effect.`;
    await table.recordFailed(id, logs).catch(() => undefined);
    throw new MigrationError('MIGRATION_FAILED', logs, { cause: error });
  }
}

/**
 * `prisma migrate deploy` for machines without Prisma's schema-engine binary: applies the
 * pending migrations of prisma/migrations to the database, keeping `_prisma_migrations` the way
 * Prisma does so either tool can take over from the other. See docs/database.md.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const logger = options.logger ?? silent;
  const local = await readMigrationsDir(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const target = parseDatabaseUrl(options.databaseUrl, options.schema);
  const { client, createdDatabase } = await connectCreatingDatabase(target);
  const log = { database: target.database, schema: target.schema };
  if (createdDatabase) logger.info(log, 'created database');

  try {
    await client.query(
      `SET lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs ?? 60_000))}`,
    );
    try {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      throw new RetriableError(
        `timed out waiting for advisory lock ${PRISMA_ADVISORY_LOCK_KEY}: another migrate run (this runner or prisma migrate) holds it`,
        { cause: error },
      );
    }
    try {
      await client.query('RESET lock_timeout');
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        target.schema,
      ]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(target.schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(target.schema)}`);

      const table = migrationsTable(client, target.schema);
      await table.ensure();
      const plan = planMigrations(local, await table.list());
      if (plan.unknownApplied.length > 0) {
        logger.warn(
          { ...log, migrations: plan.unknownApplied },
          'the database has applied migrations that are not in the migrations directory',
        );
      }

      const applied: string[] = [];
      for (const migration of plan.pending) {
        logger.info({ ...log, migration: migration.name }, 'applying migration');
        await applyMigration(client, table, migration);
        applied.push(migration.name);
      }
      logger.info(
        { ...log, applied: applied.length, total: local.length },
        applied.length === 0 ? 'no pending migrations' : 'migrations applied',
      );
      return { ...log, createdDatabase, applied, unknownApplied: plan.unknownApplied };
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY])
        .catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
