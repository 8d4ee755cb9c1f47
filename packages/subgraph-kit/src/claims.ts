/** Roles of the platform, from most to least privileged in day-to-day use. */
export const ROLES = ['operator', 'dispatcher', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as verified by the gateway (JWT or API key) and forwarded to subgraphs. */
export interface UserClaims {
  /** JWT `sub` or `apikey:<id>`. */
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly kind: 'user' | 'apiKey';
  /** Expiry of the credential, epoch seconds, when it has one. */
  readonly exp?: number;
}

/** Header names between the gateway and subgraphs. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';
export const USER_CLAIMS_HEADER = 'x-user-claims';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Claims travel as base64url JSON. They are not signed themselves: a subgraph trusts them only on
 * a request that carries the shared gateway secret, which only the gateway has.
 */
export function encodeClaims(claims: UserClaims): string {
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

/** Decodes the forwarded claims; anything malformed is treated as anonymous (null). */
export function decodeClaims(header: string | undefined): UserClaims | null {
  if (!header) return null;
  try {
    const raw = JSON.parse(
      Buffer.from(header, 'base64url').toString('utf8'),
    ) as Partial<UserClaims>;
    if (typeof raw.sub !== 'string' || !Array.isArray(raw.roles)) return null;
    return {
      sub: raw.sub,
      roles: raw.roles.filter(isRole),
      kind: raw.kind === 'apiKey' ? 'apiKey' : 'user',
      ...(typeof raw.exp === 'number' ? { exp: raw.exp } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * decodeClaims remembering the last headers it decoded: the gateway sends the same header for
 * every request of a caller, so the base64url and JSON work is done once per caller. Bounded;
 * emptied when full. The claims objects are shared, so callers must not mutate them.
 */
export function cachedClaimsDecoder(
  maxEntries = 1000,
): (header: string | undefined) => UserClaims | null {
  const cache = new Map<string, UserClaims | null>();
  return (header) => {
    if (!header) return null;
    let claims = cache.get(header);
    if (claims === undefined) {
      claims = decodeClaims(header);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(header, claims);
    }
    return claims;
  };
}
