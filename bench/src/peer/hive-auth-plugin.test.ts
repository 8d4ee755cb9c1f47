import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY_SECRET_HEADER as KIT_SECRET_HEADER,
  USER_CLAIMS_HEADER as KIT_CLAIMS_HEADER,
  CLAIMS_EXTENSION as KIT_CLAIMS_EXTENSION,
  decodeClaims,
} from '@city/subgraph-kit';
import {
  CLAIMS_EXTENSION,
  GATEWAY_SECRET_HEADER,
  USER_CLAIMS_HEADER,
  bearerToken,
  claimsVerifier,
} from './hive-auth-plugin.js';

const SECRET = 'a-test-jwt-secret-of-some-length';
const sign = (claims: Record<string, unknown>, exp = '1h', secret = SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));

describe('Hive Gateway auth for our subgraphs', () => {
  it('uses the subgraph kit header and extension names', () => {
    expect(GATEWAY_SECRET_HEADER).toBe(KIT_SECRET_HEADER);
    expect(USER_CLAIMS_HEADER).toBe(KIT_CLAIMS_HEADER);
    expect(CLAIMS_EXTENSION).toBe(KIT_CLAIMS_EXTENSION);
  });

  it('turns a valid JWT into claims the subgraphs decode', async () => {
    const verify = claimsVerifier(SECRET);
    const token = await sign({ sub: 'alice', roles: ['dispatcher', 'admin'] });
    const claims = decodeClaims(await verify(token));
    expect(claims).toMatchObject({ sub: 'alice', roles: ['dispatcher'], kind: 'user' });
    expect(claims?.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses a token signed with another key, and one without a subject', async () => {
    const verify = claimsVerifier(SECRET);
    await expect(
      verify(await sign({ sub: 'x' }, '1h', 'another-secret-entirely-here')),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verify(await sign({ roles: ['viewer'] }))).rejects.toThrow(/subject/);
  });

  it('requires a Bearer authorization', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(() => bearerToken(undefined)).toThrow(/authorization/);
    expect(() => bearerToken('ApiKey k')).toThrow(/Bearer/);
  });
});
