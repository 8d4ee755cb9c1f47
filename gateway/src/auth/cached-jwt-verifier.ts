import type { UserClaims } from '@city/subgraph-kit';
import type { JwtVerifier } from './jwt-verifier.js';

export interface JwtCacheOptions {
  /** Distinct tokens remembered; the cache is emptied when it is full. */
  readonly maxEntries?: number;
  /** How long a verified token is trusted without verifying it again (key rotation, revocation). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

/**
 * Remembers verified tokens by their exact text, so a client sending the same bearer token on
 * every request pays for one signature check (an HMAC through WebCrypto or an RSA/EC verify) per
 * `maxAgeMs` instead of one per request. A remembered token is trusted only until its `exp`
 * (then it goes through the verifier again, which refuses it as expired). Failures are not
 * remembered.
 */
export function cachedJwtVerifier(verify: JwtVerifier, options: JwtCacheOptions = {}): JwtVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { claims: UserClaims; until: number }>();
  return async (token) => {
    const hit = cache.get(token);
    const t = now();
    if (hit && t < hit.until) return hit.claims;
    if (hit) cache.delete(token);
    const claims = await verify(token);
    const until = Math.min(t + maxAgeMs, claims.exp === undefined ? Infinity : claims.exp * 1000);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(token, { claims, until });
    return claims;
  };
}
