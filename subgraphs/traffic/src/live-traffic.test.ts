import { hashOfFields } from '@city/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { LIVE_SEGMENT_FIELDS, NO_LIVE_DATA, parseLiveSegment } from './live-traffic.js';

/** The hash as read with HMGET of LIVE_SEGMENT_FIELDS (traffic-store.ts). */
const read = (hash: Record<string, string>) =>
  parseLiveSegment(
    hashOfFields(
      LIVE_SEGMENT_FIELDS,
      LIVE_SEGMENT_FIELDS.map((f) => hash[f] ?? null),
    ),
  );

describe('LIVE_SEGMENT_FIELDS', () => {
  const full: Record<string, string> = {
    windowEnd1m: '2026-12-07T03:00:00.000Z',
    volume1m: '4',
    flowPerHour1m: '240',
    meanSpeedKmh1m: '31.5',
    speedRatio1m: '0.7',
    los1m: 'C',
    travelTimeIndex1m: '1.4',
    occupancyPct1m: '12',
    windowEnd5m: '2026-12-07T03:00:00.000Z',
    volume5m: '18',
    flowPerHour5m: '216',
    meanSpeedKmh5m: '29',
    los5m: 'D',
    travelTimeIndex5m: '1.6',
    windowEnd15m: '2026-12-07T03:00:00.000Z',
    volume15m: '50',
    freeFlowKmh: '50',
    los: 'D',
    congested: '1',
  };

  it('parses as the whole hash parses', () => {
    expect(read(full)).toEqual(parseLiveSegment(full));
    const only5m = { volume5m: '3', los5m: 'A', windowEnd5m: full.windowEnd5m! };
    expect(read(only5m)).toEqual(parseLiveSegment(only5m));
  });

  it('gives no live data for a missing hash or one without the parsed fields', () => {
    expect(read({})).toBe(NO_LIVE_DATA);
    const other = { freeFlowKmh: '50', volume15m: '2' };
    expect(read(other)).toEqual(parseLiveSegment(other));
  });
});
