import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl, quoteIdent } from '../src/database-url.js';

/** The server the integration tests use; each test works in its own random schema. */
export const testDatabaseUrl =
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/smart_city';

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A plain pg client on the test database, for assertions the runner and Prisma do not make. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: parseDatabaseUrl(testDatabaseUrl).connectionString,
  });
  await client.connect();
  return client;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = await adminClient();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
