import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import express, { type Request } from 'express';
import { parse, type DocumentNode } from 'graphql';
import type { Logger } from '@city/log';
import {
  GATEWAY_SECRET_HEADER,
  USER_CLAIMS_HEADER,
  cachedClaimsDecoder,
  type UserClaims,
} from './claims.js';
import { createFormatError } from './errors.js';
import { LoaderRegistry } from './batch-loader.js';
import { createGraphQLHttpHandler, isPlainGraphQLPost } from './graphql-http-handler.js';
import { createPlainQueryExecutor } from './plain-query-executor.js';
import {
  attachSubscriptionServer,
  type SubscriptionServer,
} from './subscriptions/subscription-server.js';

/** What every resolver gets; `extra` is the subgraph's own dependencies. */
export interface BaseSubgraphContext {
  readonly user: UserClaims | null;
  readonly loaders: LoaderRegistry;
  readonly requestId: string | undefined;
  readonly log: Logger;
}

export interface SubgraphServerOptions<Extra extends object> {
  readonly name: string;
  /** SDL with the Federation 2 `@link`; a string is parsed. */
  readonly typeDefs: DocumentNode | string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly resolvers: GraphQLResolverMap<any>;
  readonly port: number;
  readonly host?: string;
  readonly gatewaySecret: string;
  readonly production: boolean;
  readonly log: Logger;
  /** Per-request additions to the context (repositories, clients). */
  readonly context: (base: BaseSubgraphContext) => Extra | Promise<Extra>;
  /** Dependency checks for /health: name -> throws when unhealthy. */
  readonly health?: Record<string, () => Promise<unknown>>;
  /** Runs after the server stopped (e.g. closes the change-feed subscriber). */
  readonly onStop?: () => Promise<void>;
}

export type SubgraphContext<Extra extends object> = BaseSubgraphContext & Extra;

export interface SubgraphServer {
  readonly httpServer: Server;
  /** Listens; resolves with the GraphQL URL (`http://host:port/graphql`). */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Subscriptions executing over graphql-ws in this process (0 without a Subscription type). */
  activeSubscriptions(): number;
}

function secretMatches(expected: Buffer, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Runs every health check, returning per-check status and whether all passed. */
export async function runHealthChecks(
  checks: Record<string, () => Promise<unknown>>,
): Promise<{ ok: boolean; checks: Record<string, { ok: boolean; error?: string }> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message }] as const;
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

/**
 * An Apollo Federation 2 subgraph on Express 5: POST /graphql accepted only with the gateway's
 * shared secret (so the gateway's auth cannot be bypassed), the forwarded claims as
 * `context.user`, per-request DataLoaders, error codes per `createFormatError`, and /health.
 */
export function createSubgraphServer<Extra extends object>(
  options: SubgraphServerOptions<Extra>,
): SubgraphServer {
  const log = options.log;
  const typeDefs =
    typeof options.typeDefs === 'string' ? parse(options.typeDefs) : options.typeDefs;
  const app = express();
  app.disable('x-powered-by');
  // POST /graphql with a plain JSON body skips Express (graphql-http-handler.ts); set on start.
  let plainGraphQL: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const httpServer = createServer((req, res) => {
    if (plainGraphQL && isPlainGraphQLPost(req)) void plainGraphQL(req, res);
    else app(req, res);
  });
  httpServer.keepAliveTimeout = 65_000;
  const secret = Buffer.from(options.gatewaySecret);
  const claimsOf = cachedClaimsDecoder();

  const schema = buildSubgraphSchema({ typeDefs, resolvers: options.resolvers });
  const apollo = new ApolloServer<SubgraphContext<Extra>>({
    schema,
    formatError: createFormatError({
      production: options.production,
      onInternal: (error) => log.error({ err: error }, 'resolver failed'),
    }),
    includeStacktraceInErrorResponses: !options.production,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No type or resolver sets cache hints, so every response was uncacheable anyway; the
      // plugin's per-field hook (and the resolver wrapping it needs) cost ~10% of a subgraph's CPU.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });

  app.get('/health', async (_req, res) => {
    const result = await runHealthChecks(options.health ?? {});
    res
      .status(result.ok ? 200 : 503)
      .json({ service: options.name, status: result.ok ? 'ok' : 'unhealthy', ...result });
  });

  // graphql-ws on the same server and path, for the gateway only (issue 6).
  let subscriptions: SubscriptionServer | null = null;
  if (schema.getSubscriptionType()) {
    subscriptions = attachSubscriptionServer({
      httpServer,
      schema,
      gatewaySecret: options.gatewaySecret,
      log,
      context: async (user, loaders) => {
        const base: BaseSubgraphContext = { user, loaders, requestId: undefined, log };
        return { ...base, ...(await options.context(base)) };
      },
    });
  }

  let started = false;
  return {
    httpServer,
    activeSubscriptions: () => subscriptions?.activeSubscriptions() ?? 0,
    async start() {
      if (!started) {
        await apollo.start();
        const refuse = (res: ServerResponse) => {
          res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
          res.end(
            JSON.stringify({
              errors: [
                {
                  message: 'subgraphs accept requests from the gateway only',
                  extensions: { code: 'FORBIDDEN' },
                },
              ],
            }),
          );
        };
        const contextOf = async (req: IncomingMessage): Promise<SubgraphContext<Extra>> => {
          const header = req.headers[USER_CLAIMS_HEADER];
          const base: BaseSubgraphContext = {
            user: claimsOf(typeof header === 'string' ? header : undefined),
            loaders: new LoaderRegistry(),
            requestId:
              typeof req.headers['x-request-id'] === 'string'
                ? req.headers['x-request-id']
                : undefined,
            log,
          };
          return { ...base, ...(await options.context(base)) };
        };
        const handler = createGraphQLHttpHandler(apollo, {
          context: contextOf,
          plainQueries: createPlainQueryExecutor(schema),
        });
        plainGraphQL = async (req, res) => {
          if (!secretMatches(secret, req.headers[GATEWAY_SECRET_HEADER])) {
            req.resume();
            refuse(res);
            return;
          }
          await handler(req, res);
        };
        app.use(
          '/graphql',
          (req, res, next) => {
            if (!secretMatches(secret, req.headers[GATEWAY_SECRET_HEADER])) return refuse(res);
            next();
          },
          express.json({ limit: '1mb' }),
          expressMiddleware(apollo, {
            context: async ({ req }: { req: Request }) => contextOf(req),
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
      const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
      log.info({ port, subgraph: options.name }, 'subgraph listening');
      return `http://${host}:${port}/graphql`;
    },
    async stop() {
      await subscriptions?.close();
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      await options.onStop?.();
    },
  };
}
