import { SignJWT } from 'jose';
import type { Registry } from 'prom-client';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createLogger } from '@city/log';
import { loadRoadNetwork, type RoadNetwork } from '@city/roadgraph';
import type { Role, SubgraphServer } from '@city/subgraph-kit';
import { createVehiclesSubgraph } from '../../../subgraphs/vehicles/src/create-vehicles-subgraph.js';
import { createTrafficSubgraph } from '../../../subgraphs/traffic/src/create-traffic-subgraph.js';
import { createPostgresApiKeyStore } from '../../src/auth/api-key-store.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.js';
import { createRedisRateLimiter } from '../../src/auth/rate-limiter.js';
import { composeSupergraph } from '../../src/compose-supergraph.js';
import { createGateway, type GatewayServer } from '../../src/create-gateway.js';
import { createGatewayMetrics } from '../../src/gateway-metrics.js';
import { SUBGRAPHS } from '../../src/subgraph-list.js';
import {
  attachGatewaySubscriptions,
  type GatewaySubscriptions,
} from '../../src/subscriptions/attach-subscriptions.js';
import type { SenderLimits } from '../../src/subscriptions/socket-sender.js';
import type { TestEnv } from '../../../processor/tests/harness.js';

export const JWT_SECRET = 'subscriptions-test-jwt-secret-0123456789abcdef';
const GATEWAY_SECRET = 'subscriptions-test-gateway-secret-0123456789';

export interface LiveStack {
  readonly wsUrl: string;
  readonly gateway: GatewayServer;
  readonly subscriptions: GatewaySubscriptions;
  readonly registry: Registry;
  readonly network: RoadNetwork;
  vehicles: SubgraphServer;
  traffic: SubgraphServer;
  /** Stops the vehicles subgraph and starts a new one on the same port. */
  restartVehicles(): Promise<void>;
  token(roles: Role[], expiresIn?: string): Promise<string>;
  client(token: string, onClosed?: (code: number) => void): Client;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

let networkCache: RoadNetwork | null = null;

/** Vehicles and traffic subgraphs and the gateway (with subscriptions) on free ports. */
export async function startLiveStack(
  env: Pick<TestEnv, 'redis' | 'redisKeyPrefix' | 'prisma' | 's3' | 's3Prefix'> & {
    s3Bucket: string;
  },
  senderLimits?: SenderLimits,
): Promise<LiveStack> {
  const log = createLogger({
    service: 'subscriptions-test',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const network = (networkCache ??= loadRoadNetwork());
  const common = { gatewaySecret: GATEWAY_SECRET, production: false, log, host: '127.0.0.1' };
  const makeVehicles = (port: number) =>
    createVehiclesSubgraph({
      ...common,
      port,
      redis: env.redis,
      redisKeyPrefix: env.redisKeyPrefix,
      db: env.prisma,
      s3: env.s3,
      s3Bucket: env.s3Bucket,
      s3Prefix: env.s3Prefix,
    });
  let vehicles = makeVehicles(0);
  const traffic = createTrafficSubgraph({
    ...common,
    port: 0,
    redis: env.redis,
    redisKeyPrefix: env.redisKeyPrefix,
    db: env.prisma,
    network,
  });
  const subgraphUrls = { vehicles: await vehicles.start(), traffic: await traffic.start() };
  const supergraphSdl = composeSupergraph(SUBGRAPHS.filter((s) => s.name in subgraphUrls));
  const metrics = createGatewayMetrics();
  const authenticator = createAuthenticator({
    verifyJwt: createJwtVerifier({ secret: JWT_SECRET }),
    apiKeys: createPostgresApiKeyStore(env.prisma, 0),
    rateLimiter: createRedisRateLimiter(env.redis, env.redisKeyPrefix),
    defaultRateLimit: 600,
  });
  const gateway = createGateway({
    supergraphSdl,
    subgraphUrls,
    gatewaySecret: GATEWAY_SECRET,
    authenticator,
    metrics,
    log,
    production: false,
    corsOrigins: [],
    maxDepth: 10,
    maxCost: 50_000,
    restRequiresAuth: true,
    port: 0,
    host: '127.0.0.1',
  });
  const subscriptions = attachGatewaySubscriptions({
    httpServer: gateway.httpServer,
    supergraphSdl,
    subgraphUrls,
    gatewaySecret: GATEWAY_SECRET,
    authenticator,
    registry: metrics.registry,
    log,
    maxDepth: 10,
    maxCost: 50_000,
    ...(senderLimits ? { senderLimits } : {}),
  });
  const httpUrl = await gateway.start();
  const clients: Client[] = [];

  const stack: LiveStack = {
    wsUrl: httpUrl.replace(/^http/, 'ws'),
    gateway,
    subscriptions,
    registry: metrics.registry,
    network,
    vehicles,
    traffic,
    async restartVehicles() {
      const port = Number(new URL(subgraphUrls.vehicles).port);
      await vehicles.stop();
      vehicles = makeVehicles(port);
      stack.vehicles = vehicles;
      await vehicles.start();
    },
    token: (roles, expiresIn = '5m') =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(new TextEncoder().encode(JWT_SECRET)),
    client(token, onClosed) {
      const client = createClient({
        url: stack.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        on: { closed: (e) => onClosed?.((e as { code: number }).code) },
      });
      clients.push(client);
      return client;
    },
    async metric(name, labels = {}) {
      const m = await metrics.registry.getSingleMetric(name)?.get();
      const value = m?.values.find((v) =>
        Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l),
      );
      return value?.value ?? 0;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await subscriptions.close();
      await gateway.stop();
      await Promise.all([vehicles.stop(), traffic.stop()]);
    },
  };
  return stack;
}

/** Collects a subscription's results; `stop` unsubscribes. */
export function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const results: {
    data?: T | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  }[] = [];
  const state = { completed: false, error: null as unknown };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => results.push(r as (typeof results)[number]),
      error: (e) => {
        state.error = e;
      },
      complete: () => {
        state.completed = true;
      },
    },
  );
  return { results, state, stop };
}
