import { checksumMatches } from './checksum.js';
import { MigrationError } from './migration-error.js';
import type { LocalMigration } from './migrations-dir.js';

/** One row of `_prisma_migrations`, with Prisma's column names. */
export interface MigrationRow {
  readonly id: string;
  readonly checksum: string;
  readonly finished_at: Date | null;
  readonly migration_name: string;
  readonly logs: string | null;
  readonly rolled_back_at: Date | null;
  readonly started_at: Date;
  readonly applied_steps_count: number;
}

export interface MigrationPlan {
  /** Local migrations to apply, in order. */
  readonly pending: readonly LocalMigration[];
  /** Applied in the database but absent from the directory (e.g. code older than the database). */
  readonly unknownApplied: readonly string[];
}

/**
 * Decides what to apply, with `prisma migrate deploy`'s rules: a row that started but neither
 * finished nor was marked rolled back (`prisma migrate resolve --rolled-back`) blocks everything
 * (Prisma's P3009); a migration counts as applied when it has a row that is not rolled back.
 * Stricter than deploy: an applied migration whose file changed is refused rather than ignored.
 */
export function planMigrations(
  local: readonly LocalMigration[],
  rows: readonly MigrationRow[],
): MigrationPlan {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const details = failed
      .map(
        (row) =>
          `  ${row.migration_name} (started ${row.started_at.toISOString()})${row.logs ? `:\n    ${row.logs.trim().split('\n').join('\n    ')}` : ''}`,
      )
      .join('\n');
    throw new MigrationError(
      'MIGRATION_PREVIOUSLY_FAILED',
      `found failed migrations in the target database; no new migration will be applied until they are resolved:\n${details}\n` +
        'Fix the database by hand, then mark the migration with `prisma migrate resolve --rolled-back <name>` ' +
        '(to run it again) or `--applied <name>` (if you completed it by hand). See docs/database.md.',
    );
  }

  const applied = new Map<string, MigrationRow[]>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    applied.set(row.migration_name, [...(applied.get(row.migration_name) ?? []), row]);
  }

  const changed = local.filter((migration) => {
    const matching = applied.get(migration.name);
    return (
      matching !== undefined &&
      !matching.some((row) => checksumMatches(migration.script, row.checksum))
    );
  });
  if (changed.length > 0) {
    const names = changed
      .map(
        (m) =>
          `  ${m.name}: database has ${applied.get(m.name)?.[0]?.checksum}, file has ${m.checksum}`,
      )
      .join('\n');
    throw new MigrationError(
      'MIGRATION_CHECKSUM_MISMATCH',
      `migration.sql of already applied migrations changed since they were applied:\n${names}\n` +
        'Never edit an applied migration: restore the file and add a new migration instead.',
    );
  }

  const localNames = new Set(local.map((migration) => migration.name));
  return {
    pending: local.filter((migration) => !applied.has(migration.name)),
    unknownApplied: [...applied.keys()].filter((name) => !localNames.has(name)),
  };
}
