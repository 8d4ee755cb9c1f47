import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role } from '@city/subgraph-kit';

/** A third party's API key as stored: only the SHA-256 of the key is kept. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Requests per minute; null = the gateway default. */
  readonly rateLimitPerMinute: number | null;
}

export interface ApiKeyStore {
  findByHash(keyHash: string): Promise<ApiKeyRecord | null>;
}

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough (no salt/stretching needed: nothing to
 * brute-force) and lets the lookup be an indexed equality.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `ck_${randomBytes(32).toString('base64url')}`;
}

export interface RawQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

/**
 * Keys in PostgreSQL table `api_keys` (see docs/api.md: the table is proposed, not yet in the
 * Prisma schema). Lookups are cached briefly so a busy key does not cost a query per request;
 * a revoked key stops working within `cacheMs`.
 */
export function createPostgresApiKeyStore(db: RawQuery, cacheMs = 30_000): ApiKeyStore {
  const cache = new Map<string, { record: ApiKeyRecord | null; at: number }>();
  return {
    async findByHash(keyHash) {
      const hit = cache.get(keyHash);
      if (hit && Date.now() - hit.at < cacheMs) return hit.record;
      const rows = await db.$queryRawUnsafe<
        { id: string; name: string; roles: string[]; rate_limit_per_minute: number | null }[]
      >(
        `SELECT id, name, roles, rate_limit_per_minute FROM api_keys
          WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        keyHash,
      );
      const row = rows[0];
      const record = row
        ? {
            id: row.id,
            name: row.name,
            roles: row.roles.filter(isRole),
            rateLimitPerMinute: row.rate_limit_per_minute,
          }
        : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(keyHash, { record, at: Date.now() });
      return record;
    },
  };
}
