import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { jwtVerify } from 'jose';

// The subgraphs' contract (packages/subgraph-kit claims.ts and subscription-server.ts), repeated
// here so the Hive process does not load the subgraph kit (Apollo Server) and inflate its RSS;
// hive-auth-plugin.test.ts checks they are equal.
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';
export const USER_CLAIMS_HEADER = 'x-user-claims';
export const CLAIMS_EXTENSION = 'claims';

const ROLES = new Set(['operator', 'dispatcher', 'analyst', 'viewer']);

/** The claims the subgraphs expect, base64url JSON (as subgraph-kit `encodeClaims`). */
export function encodeClaims(claims: {
  sub: string;
  roles: string[];
  kind: 'user';
  exp?: number;
}): string {
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

/**
 * HS256 bearer JWT -> encoded claims, remembered per token until min(60 s, exp) like our gateway's
 * cachedJwtVerifier, so both gateways pay one signature check per token and minute.
 */
export function claimsVerifier(jwtSecret: string, now = Date.now) {
  const key = new TextEncoder().encode(jwtSecret);
  const cache = new Map<string, { encoded: string; until: number }>();
  return async (token: string): Promise<string> => {
    const t = now();
    const hit = cache.get(token);
    if (hit && t < hit.until) return hit.encoded;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'] }));
    } catch (error) {
      throw unauthenticated(`invalid token: ${(error as Error).message}`);
    }
    if (!payload.sub) throw unauthenticated('token has no subject');
    const raw = payload.roles ?? (payload.role === undefined ? [] : [payload.role]);
    const roles = (Array.isArray(raw) ? raw : [raw]).filter(
      (r): r is string => typeof r === 'string' && ROLES.has(r),
    );
    const encoded = encodeClaims({
      sub: payload.sub,
      roles,
      kind: 'user',
      ...(payload.exp ? { exp: payload.exp } : {}),
    });
    const until = Math.min(t + 60_000, payload.exp ? payload.exp * 1000 : Infinity);
    if (cache.size >= 10_000) cache.clear();
    cache.set(token, { encoded, until });
    return encoded;
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** `Bearer <jwt>` from an HTTP header or a graphql-ws `connection_init` payload. */
export function bearerToken(value: unknown): string {
  if (typeof value !== 'string' || !/^bearer /i.test(value))
    throw unauthenticated('authorization: a Bearer token is required');
  return value.slice(7).trim();
}

interface CityAuthContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  cityClaims?: string;
}

/**
 * What Hive Gateway needs to talk to our subgraphs, as our gateway does: verify the caller's JWT
 * (HTTP `authorization` header, or `authorization` in the graphql-ws `connection_init` payload),
 * then send the shared secret and the caller's claims upstream — as headers on HTTP fetches, and
 * in each graphql-ws subscribe message's `extensions.claims` (the secret goes once per upstream
 * socket, in `connectionParams`, configured on the ws transport).
 */
export function cityAuthPlugin(options: { jwtSecret: string; gatewaySecret: string }) {
  const verify = claimsVerifier(options.jwtSecret);
  const plugin: GatewayPlugin<CityAuthContext> = {
    async onContextBuilding({ context, extendContext }) {
      const ctx = context as CityAuthContext;
      if (ctx.cityClaims) return;
      const header =
        ctx.connectionParams !== undefined
          ? (ctx.connectionParams.authorization ?? ctx.connectionParams.Authorization)
          : ctx.request?.headers.get('authorization');
      extendContext({ cityClaims: await verify(bearerToken(header)) });
    },
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const claims = (executionRequest.context as CityAuthContext | undefined)?.cityClaims;
      if (!claims || executionRequest.operationType !== 'subscription') return;
      setExecutionRequest({
        ...executionRequest,
        extensions: { ...executionRequest.extensions, [CLAIMS_EXTENSION]: claims },
      });
    },
    onFetch({ context, options: init, setOptions }) {
      const claims = (context as CityAuthContext).cityClaims;
      const headers: Record<string, string> = {
        ...(init.headers as Record<string, string> | undefined),
        [GATEWAY_SECRET_HEADER]: options.gatewaySecret,
      };
      if (claims) headers[USER_CLAIMS_HEADER] = claims;
      setOptions({ ...init, headers });
    },
  };
  return plugin;
}
