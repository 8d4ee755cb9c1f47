import { describe, expect, it } from 'vitest';
import type { UserClaims } from '@city/subgraph-kit';
import { AuthError } from './auth-error.js';
import { cachedJwtVerifier } from './cached-jwt-verifier.js';

function fakeVerifier(claims: Record<string, UserClaims>, clock: { t: number }) {
  const calls: string[] = [];
  const verify = async (token: string) => {
    calls.push(token);
    const c = claims[token];
    if (!c) throw new AuthError(401, 'UNAUTHENTICATED', 'token signature is invalid');
    if (c.exp !== undefined && c.exp * 1000 <= clock.t)
      throw new AuthError(401, 'UNAUTHENTICATED', 'token expired');
    return c;
  };
  return { verify, calls };
}

describe('cachedJwtVerifier', () => {
  const alice: UserClaims = { sub: 'alice', roles: ['viewer'], kind: 'user', exp: 1_000 };

  it('verifies a token once and returns the remembered claims afterwards', async () => {
    const clock = { t: 0 };
    const { verify, calls } = fakeVerifier({ a: alice }, clock);
    const cached = cachedJwtVerifier(verify, { now: () => clock.t });
    expect(await cached('a')).toEqual(alice);
    clock.t = 30_000;
    expect(await cached('a')).toEqual(alice);
    expect(calls).toEqual(['a']);
  });

  it('verifies again after maxAgeMs', async () => {
    const clock = { t: 0 };
    const { verify, calls } = fakeVerifier({ a: alice }, clock);
    const cached = cachedJwtVerifier(verify, { now: () => clock.t, maxAgeMs: 10_000 });
    await cached('a');
    clock.t = 10_000;
    await cached('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('refuses a remembered token once it expired', async () => {
    const clock = { t: 0 };
    const { verify } = fakeVerifier({ a: { ...alice, exp: 5 } }, clock);
    const cached = cachedJwtVerifier(verify, { now: () => clock.t });
    await cached('a');
    clock.t = 5_000;
    await expect(cached('a')).rejects.toThrow('token expired');
  });

  it('does not remember failures', async () => {
    const clock = { t: 0 };
    const { verify, calls } = fakeVerifier({}, clock);
    const cached = cachedJwtVerifier(verify, { now: () => clock.t });
    await expect(cached('bad')).rejects.toThrow('signature');
    await expect(cached('bad')).rejects.toThrow('signature');
    expect(calls).toEqual(['bad', 'bad']);
  });

  it('stays bounded', async () => {
    const clock = { t: 0 };
    const claims = Object.fromEntries(
      ['a', 'b', 'c'].map((k) => [k, { ...alice, sub: k }] as const),
    );
    const { verify, calls } = fakeVerifier(claims, clock);
    const cached = cachedJwtVerifier(verify, { now: () => clock.t, maxEntries: 2 });
    for (const k of ['a', 'b', 'c', 'a']) await cached(k);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
