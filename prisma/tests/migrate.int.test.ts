import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/database-url.js';
import { resolveRolledBack } from '../src/migrate/resolve-rolled-back.js';
import { DEFAULT_MIGRATIONS_DIR, runMigrations } from '../src/migrate/run-migrations.js';
import { adminClient, dropSchema, randomName, testDatabaseUrl } from './helpers.js';

const schemas: string[] = [];
const tempDirs: string[] = [];
let db: pg.Client;

function newSchema(): string {
  const schema = randomName('migrate_test');
  schemas.push(schema);
  return schema;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'city-migrations-'));
  tempDirs.push(dir);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function localMigrationNames(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function rows(schema: string) {
  const result = await db.query(
    `SELECT * FROM ${quoteIdent(schema)}._prisma_migrations ORDER BY started_at, migration_name`,
  );
  return result.rows as Record<string, unknown>[];
}

async function tables(schema: string): Promise<string[]> {
  const result = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return result.rows.map((row) => row.table_name);
}

beforeAll(async () => {
  db = await adminClient();
});

afterAll(async () => {
  await db?.end();
  for (const schema of schemas) await dropSchema(schema);
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('runMigrations on a fresh schema', () => {
  const schema = newSchema();

  it('applies every migration and creates the model tables', async () => {
    const result = await runMigrations({ databaseUrl: testDatabaseUrl, schema });
    expect(result.applied).toEqual(await localMigrationNames());
    expect(await tables(schema)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'incidents',
        'incident_events',
        'emergency_units',
        'dispatches',
        'stations',
        'road_segments',
        'zones',
        'audit_log',
        'processed_events',
      ]),
    );
  });

  it('keeps _prisma_migrations with exactly Prisma’s columns', async () => {
    const columns = await db.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
      [schema],
    );
    expect(columns.rows).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        character_maximum_length: 36,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        character_maximum_length: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        character_maximum_length: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'logs',
        data_type: 'text',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ]);
  });

  it('records each migration like Prisma: checksum = sha256 of the file bytes, one step, finished', async () => {
    const recorded = await rows(schema);
    const names = await localMigrationNames();
    expect(recorded.map((row) => row.migration_name)).toEqual(names);
    for (const row of recorded) {
      const file = await readFile(
        join(DEFAULT_MIGRATIONS_DIR, String(row.migration_name), 'migration.sql'),
      );
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.finished_at).toBeInstanceOf(Date);
      expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual(
        (row.started_at as Date).getTime(),
      );
    }
  });

  it('does nothing when run again', async () => {
    const before = await rows(schema);
    const result = await runMigrations({
      databaseUrl: `${testDatabaseUrl.split('?')[0]}?schema=${schema}`,
    });
    expect(result.applied).toEqual([]);
    expect(await rows(schema)).toEqual(before);
  });

  it('refuses to continue when an applied migration file changed', async () => {
    const dir = await copyOfMigrations();
    const [first] = await localMigrationNames();
    const file = join(dir, first!, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited after it was applied\n`);
    await expect(
      runMigrations({ databaseUrl: testDatabaseUrl, schema, migrationsDir: dir }),
    ).rejects.toMatchObject({
      code: 'MIGRATION_CHECKSUM_MISMATCH',
      message: expect.stringContaining(first!),
    });
  });
});

describe('a failing migration', () => {
  const schema = newSchema();

  it('rolls back, is recorded as failed, and blocks later runs until resolved', async () => {
    const dir = await copyOfMigrations();
    const broken = join(dir, '99990101000000_broken');
    await mkdir(broken);
    await writeFile(
      join(broken, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n',
    );

    await expect(
      runMigrations({ databaseUrl: testDatabaseUrl, schema, migrationsDir: dir }),
    ).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('no_such_table'),
    });
    // The earlier migrations stay applied; nothing of the broken one survives the rollback.
    expect(await tables(schema)).toContain('incidents');
    expect(await tables(schema)).not.toContain('half_done');
    const failed = (await rows(schema)).find(
      (row) => row.migration_name === '99990101000000_broken',
    );
    expect(failed).toMatchObject({
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
    });
    expect(failed?.logs).toEqual(expect.stringContaining('42P01'));

    await expect(
      runMigrations({ databaseUrl: testDatabaseUrl, schema, migrationsDir: dir }),
    ).rejects.toMatchObject({
      code: 'MIGRATION_PREVIOUSLY_FAILED',
      message: expect.stringContaining('99990101000000_broken'),
    });

    // Only a failed migration can be resolved; then the fixed migration applies.
    const [first] = await localMigrationNames();
    await expect(
      resolveRolledBack({ databaseUrl: testDatabaseUrl, schema, migrationName: first! }),
    ).rejects.toMatchObject({ code: 'MIGRATION_NOT_FAILED' });
    await resolveRolledBack({
      databaseUrl: testDatabaseUrl,
      schema,
      migrationName: '99990101000000_broken',
    });
    await writeFile(join(broken, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    const result = await runMigrations({
      databaseUrl: testDatabaseUrl,
      schema,
      migrationsDir: dir,
    });
    expect(result.applied).toEqual(['99990101000000_broken']);
    expect(await tables(schema)).toContain('half_done');
  });
});

describe('concurrent runners', () => {
  const schema = newSchema();

  it('serialise on the advisory lock: each migration is applied exactly once', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => runMigrations({ databaseUrl: testDatabaseUrl, schema })),
    );
    const names = await localMigrationNames();
    expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
    expect((await rows(schema)).map((row) => row.migration_name)).toEqual(names);
  });
});

describe('a database that does not exist yet', () => {
  const database = randomName('city_migrate_test');

  afterAll(async () => {
    await db.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  });

  it('is created, then migrated', async () => {
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${database}`;
    url.search = '';
    const result = await runMigrations({ databaseUrl: url.toString() });
    expect(result).toMatchObject({ database, schema: 'public', createdDatabase: true });
    expect(result.applied).toEqual(await localMigrationNames());
  });
});
