import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client/client.js';
import { parseDatabaseUrl, quoteIdent } from './database-url.js';

export interface CreatePrismaClientOptions {
  /** Prisma-style URL; `?schema=` selects the PostgreSQL schema. */
  readonly databaseUrl: string;
  /** Overrides the URL's schema (tests use a random one). */
  readonly schema?: string;
  /** Pool size; node-postgres' default (10) when unset. */
  readonly maxConnections?: number;
}

/**
 * A PrismaClient on the driver adapter for node-postgres: no engine binaries, the query compiler
 * runs as wasm. The caller owns it and must `$disconnect()` it.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const target = parseDatabaseUrl(options.databaseUrl, options.schema);
  const adapter = new PrismaPg(
    {
      connectionString: target.connectionString,
      // Queries name the schema; search_path also covers the enum types they cast to.
      options: `-c search_path=${quoteIdent(target.schema)}`,
      ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
    },
    { schema: target.schema },
  );
  return new PrismaClient({ adapter });
}
