import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * How the benchmark runs the services: NODE_ENV=production as deployed (Dockerfile,
 * docker-compose.yml) unless BENCH_NODE_ENV=development.
 */
export const BENCH_NODE_ENV =
  process.env.BENCH_NODE_ENV === 'development' ? 'development' : 'production';

let jwtSecret: string | undefined;

/** The gateway's JWT secret for this run: JWT_SECRET, else made up (production) or the development value. */
export function benchJwtSecret(): string {
  jwtSecret ??=
    process.env.JWT_SECRET ??
    (BENCH_NODE_ENV === 'production'
      ? randomBytes(32).toString('hex')
      : 'development-jwt-secret-not-for-production');
  return jwtSecret;
}

/** A viewer JWT signed with the gateway's secret of this run (as the gateway tests mint them). */
export function viewerToken(secret = benchJwtSecret()) {
  return new SignJWT({ roles: ['viewer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(secret));
}
