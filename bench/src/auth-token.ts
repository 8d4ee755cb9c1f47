import { SignJWT } from 'jose';

/** A viewer JWT signed with the gateway's development secret (as the gateway tests mint them). */
export function viewerToken(
  secret = process.env.JWT_SECRET ?? 'development-jwt-secret-not-for-production',
) {
  return new SignJWT({ roles: ['viewer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(secret));
}
