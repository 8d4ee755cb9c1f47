import type pg from 'pg';
import { connectClient } from './connect-client.js';
import { parseDatabaseUrl, quoteIdent } from './database-url.js';

export interface ConnectPgSessionOptions {
  /** Prisma-style URL; `?schema=` selects the PostgreSQL schema. */
  readonly databaseUrl: string;
  /** Overrides the URL's schema (tests use a random one). */
  readonly schema?: string;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** statement_timeout of the session in ms (0 = none, the server's default when unset). */
  readonly statementTimeoutMs?: number;
}

/**
 * One plain node-postgres connection with the same database and search_path as
 * `createPrismaClient`: for work that needs a session of its own (session-level advisory locks,
 * statements that must run on one connection). Prisma's pool hands each query to any of its
 * connections. The caller owns it and must `end()` it; ending it releases its session locks.
 */
export async function connectPgSession(options: ConnectPgSessionOptions): Promise<pg.Client> {
  const target = parseDatabaseUrl(options.databaseUrl, options.schema);
  const settings = [`-c search_path=${quoteIdent(target.schema)}`];
  if (options.statementTimeoutMs !== undefined) {
    settings.push(`-c statement_timeout=${Math.max(0, Math.trunc(options.statementTimeoutMs))}`);
  }
  return connectClient({
    connectionString: target.connectionString,
    options: settings.join(' '),
    ...(options.applicationName === undefined ? {} : { application_name: options.applicationName }),
  });
}
