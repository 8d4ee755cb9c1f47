import { TOPICS } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { CommitQueue } from '../src/runtime/commit-queue.js';
import { PartitionState } from '../src/runtime/partition-state.js';
import { commitDurable, commitOffsetFor } from '../src/runtime/process-batch.js';
import { parquetFieldsFor } from '../src/sinks/parquet-schema.js';
import { flushShare, groupByHour, ParquetBuffer, parquetKey } from '../src/sinks/parquet-sink.js';
import type { ArchivedRow } from '../src/sinks/parquet-file.js';

const row = (offset: number, eventTime: number): ArchivedRow => ({
  partition: 1,
  offset: String(offset),
  eventTime,
  produceTime: eventTime,
  event: {},
});
const H = Date.parse('2026-11-29T08:00:00Z');

describe('parquet batch layer', () => {
  it('names files by topic, UTC date and hour, partition and padded first offset', () => {
    expect(parquetKey('raw/', 'gps_data', 2, H, '42')).toBe(
      'raw/topic=gps_data/date=2026-11-29/hour=08/part-2-00000000000000000042.parquet',
    );
  });

  it('groups a flush by event hour, keeping offset order', () => {
    const groups = groupByHour([row(1, H + 10), row(2, H + 3_600_000), row(3, H + 20)]);
    expect([...groups.keys()]).toEqual([H, H + 3_600_000]);
    expect(groups.get(H)!.map((r) => r.offset)).toEqual(['1', '3']);
  });

  it('never commits past a buffered row', () => {
    expect(commitOffsetFor(100n, undefined)).toBe('100');
    expect(commitOffsetFor(100n, '40')).toBe('40');
  });

  it('commits what is processed and in S3, nothing before the first batch or past a failed upload', () => {
    const sent: string[] = [];
    const part = new PartitionState('gps_data', 'x.gps_data', 1, true);
    part.commits = new CommitQueue({ send: async (offset) => void sent.push(offset) });
    commitDurable(part);
    expect(sent).toEqual([]);
    part.doneOffset = 9n;
    part.upload = { firstOffset: '5', done: new Promise(() => undefined) };
    commitDurable(part);
    expect(sent).toEqual(['5']);
    part.upload = undefined;
    part.buffer!.add(row(12, H), 0); // a running batch's row, above doneOffset
    commitDurable(part);
    expect(part.commits.requested).toBe(10n);
    part.uploadError = new Error('S3 refused');
    part.doneOffset = 20n;
    commitDurable(part);
    expect(part.commits.requested).toBe(10n);
  });

  it('is due by size or age, and a failed batch is truncated off', () => {
    const b = new ParquetBuffer();
    expect(b.due(0, 2, 1000)).toBe(false);
    b.add(row(1, H), 0);
    expect(b.due(999, 2, 1000)).toBe(false);
    expect(b.due(1000, 2, 1000)).toBe(true);
    b.add(row(2, H), 10);
    expect(b.due(10, 2, 1000)).toBe(true);
    b.truncate(1);
    expect(b.rows).toHaveLength(1);
    expect(b.take()).toHaveLength(1);
    expect(b.firstOffset).toBeUndefined();
  });

  it("spreads a topic's partitions over the last 30 % of the limits, each due at its own share", () => {
    const shares = [0, 1, 2, 3, 4, 5].map((p) => flushShare('gps_data', p));
    for (const share of shares) expect(share).toBeGreaterThan(0.7);
    for (const share of shares) expect(share).toBeLessThanOrEqual(1);
    const sorted = [...shares].sort();
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(0.02);
    const b = new ParquetBuffer(0.8);
    b.add(row(1, H), 0);
    expect(b.due(799, 10, 1000)).toBe(false);
    expect(b.due(800, 10, 1000)).toBe(true);
    for (let i = 2; i <= 8; i++) b.add(row(i, H), 1);
    expect(b.due(1, 10, 1000)).toBe(true);
    expect(b.due(1, 11, 1000)).toBe(false);
  });

  it('derives columns from the contract: numbers DOUBLE, integers INT64, nested JSON, optional fields optional', () => {
    const gps = parquetFieldsFor('gps_data');
    expect(gps.latitude).toMatchObject({ type: 'DOUBLE' });
    expect(gps.vehicleId).toMatchObject({ type: 'UTF8' });
    expect(gps._offset).toMatchObject({ type: 'INT64' });
    const camera = parquetFieldsFor('traffic_camera_data');
    expect(camera.approaches).toMatchObject({ type: 'JSON' });
    expect(camera.nodeId).toMatchObject({ type: 'INT64' });
    expect(parquetFieldsFor('vehicle_data').fuelLevelPct).toMatchObject({ optional: true });
    expect(parquetFieldsFor('segment_observations').vehicleId).toMatchObject({
      type: 'UTF8',
      optional: true,
    });
    for (const t of Object.keys(TOPICS) as (keyof typeof TOPICS)[])
      expect(() => parquetFieldsFor(t)).not.toThrow();
  });
});
