export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly string[];
  /** Expiry in epoch ms, from the token's `exp`. */
  readonly expiresAt: number | null;
}

const KEY = 'city-console-session';

/** Reads sub, roles and exp from a JWT payload (no verification: the gateway verifies). */
export function sessionFromToken(token: string, name?: string): Session {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(json) as {
    sub?: string;
    roles?: unknown;
    role?: unknown;
    exp?: number;
    name?: string;
  };
  const raw = claims.roles ?? (claims.role === undefined ? [] : [claims.role]);
  const roles = (Array.isArray(raw) ? raw : [raw]).map(String);
  return {
    token,
    userId: claims.sub ?? 'unknown',
    name: name ?? claims.name ?? claims.sub ?? 'unknown',
    roles,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}

export function loadSession(storage: Storage = sessionStorage, now = Date.now()): Session | null {
  const token = storage.getItem(KEY);
  if (!token) return null;
  try {
    const session = sessionFromToken(token);
    return session.expiresAt !== null && session.expiresAt <= now ? null : session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null, storage: Storage = sessionStorage): void {
  if (session) storage.setItem(KEY, session.token);
  else storage.removeItem(KEY);
}

export async function devSignIn(userId: string): Promise<Session> {
  const res = await fetch('/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: userId }),
  });
  if (!res.ok) throw new Error(`sign-in failed (${res.status})`);
  const body = (await res.json()) as { token: string; user: { name: string } };
  return sessionFromToken(body.token, body.user.name);
}
