import { EXAMPLE_EVENTS, type TopicName } from '@city/contracts';
import parquet from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { encodeRows, encodeRowsByRow, type EncodableRow } from './parquet-encode-core.mjs';
import { parquetFieldsFor } from './parquet-schema.js';

/** Rows of one topic's example, varied, with optional fields left out on every third row. */
function rowsOf(topic: TopicName, n: number): EncodableRow[] {
  const fields = parquetFieldsFor(topic);
  const optional = Object.keys(fields).filter((k) => fields[k]!.optional);
  return Array.from({ length: n }, (_, i) => {
    const event: Record<string, unknown> = {
      ...(EXAMPLE_EVENTS[topic] as Record<string, unknown>),
      eventId: `e-${i % 9_000}`,
    };
    if (i % 3 === 0) for (const k of optional) delete event[k];
    return {
      partition: 3,
      offset: String(500 + i),
      eventTime: 1_790_000_000_000 + i * 10,
      produceTime: 1_790_000_000_000 + i * 11,
      event,
    };
  });
}

async function readAll(body: Buffer): Promise<Record<string, unknown>[]> {
  const reader = await parquet.ParquetReader.openBuffer(body);
  const cursor = reader.getCursor();
  const out: Record<string, unknown>[] = [];
  for (let r = await cursor.next(); r; r = await cursor.next())
    out.push(r as Record<string, unknown>);
  await reader.close();
  return out;
}

describe('encodeRows (columnar append into parquetjs-lite)', () => {
  // 10,200 rows cross a page (8,192 rows) and a row group (10,000 rows).
  it.each(Object.keys(EXAMPLE_EVENTS) as TopicName[])(
    'writes the same bytes as parquetjs-lite row by row: %s',
    async (topic) => {
      const rows = rowsOf(topic, 10_200);
      const meta = { firstOffset: '500', lastOffset: '10699' };
      const columnar = await encodeRows(topic, parquetFieldsFor(topic), rows, meta);
      const byRow = await encodeRowsByRow(topic, parquetFieldsFor(topic), rows, meta);
      expect(columnar.length).toBe(byRow.length);
      expect(columnar.equals(byRow)).toBe(true);
    },
    30_000,
  );

  it('keeps an array field (camera approaches) as one JSON value and reads it back', async () => {
    const rows = rowsOf('traffic_camera_data', 3);
    const body = await encodeRows(
      'traffic_camera_data',
      parquetFieldsFor('traffic_camera_data'),
      rows,
      {},
    );
    const back = await readAll(body);
    expect(back).toHaveLength(3);
    const approaches = (EXAMPLE_EVENTS.traffic_camera_data as { approaches: unknown[] }).approaches;
    expect(approaches.length).toBeGreaterThan(1);
    expect(back[1]!.approaches).toEqual(approaches);
  });

  it('names a required field that is missing', async () => {
    const rows = rowsOf('gps_data', 2);
    delete (rows[1]!.event as Record<string, unknown>).vehicleId;
    await expect(encodeRows('gps_data', parquetFieldsFor('gps_data'), rows, {})).rejects.toThrow(
      /vehicleId/,
    );
  });
});
