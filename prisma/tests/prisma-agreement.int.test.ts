import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../src/migrate/run-migrations.js';
import { runPrisma6 } from '../scripts/prisma6-tool.js';
import { dropSchema, randomName, testDatabaseUrl } from './helpers.js';

// Real Prisma Migrate (6.19, wasm schema engine; installed into prisma/tools/prisma6 from its
// lockfile on first run) against this runner, in both directions, and the drift check.
const schemas: string[] = [];

function urlFor(schema: string): string {
  schemas.push(schema);
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}

function prisma6(args: string[], databaseUrl: string) {
  const result = runPrisma6(args, { ...process.env, DATABASE_URL: databaseUrl });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

describe('agreement with prisma migrate', () => {
  it('prisma migrate status finds a schema migrated by this runner up to date', async () => {
    const url = urlFor(randomName('agree_ours'));
    await runMigrations({ databaseUrl: url });
    const status = prisma6(['migrate', 'status'], url);
    expect(status.output).toContain('Database schema is up to date!');
    expect(status.status).toBe(0);
  });

  it('this runner finds a schema deployed by prisma migrate deploy up to date', async () => {
    const url = urlFor(randomName('agree_theirs'));
    const deploy = prisma6(['migrate', 'deploy'], url);
    expect(deploy.output).toContain('successfully applied');
    expect(deploy.status).toBe(0);
    const result = await runMigrations({ databaseUrl: url });
    expect(result.applied).toEqual([]);
    expect(result.unknownApplied).toEqual([]);
  });

  it('schema.prisma and prisma/migrations describe the same database (no drift)', () => {
    const diff = prisma6(
      [
        'migrate',
        'diff',
        '--from-migrations',
        '../../migrations',
        '--to-schema-datamodel',
        '../../.cache/prisma6/schema.prisma',
        '--exit-code',
      ],
      testDatabaseUrl,
    );
    expect(diff.output).toContain('No difference detected');
    expect(diff.status).toBe(0);
  });
});
