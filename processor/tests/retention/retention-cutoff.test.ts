import { describe, expect, it } from 'vitest';
import { retentionCutoff } from '../../src/retention/retention-cutoff.js';
import { chunkDeleteSql } from '../../src/retention/retention-sql.js';

describe('retentionCutoff', () => {
  const now = Date.parse('2026-03-29T12:30:00.000Z');

  it('is now minus whole days of 24 hours', () => {
    expect(retentionCutoff(now, 1)?.toISOString()).toBe('2026-03-28T12:30:00.000Z');
    // 24-hour days: the daylight-saving change in Europe/US does not shift it.
    expect(retentionCutoff(now, 7)?.toISOString()).toBe('2026-03-22T12:30:00.000Z');
    expect(retentionCutoff(now, 365)?.toISOString()).toBe('2025-03-29T12:30:00.000Z');
  });

  it('is null for 0 days (keep forever)', () => {
    expect(retentionCutoff(now, 0)).toBeNull();
  });

  it('refuses negative and fractional horizons', () => {
    expect(() => retentionCutoff(now, -1)).toThrow(RangeError);
    expect(() => retentionCutoff(now, 0.5)).toThrow(RangeError);
  });
});

describe('chunkDeleteSql', () => {
  it('quotes identifiers and takes the cut-off and the chunk size as parameters', () => {
    expect(chunkDeleteSql('traffic_windows', 'window_start')).toBe(
      'DELETE FROM "traffic_windows" WHERE ctid = ANY (ARRAY(' +
        'SELECT ctid FROM "traffic_windows" WHERE "window_start" < $1::timestamptz LIMIT $2::int))',
    );
    expect(chunkDeleteSql('a"b', 'c')).toContain('"a""b"');
  });
});
