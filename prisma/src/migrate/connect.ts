import type pg from 'pg';
import { connectClient } from '../connect-client.js';
import { quoteIdent, withDatabase, type DatabaseTarget } from '../database-url.js';

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

const connect = (connectionString: string): Promise<pg.Client> =>
  connectClient({ connectionString, application_name: 'city-migrate' });

/**
 * Connects to the target database, creating it first (through the `postgres` maintenance
 * database on the same server) when it does not exist, as `prisma migrate deploy` does.
 */
export async function connectCreatingDatabase(
  target: DatabaseTarget,
): Promise<{ client: pg.Client; createdDatabase: boolean }> {
  try {
    return { client: await connect(target.connectionString), createdDatabase: false };
  } catch (error) {
    if (pgCode(error) !== INVALID_CATALOG_NAME) throw error;
  }
  const admin = await connect(withDatabase(target.connectionString, 'postgres'));
  let createdDatabase = true;
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(target.database)}`);
  } catch (error) {
    if (pgCode(error) !== DUPLICATE_DATABASE) throw error;
    createdDatabase = false; // another runner created it in the meantime
  } finally {
    await admin.end();
  }
  return { client: await connect(target.connectionString), createdDatabase };
}
