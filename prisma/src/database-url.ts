export interface DatabaseTarget {
  /** The URL without Prisma's `schema` parameter, for node-postgres. */
  readonly connectionString: string;
  readonly database: string;
  /** PostgreSQL schema (search_path) the tables live in; Prisma's `?schema=`, default public. */
  readonly schema: string;
}

/**
 * Splits a Prisma-style DATABASE_URL (`postgresql://user@host:5432/db?schema=name`) into what
 * node-postgres understands and the schema. An explicit `schema` argument wins over the URL's.
 */
export function parseDatabaseUrl(databaseUrl: string, schema?: string): DatabaseTarget {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must be a postgresql:// URL, got ${url.protocol}`);
  }
  const fromUrl = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new Error('DATABASE_URL must name a database');
  return {
    connectionString: url.toString(),
    database,
    schema: schema || fromUrl || 'public',
  };
}

/** The same server and credentials, another database (to create the target database). */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
