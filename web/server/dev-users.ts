import { SignJWT } from 'jose';

/** The gateway's development JWT key (gateway/src/config.ts), used when JWT_SECRET is unset. */
export const GATEWAY_DEVELOPMENT_JWT_SECRET = 'development-jwt-secret-not-for-production';

export interface DevUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly ('operator' | 'dispatcher' | 'analyst' | 'viewer')[];
}

/** Development sign-in users; documented in docs/console.md. */
export const DEV_USERS: readonly DevUser[] = [
  { id: 'olivia.operator', name: 'Olivia (operator)', roles: ['operator'] },
  { id: 'dan.dispatcher', name: 'Dan (dispatcher)', roles: ['dispatcher'] },
  { id: 'ana.analyst', name: 'Ana (analyst)', roles: ['analyst'] },
  { id: 'victor.viewer', name: 'Victor (viewer)', roles: ['viewer'] },
];

export async function signDevToken(user: DevUser, secret: string, ttl = '8h'): Promise<string> {
  return new SignJWT({ roles: [...user.roles], name: user.name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
