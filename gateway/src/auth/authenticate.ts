import type { IncomingHttpHeaders } from 'node:http';
import type { UserClaims } from '@city/subgraph-kit';
import { AuthError } from './auth-error.js';
import { hashApiKey, type ApiKeyStore } from './api-key-store.js';
import type { JwtVerifier } from './jwt-verifier.js';
import type { RateLimiter } from './rate-limiter.js';

export interface Authenticator {
  /** The caller of a request; throws AuthError (401 without or with a bad credential, 429). */
  authenticate(headers: IncomingHttpHeaders): Promise<UserClaims>;
}

export interface AuthenticatorDeps {
  readonly verifyJwt: JwtVerifier;
  readonly apiKeys: ApiKeyStore;
  readonly rateLimiter: RateLimiter;
  readonly defaultRateLimit: number;
  readonly onRateLimited?: (keyId: string) => void;
}

function credential(headers: IncomingHttpHeaders): { jwt?: string; apiKey?: string } {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return { apiKey };
  const auth = headers.authorization;
  if (!auth) return {};
  const [scheme, value] = auth.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer' && value) return { jwt: value };
  if (scheme?.toLowerCase() === 'apikey' && value) return { apiKey: value };
  throw new AuthError(
    401,
    'UNAUTHENTICATED',
    'Authorization must be "Bearer <jwt>" or "ApiKey <key>"',
  );
}

/** JWTs for people (console, operators), API keys (with a per-key rate limit) for third parties. */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return {
    async authenticate(headers) {
      const { jwt, apiKey } = credential(headers);
      if (jwt) return deps.verifyJwt(jwt);
      if (!apiKey) {
        throw new AuthError(
          401,
          'UNAUTHENTICATED',
          'authentication required: a bearer JWT or an API key',
        );
      }
      const record = await deps.apiKeys.findByHash(hashApiKey(apiKey));
      if (!record) throw new AuthError(401, 'UNAUTHENTICATED', 'unknown or revoked API key');
      const limit = record.rateLimitPerMinute ?? deps.defaultRateLimit;
      const decision = await deps.rateLimiter.take(`apikey:${record.id}`, limit);
      if (!decision.allowed) {
        deps.onRateLimited?.(record.id);
        throw new AuthError(
          429,
          'RATE_LIMITED',
          `rate limit of ${limit} requests per minute exceeded`,
          decision.resetSeconds,
        );
      }
      return { sub: `apikey:${record.id}`, roles: record.roles, kind: 'apiKey' };
    },
  };
}
