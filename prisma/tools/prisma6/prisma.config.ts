// Prisma 6.19 config for scripts/prisma6-tool.ts: the wasm schema engine ("js" engine) talks to
// PostgreSQL through @prisma/adapter-pg, so no schema-engine binary is needed.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

// The 6.19 adapter rejects catalog columns of type `name` ("Column type 'name' could not be
// deserialized") when the engine describes a database; reporting them as text is lossless.
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18 /* "char" */, 19 /* name */]);

interface Fields {
  fields?: { dataTypeID: number }[];
}

function catalogAsText<T>(result: T): T {
  for (const field of (result as Fields | undefined)?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) =>
        callback(error, error ? result : catalogAsText(result));
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out instanceof Promise) return out.then(catalogAsText) as never;
    return out as never;
  }
}

const databaseUrl = new URL(
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/smart_city',
);

// Explicit fields, never connectionString: node-postgres lets a connectionString override
// `database`, which would point the shadow database at the real one.
const schema = databaseUrl.searchParams.get('schema') ?? undefined;

function poolConfig(database: string, searchPath?: string): pg.PoolConfig {
  return {
    ...(searchPath === undefined ? {} : { options: `-c search_path="${searchPath}"` }),
    host: databaseUrl.hostname,
    port: Number(databaseUrl.port || 5432),
    user: decodeURIComponent(databaseUrl.username),
    password: decodeURIComponent(databaseUrl.password),
    database,
    Client: CatalogTextClient,
    // The CLI never closes the pool; without this it waits out the 10 s idle timeout.
    allowExitOnIdle: true,
  } as pg.PoolConfig;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(poolConfig('postgres'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  // Relative to this file: prisma/.cache/prisma6/schema.prisma is written by the tool script.
  schema: '../../.cache/prisma6/schema.prisma',
  migrations: { path: '../../migrations' },
  async adapter() {
    // Prisma's `?schema=`: the engine names the schema, search_path places unqualified DDL.
    const database = decodeURIComponent(databaseUrl.pathname.slice(1));
    const main = new PrismaPg(poolConfig(database, schema), { schema });
    return {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: () => main.connect(),
      // A throwaway database that the migrations replay into. The adapter's own version drops
      // it before closing its pool (and so fails); this one closes first.
      async connectToShadowDb() {
        const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
        await admin(`CREATE DATABASE "${name}"`);
        const shadow = await new PrismaPg(poolConfig(name)).connect();
        const dispose = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          await dispose();
          await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        };
        return shadow;
      },
    };
  },
});
