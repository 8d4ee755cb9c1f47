import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationChecksum } from './checksum.js';
import { MigrationError } from './migration-error.js';

export interface LocalMigration {
  /** Directory name, e.g. `20251129100000_init`; Prisma's `migration_name`. */
  readonly name: string;
  readonly script: string;
  readonly checksum: string;
}

export const LOCK_FILE = 'migration_lock.toml';
export const SCRIPT_FILE = 'migration.sql';

/** The `provider` of a migration_lock.toml, or undefined when the file names none. */
export function parseLockFileProvider(toml: string): string | undefined {
  for (const line of toml.split(/\r?\n/)) {
    const match = /^\s*provider\s*=\s*"([^"]*)"\s*(#.*)?$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** Prisma applies migration directories in byte order of their names (not locale order). */
export function sortMigrationNames(names: readonly string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads a Prisma migrations directory: every subdirectory is one migration and must hold a
 * migration.sql; migration_lock.toml, when present, must name postgresql.
 */
export async function readMigrationsDir(dir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError('MIGRATIONS_DIR_INVALID', `cannot read migrations directory ${dir}`, {
      cause: error,
    });
  }

  const lock = entries.find((entry) => entry.isFile() && entry.name === LOCK_FILE);
  if (lock) {
    const provider = parseLockFileProvider(await readFile(join(dir, LOCK_FILE), 'utf8'));
    if (provider !== undefined && provider !== 'postgresql') {
      throw new MigrationError(
        'MIGRATIONS_DIR_INVALID',
        `${join(dir, LOCK_FILE)} names provider "${provider}"; this runner only applies postgresql migrations`,
      );
    }
  }

  const names = sortMigrationNames(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const path = join(dir, name, SCRIPT_FILE);
    let script: string;
    try {
      script = await readFile(path, 'utf8');
    } catch (error) {
      throw new MigrationError(
        'MIGRATIONS_DIR_INVALID',
        `migration ${name} has no ${SCRIPT_FILE}`,
        {
          cause: error,
        },
      );
    }
    migrations.push({ name, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}
