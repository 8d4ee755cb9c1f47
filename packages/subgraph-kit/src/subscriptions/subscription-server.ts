import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '@city/log';
import { LoaderRegistry } from '../batch-loader.js';
import { decodeClaims, type UserClaims } from '../claims.js';

/**
 * What the gateway sends: the shared secret in `connection_init`, and per operation the caller's
 * claims (base64url JSON, as the `x-user-claims` header) in `payload.extensions.claims`.
 */
export type GatewayConnectionParams = Record<string, unknown> & { gatewaySecret?: string };
export const CLAIMS_EXTENSION = 'claims';

export interface SubscriptionServer {
  /** Subscriptions currently executing in this process. */
  activeSubscriptions(): number;
  close(): Promise<void>;
}

export interface SubscriptionServerOptions<Ctx> {
  readonly httpServer: Server;
  readonly schema: GraphQLSchema;
  readonly gatewaySecret: string;
  readonly log: Logger;
  readonly keepAliveMs?: number;
  readonly context: (user: UserClaims | null, loaders: LoaderRegistry) => Promise<Ctx> | Ctx;
}

function secretMatches(expected: Buffer, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * graphql-ws (`graphql-transport-ws`) on the subgraph's `/graphql`, for the gateway only: a
 * `connection_init` without the shared secret is closed with 4403.
 */
export function attachSubscriptionServer<Ctx>(
  options: SubscriptionServerOptions<Ctx>,
): SubscriptionServer {
  const secret = Buffer.from(options.gatewaySecret);
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const counted = new WeakMap<object, Set<string>>();
  let active = 0;
  const disposable = useServer<GatewayConnectionParams>(
    {
      schema: options.schema,
      onConnect: (ctx) => secretMatches(secret, ctx.connectionParams?.gatewaySecret),
      context: async (_ctx, _id, payload) => {
        const claims = payload.extensions?.[CLAIMS_EXTENSION];
        const user = decodeClaims(typeof claims === 'string' ? claims : undefined);
        return options.context(user, new LoaderRegistry()) as object;
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        if (!(Symbol.asyncIterator in Object(result))) return;
        let ids = counted.get(ctx);
        if (!ids) counted.set(ctx, (ids = new Set()));
        ids.add(id);
        active += 1;
      },
      onComplete: (ctx, id) => {
        if (counted.get(ctx)?.delete(id)) active -= 1;
      },
      onError: (_ctx, id, _payload, errors) => {
        options.log.warn({ id, errors: errors.map((e) => e.message) }, 'subscription failed');
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );
  return {
    activeSubscriptions: () => active,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await disposable.dispose();
    },
  };
}
