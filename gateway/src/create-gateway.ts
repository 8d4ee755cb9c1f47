import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@city/log';
import {
  GATEWAY_SECRET_HEADER,
  USER_CLAIMS_HEADER,
  createFormatError,
  createGraphQLHttpHandler,
  encodeClaims,
  isPlainGraphQLPost,
  type UserClaims,
} from '@city/subgraph-kit';
import { AuthError } from './auth/auth-error.js';
import type { Authenticator } from './auth/authenticate.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { GRAPHIQL_HTML, graphiqlAssets, wantsGraphiql } from './graphiql/graphiql-page.js';
import { corsHeaders, corsMiddleware, errorBody, sendJson } from './http-helpers.js';
import { queryLimitsPlugin } from './limits/query-limits-plugin.js';
import { REST_ROUTES, type RestRoute } from './rest/rest-routes.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';
import { subgraphHealth } from './subgraph-health.js';

export interface GatewayContext {
  readonly user: UserClaims;
}

export interface GatewayOptions {
  readonly supergraphSdl: string;
  /** GraphQL URL per subgraph name (the supergraph's URLs are placeholders). */
  readonly subgraphUrls: Record<string, string>;
  readonly gatewaySecret: string;
  readonly authenticator: Authenticator;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
  readonly production: boolean;
  readonly corsOrigins: readonly string[];
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly restRequiresAuth: boolean;
  readonly port: number;
  readonly host?: string;
  /** Extra health checks (Redis, PostgreSQL). */
  readonly health?: Record<string, () => Promise<unknown>>;
  readonly restRoutes?: readonly RestRoute[];
}

export interface GatewayServer {
  readonly httpServer: Server;
  readonly apollo: ApolloServer<GatewayContext>;
  start(): Promise<string>;
  stop(): Promise<void>;
}

const ANONYMOUS_REST: UserClaims = { sub: 'anonymous', roles: ['viewer'], kind: 'user' };

/**
 * The federated gateway: Apollo Gateway on a static supergraph, Express 5 for auth, CORS,
 * GraphiQL, REST compatibility, /health and /metrics. The Node HTTP server is exposed so a
 * graphql-ws server can share it on /graphql (subscriptions, issue 6).
 */
export function createGateway(options: GatewayOptions): GatewayServer {
  const { log, metrics } = options;
  const fetcher = createSubgraphFetcher();
  // @apollo/gateway otherwise exports anonymous usage data to Apollo (and probes cloud metadata
  // hosts) from its constructor; a city's gateway sends nothing off the machine unless told to.
  if (process.env.APOLLO_TELEMETRY_ENABLED !== 'true')
    process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // The JWT cache hands out one claims object per token, so its header is encoded once.
  const encoded = new WeakMap<UserClaims, string>();
  const claimsHeader = (user: UserClaims) => {
    let header = encoded.get(user);
    if (header === undefined) encoded.set(user, (header = encodeClaims(user)));
    return header;
  };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      const url = options.subgraphUrls[name];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new SubgraphDataSource<GatewayContext>({
        url,
        fetcher,
        willSendRequest({ request, context }) {
          request.http?.headers.set(GATEWAY_SECRET_HEADER, options.gatewaySecret);
          if (context.user)
            request.http?.headers.set(USER_CLAIMS_HEADER, claimsHeader(context.user));
        },
      });
    },
  });

  const app = express();
  app.disable('x-powered-by');
  // POST /graphql with a plain JSON body skips Express (subgraph-kit graphql-http-handler.ts);
  // set on start. Everything else, including unusual GraphQL requests, goes through Express.
  let plainGraphQL: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const httpServer = createServer((req, res) => {
    if (plainGraphQL && isPlainGraphQLPost(req)) void plainGraphQL(req, res);
    else app(req, res);
  });
  httpServer.keepAliveTimeout = 65_000;

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: createFormatError({
      production: options.production,
      onInternal: (error) => log.error({ err: error }, 'request failed'),
    }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin({ maxDepth: options.maxDepth, maxCost: options.maxCost }),
    ],
  });

  app.use((req, res, next) => {
    const end = metrics.duration.startTimer();
    res.on('finish', () => {
      const route =
        (req.route?.path as string | undefined) ??
        (req.path.startsWith('/graphiql') ? '/graphiql' : 'other');
      metrics.requests.inc({ route, status: String(res.statusCode) });
      end({ route });
    });
    next();
  });
  app.use(corsMiddleware(options.corsOrigins));
  app.use(graphiqlAssets());

  async function health() {
    const [subgraphs, extra] = await Promise.all([
      subgraphHealth(options.subgraphUrls),
      Promise.all(
        Object.entries(options.health ?? {}).map(async ([name, check]) => {
          try {
            await check();
            return [name, { ok: true }] as const;
          } catch (error) {
            return [name, { ok: false, error: (error as Error).message }] as const;
          }
        }),
      ),
    ]);
    const ok = subgraphs.ok && extra.every(([, r]) => r.ok);
    const dependencies: Record<string, { ok: boolean; error?: string }> = Object.fromEntries(extra);
    return { ok, subgraphs: subgraphs.subgraphs, dependencies };
  }

  app.get('/health', async (_req, res) => {
    const h = await health();
    res
      .status(h.ok ? 200 : 503)
      .json({ service: 'gateway', status: h.ok ? 'ok' : 'degraded', ...h });
  });
  app.get('/api/health', async (_req, res) => {
    const h = await health();
    res.status(h.ok ? 200 : 503).json({
      status: h.ok ? 'healthy' : 'degraded',
      timestamp: new Date().toISOString(),
      services: Object.fromEntries(
        [...Object.entries(h.subgraphs), ...Object.entries(h.dependencies)].map(([n, r]) => [
          n,
          r.ok ? 'up' : 'down',
        ]),
      ),
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  function refuse(res: ServerResponse, error: AuthError) {
    metrics.authFailures.inc({ code: error.code });
    if (error.status === 429) {
      metrics.rateLimited.inc();
      res.setHeader('Retry-After', String(error.retryAfterSeconds ?? 60));
    }
    if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    sendJson(res, error.status, errorBody(error.code, error.message));
  }

  function authenticate(required: boolean) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const hasCredential = Boolean(req.headers.authorization || req.headers['x-api-key']);
        res.locals.user =
          !required && !hasCredential
            ? ANONYMOUS_REST
            : await options.authenticator.authenticate(req.headers);
        next();
      } catch (error) {
        if (error instanceof AuthError) refuse(res, error);
        else next(error);
      }
    };
  }

  function restHandler(route: RestRoute) {
    return async (req: Request, res: Response) => {
      const response = await apollo.executeOperation(
        { query: route.query, ...(route.variables ? { variables: route.variables(req) } : {}) },
        { contextValue: { user: res.locals.user as UserClaims } },
      );
      if (response.body.kind !== 'single') {
        res.status(500).json({ error: 'internal', message: 'unexpected incremental response' });
        return;
      }
      const { data, errors } = response.body.singleResult;
      if (errors?.length) {
        const code = String(errors[0]!.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
        const status =
          {
            NOT_FOUND: 404,
            BAD_USER_INPUT: 400,
            FORBIDDEN: 403,
            UNAUTHENTICATED: 401,
            QUERY_TOO_COMPLEX: 400,
          }[code] ?? 502;
        res.status(status).json({ error: code.toLowerCase(), message: errors[0]!.message });
        return;
      }
      const result = route.map((data ?? {}) as Record<string, unknown>, req);
      res.status(result.status).json(result.body);
    };
  }

  let started = false;
  return {
    httpServer,
    apollo,
    async start() {
      if (!started) {
        await apollo.start();
        for (const route of options.restRoutes ?? REST_ROUTES) {
          app.get(route.path, authenticate(options.restRequiresAuth), restHandler(route));
        }
        app.use('/api', (_req, res) => {
          res.status(404).json({ error: 'not_found', message: 'no such API route' });
        });
        app.get('/graphql', (req, res, next) => {
          if (!wantsGraphiql(req.headers.accept, req.query.query)) return next();
          res.setHeader(
            'Content-Security-Policy',
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
          );
          res.type('html').send(GRAPHIQL_HTML);
        });
        const users = new WeakMap<IncomingMessage, UserClaims>();
        const handler = createGraphQLHttpHandler(apollo, {
          context: async (req) => ({ user: users.get(req)! }),
        });
        const setCors = corsHeaders(options.corsOrigins);
        plainGraphQL = async (req, res) => {
          const end = metrics.duration.startTimer();
          res.on('finish', () => {
            metrics.requests.inc({ route: '/graphql', status: String(res.statusCode) });
            end({ route: '/graphql' });
          });
          setCors(req, res);
          try {
            users.set(req, await options.authenticator.authenticate(req.headers));
          } catch (error) {
            if (error instanceof AuthError) return refuse(res, error);
            log.error({ err: error }, 'authentication failed');
            return sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal error'));
          }
          await handler(req, res);
        };
        app.use(
          '/graphql',
          authenticate(true),
          express.json({ limit: '1mb' }),
          expressMiddleware(apollo, {
            context: async ({ res }) => ({ user: res.locals.user as UserClaims }),
          }),
        );
        started = true;
      }
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(options.port, options.host ?? '0.0.0.0', () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      log.info({ port }, 'gateway listening');
      return `http://127.0.0.1:${port}/graphql`;
    },
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      fetcher.close();
    },
  };
}
