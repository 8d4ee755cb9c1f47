import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createPrismaClient } from '@city/db';
import { createLogger } from '@city/log';
import { createPostgresApiKeyStore } from './auth/api-key-store.js';
import { createAuthenticator } from './auth/authenticate.js';
import { createJwtVerifier } from './auth/jwt-verifier.js';
import { createRedisRateLimiter } from './auth/rate-limiter.js';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './create-gateway.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { presentSubgraphs, subgraphUrls } from './subgraph-list.js';
import { attachGatewaySubscriptions } from './subscriptions/attach-subscriptions.js';

const config = loadGatewayConfig();
const log = createLogger({ service: 'gateway', level: config.logLevel });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const db = createPrismaClient({ databaseUrl: config.databaseUrl, maxConnections: 2 });
const metrics = createGatewayMetrics();

let supergraphSdl: string;
try {
  supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
} catch {
  log.fatal(
    { path: config.supergraphPath },
    'no supergraph: run `npm run compose -w @city/gateway`',
  );
  process.exit(1);
}

const urls = subgraphUrls(presentSubgraphs());
const authenticator = createAuthenticator({
  verifyJwt: createJwtVerifier({
    secret: config.jwtSecret,
    ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : {}),
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  }),
  apiKeys: createPostgresApiKeyStore(db),
  rateLimiter: createRedisRateLimiter(redis, config.redisKeyPrefix),
  defaultRateLimit: config.apiKeyRateLimit,
});
const server = createGateway({
  supergraphSdl,
  subgraphUrls: urls,
  gatewaySecret: config.gatewaySecret,
  authenticator,
  metrics,
  log,
  production: config.nodeEnv === 'production',
  corsOrigins: config.corsOrigins,
  maxDepth: config.maxDepth,
  maxCost: config.maxCost,
  restRequiresAuth: config.restRequiresAuth,
  port: config.port,
  host: config.host,
  health: { redis: () => redis.ping() },
});

// graphql-ws subscriptions on the same server and path (docs/subscriptions.md).
const subscriptions = attachGatewaySubscriptions({
  httpServer: server.httpServer,
  supergraphSdl,
  subgraphUrls: urls,
  gatewaySecret: config.gatewaySecret,
  authenticator,
  registry: metrics.registry,
  log,
  maxDepth: config.maxDepth,
  maxCost: config.maxCost,
});

await server.start();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping');
    void subscriptions
      .close()
      .then(() => server.stop())
      .then(() => Promise.all([redis.quit(), db.$disconnect()]))
      .finally(() => process.exit(0));
  });
}
