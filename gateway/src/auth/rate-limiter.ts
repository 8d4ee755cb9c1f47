import type { Redis } from 'ioredis';

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  take(subject: string, limitPerMinute: number): Promise<RateDecision>;
}

// INCR and set the window's expiry on the first hit, atomically; returns count and ms left.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * Fixed one-minute windows per subject in Redis, shared by every gateway instance. Simple and
 * cheap (one round trip); a burst of up to twice the limit across a window edge is accepted.
 */
export function createRedisRateLimiter(
  redis: Redis,
  prefix: string,
  windowMs = 60_000,
): RateLimiter {
  return {
    async take(subject, limit) {
      const [count, ttl] = (await redis.eval(
        SCRIPT,
        1,
        `${prefix}ratelimit:${subject}`,
        windowMs,
      )) as [number, number];
      return {
        allowed: count <= limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttl / 1000)),
      };
    },
  };
}
