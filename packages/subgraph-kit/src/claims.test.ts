import { describe, expect, it } from 'vitest';
import { cachedClaimsDecoder, decodeClaims, encodeClaims, type UserClaims } from './claims.js';

describe('cachedClaimsDecoder', () => {
  const alice: UserClaims = { sub: 'alice', roles: ['operator'], kind: 'user', exp: 123 };
  const bob: UserClaims = { sub: 'apikey:1', roles: ['viewer'], kind: 'apiKey' };

  it('decodes like decodeClaims, per header value', () => {
    const decode = cachedClaimsDecoder();
    for (const header of [encodeClaims(alice), encodeClaims(bob), encodeClaims(alice)])
      expect(decode(header)).toEqual(decodeClaims(header));
    expect(decode(encodeClaims(alice))).toEqual(alice);
    expect(decode(encodeClaims(bob))).toEqual(bob);
  });

  it('treats a missing or malformed header as anonymous', () => {
    const decode = cachedClaimsDecoder();
    expect(decode(undefined)).toBeNull();
    expect(decode('not-json')).toBeNull();
    expect(decode('not-json')).toBeNull();
  });

  it('stays correct past its bound', () => {
    const decode = cachedClaimsDecoder(2);
    const users = ['a', 'b', 'c', 'a'].map((sub) => ({ ...bob, sub }));
    for (const u of users) expect(decode(encodeClaims(u))?.sub).toBe(u.sub);
  });
});
