import { afterAll, describe, expect, it } from 'vitest';
import parquet from 'parquetjs-lite';
import { createParquetEncoderPool } from './parquet-encoder-pool.js';
import { encodeParquet, type ArchivedRow } from './parquet-file.js';

const rows: ArchivedRow[] = Array.from({ length: 50 }, (_, i) => ({
  partition: 2,
  offset: String(100 + i),
  eventTime: Date.UTC(2026, 10, 29, 10, 0, i),
  produceTime: Date.UTC(2026, 10, 29, 10, 0, i) + 5,
  event: {
    schemaVersion: 1,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    timestamp: new Date(Date.UTC(2026, 10, 29, 10, 0, i)).toISOString(),
    source: 'test',
    vehicleId: `car-${i % 7}`,
    vehicleType: 'car',
    latitude: 37.77 + i / 1000,
    longitude: -122.42,
    speedKmh: i,
    headingDeg: 90,
    accuracyM: 5,
  },
}));

describe('createParquetEncoderPool', () => {
  const pool = createParquetEncoderPool(2);
  afterAll(() => pool.close());

  it('encodes in a worker to the same bytes as the in-thread encoder', async () => {
    const meta = { firstOffset: '100', lastOffset: '149' };
    const [inWorker, inThread] = await Promise.all([
      pool.encode('gps_data', rows, meta),
      encodeParquet('gps_data', rows, meta),
    ]);
    expect(inWorker.equals(inThread)).toBe(true);
    const reader = await parquet.ParquetReader.openBuffer(inWorker);
    const cursor = reader.getCursor();
    const first = await cursor.next();
    expect(first).toMatchObject({ vehicleId: 'car-0', _partition: 2 });
    expect(reader.getMetadata()).toMatchObject(meta);
    await reader.close();
  });

  it('runs concurrent jobs and keeps their results apart', async () => {
    const bodies = await Promise.all(
      [10, 20, 30, 40].map((n) => pool.encode('gps_data', rows.slice(0, n))),
    );
    for (const [i, body] of bodies.entries()) {
      const reader = await parquet.ParquetReader.openBuffer(body);
      const count = reader.getRowCount();
      expect(typeof count === 'number' ? count : count.toNumber()).toBe((i + 1) * 10);
      await reader.close();
    }
  });

  it('fails a job whose rows cannot be encoded and keeps working', async () => {
    const bad = [{ ...rows[0]!, event: { ...rows[0]!.event, speedKmh: 'fast' } }];
    await expect(pool.encode('gps_data', bad)).rejects.toThrow(/parquet encoding failed/);
    expect((await pool.encode('gps_data', rows.slice(0, 1))).length).toBeGreaterThan(0);
  });
});
