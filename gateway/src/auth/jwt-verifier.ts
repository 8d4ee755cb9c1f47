import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type UserClaims } from '@city/subgraph-kit';
import { AuthError } from './auth-error.js';
import { cachedJwtVerifier, type JwtCacheOptions } from './cached-jwt-verifier.js';

export interface JwtVerifierOptions {
  /** HS256 key; used when no JWKS URL is configured. */
  readonly secret: string;
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Verified tokens are remembered (cachedJwtVerifier); options of that cache. */
  readonly cache?: JwtCacheOptions;
}

export type JwtVerifier = (token: string) => Promise<UserClaims>;

/** Roles from `roles` (array) or `role` (string) claims; unknown roles are dropped. */
function rolesOf(payload: JWTPayload): UserClaims['roles'] {
  const raw = payload.roles ?? (payload.role === undefined ? [] : [payload.role]);
  return (Array.isArray(raw) ? raw : [raw]).filter(isRole);
}

/**
 * Verifies a bearer JWT: HS256 with the shared secret in development, or the keys of a JWKS URL
 * (RS256/ES256...) in production. Expiry is always enforced, also for remembered tokens.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  const secret = new TextEncoder().encode(options.secret);
  const verifyOptions = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };
  return cachedJwtVerifier(async (token) => {
    try {
      const { payload } = jwks
        ? await jwtVerify(token, jwks, verifyOptions)
        : await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] });
      if (!payload.sub) throw new AuthError(401, 'UNAUTHENTICATED', 'token has no subject');
      return {
        sub: payload.sub,
        roles: rolesOf(payload),
        kind: 'user',
        ...(payload.exp ? { exp: payload.exp } : {}),
      };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof errors.JWTExpired)
        throw new AuthError(401, 'UNAUTHENTICATED', 'token expired');
      if (error instanceof errors.JWSSignatureVerificationFailed) {
        throw new AuthError(401, 'UNAUTHENTICATED', 'token signature is invalid');
      }
      throw new AuthError(401, 'UNAUTHENTICATED', `invalid token: ${(error as Error).message}`);
    }
  }, options.cache);
}
