import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { createPrismaClient, runMigrations } from '@city/db';
import { createS3Client, loadInfraConfig, uniqueName } from '@city/infra';
import { createLogger } from '@city/log';
import { loadRoadNetwork, type RoadNetwork } from '@city/roadgraph';
import type { Role } from '@city/subgraph-kit';
import { createVehiclesSubgraph } from '../../subgraphs/vehicles/src/create-vehicles-subgraph.js';
import { createTrafficSubgraph } from '../../subgraphs/traffic/src/create-traffic-subgraph.js';
import {
  createPostgresApiKeyStore,
  generateApiKey,
  hashApiKey,
} from '../src/auth/api-key-store.js';
import { createAuthenticator } from '../src/auth/authenticate.js';
import { createJwtVerifier } from '../src/auth/jwt-verifier.js';
import { createRedisRateLimiter } from '../src/auth/rate-limiter.js';
import { composeSupergraph } from '../src/compose-supergraph.js';
import { createGateway, type GatewayServer } from '../src/create-gateway.js';
import { createGatewayMetrics } from '../src/gateway-metrics.js';
import { SUBGRAPHS } from '../src/subgraph-list.js';

export const JWT_SECRET = 'integration-test-jwt-secret-0123456789abcdef';
export const GATEWAY_SECRET = 'integration-test-gateway-secret-0123456789';

export interface Stack {
  readonly gateway: GatewayServer;
  readonly url: string;
  readonly base: string;
  readonly subgraphUrls: Record<string, string>;
  readonly redis: Redis;
  readonly prefix: string;
  readonly network: RoadNetwork;
  readonly db: ReturnType<typeof createPrismaClient>;
  readonly s3: ReturnType<typeof createS3Client>;
  readonly s3Bucket: string;
  readonly s3Prefix: string;
  token(
    roles: Role[],
    options?: { expiresIn?: string; secret?: string; sub?: string },
  ): Promise<string>;
  createApiKey(roles: Role[], rateLimitPerMinute: number): Promise<string>;
  insertWindows(rows: Record<string, unknown>[]): Promise<void>;
  stop(): Promise<void>;
}

let networkCache: RoadNetwork | null = null;

/** Vehicles and traffic subgraphs and the gateway in-process on free ports, isolated data. */
export async function startStack(
  limits: { maxDepth?: number; maxCost?: number } = {},
): Promise<Stack> {
  const infra = loadInfraConfig(process.env, { warn: () => {} });
  const log = createLogger({ service: 'gateway-test', level: 'silent' });
  const prefix = `${uniqueName('test-gw')}:`;
  const schema = uniqueName('gw', '_');
  const redis = new Redis(infra.redisUrl);
  await runMigrations({ databaseUrl: infra.databaseUrl, schema });
  const db = createPrismaClient({ databaseUrl: infra.databaseUrl, schema, maxConnections: 4 });
  const network = (networkCache ??= loadRoadNetwork());
  const s3 = createS3Client(infra);
  const s3Prefix = `${uniqueName('test-gw')}/`;
  const common = {
    gatewaySecret: GATEWAY_SECRET,
    production: false,
    log,
    port: 0,
    host: '127.0.0.1',
  };

  const vehicles = createVehiclesSubgraph({
    ...common,
    redis,
    redisKeyPrefix: prefix,
    db,
    s3,
    s3Bucket: infra.s3Bucket,
    s3Prefix,
  });
  const traffic = createTrafficSubgraph({ ...common, redis, redisKeyPrefix: prefix, db, network });
  const subgraphUrls = { vehicles: await vehicles.start(), traffic: await traffic.start() };
  const entries = SUBGRAPHS.filter((s) => s.name in subgraphUrls);
  const metrics = createGatewayMetrics();
  const gateway = createGateway({
    supergraphSdl: composeSupergraph(entries),
    subgraphUrls,
    gatewaySecret: GATEWAY_SECRET,
    authenticator: createAuthenticator({
      verifyJwt: createJwtVerifier({ secret: JWT_SECRET }),
      apiKeys: createPostgresApiKeyStore(db, 0),
      rateLimiter: createRedisRateLimiter(redis, prefix),
      defaultRateLimit: 600,
    }),
    metrics,
    log,
    production: false,
    corsOrigins: ['http://console.test'],
    maxDepth: limits.maxDepth ?? 10,
    maxCost: limits.maxCost ?? 50_000,
    restRequiresAuth: true,
    port: 0,
    host: '127.0.0.1',
    health: { redis: () => redis.ping() },
  });
  const url = await gateway.start();

  return {
    gateway,
    url,
    base: url.replace(/\/graphql$/, ''),
    subgraphUrls,
    redis,
    prefix,
    network,
    db,
    s3,
    s3Bucket: infra.s3Bucket,
    s3Prefix,
    async token(roles, options = {}) {
      return new SignJWT({ roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(options.sub ?? 'user-1')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
    },
    async createApiKey(roles, rateLimitPerMinute) {
      const key = generateApiKey();
      await db.$executeRawUnsafe(
        `INSERT INTO api_keys (id, name, key_hash, roles, rate_limit_per_minute, created_by) VALUES ($1, $2, $3, $4::text[], $5, 'test')`,
        uniqueName('key'),
        'test partner',
        hashApiKey(key),
        roles,
        rateLimitPerMinute,
      );
      return key;
    },
    async insertWindows(rows) {
      for (const r of rows) {
        const cols = Object.keys(r);
        const casts = cols.map((c, i) =>
          c.startsWith('window_') && c !== 'window_seconds'
            ? `$${i + 1}::timestamptz`
            : `$${i + 1}`,
        );
        await db.$executeRawUnsafe(
          `INSERT INTO traffic_windows (${cols.join(', ')}) VALUES (${casts.join(', ')}) ON CONFLICT DO NOTHING`,
          ...cols.map((c) => r[c]),
        );
      }
    },
    async stop() {
      await gateway.stop();
      await Promise.all([vehicles.stop(), traffic.stop()]);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.$disconnect();
      redis.disconnect();
      s3.destroy();
    },
  };
}

/** POSTs a GraphQL operation; returns status, headers and JSON body. */
export async function gql(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: res.status, headers: res.headers, body };
}
