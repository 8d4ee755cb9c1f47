import { describe, expect, it } from 'vitest';
import { deriveEventId } from './derive-event-id.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deriveEventId', () => {
  it('keeps the ids already stored (SHA-1 of the parts joined by NUL, version 5 layout)', () => {
    // Values produced by the original createHash implementation: a replay after an upgrade
    // must re-derive the same ids, or derived events would be counted twice.
    expect(deriveEventId('segment_observations', '1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe(
      '49c7e892-64bc-5a45-b8a9-9b9aca97fcfe',
    );
    expect(deriveEventId('segment_observations', 'e', 3)).toBe(
      '161a6324-7263-5014-9452-29701daa0d56',
    );
  });

  it('is a version 5 UUID, different for different parts', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => deriveEventId('t', i)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(UUID_V5);
  });
});
