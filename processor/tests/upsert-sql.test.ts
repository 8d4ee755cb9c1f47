import { describe, expect, it } from 'vitest';
import { buildUpsert, dedupeRows } from '../src/sinks/upsert-sql.js';
import type { DurableTableSpec } from '../src/pipeline/types.js';

const spec: DurableTableSpec = {
  table: 'vehicles',
  key: ['id'],
  columns: ['id', 'speed_kmh', 'details', 'last_seen_at'],
  newerBy: 'last_seen_at',
};
const types = new Map([
  ['id', 'text'],
  ['speed_kmh', 'double precision'],
  ['details', 'jsonb'],
  ['last_seen_at', 'timestamp(3) with time zone'],
]);

describe('buildUpsert', () => {
  it('builds one statement with an array parameter per column, typed from the catalog, and a newer-only update', () => {
    const statement = buildUpsert(
      spec,
      [
        { id: 'a', speed_kmh: 10, details: { x: 1 }, last_seen_at: '2026-01-01T00:00:00Z' },
        { id: 'b', speed_kmh: 20, details: null, last_seen_at: '2026-01-01T00:00:01Z' },
      ],
      types,
    );
    expect(statement!.sql).toBe(
      'INSERT INTO "vehicles" ("id", "speed_kmh", "details", "last_seen_at") SELECT * FROM unnest($1::text[], $2::double precision[], $3::jsonb[], $4::timestamp(3) with time zone[]) ' +
        'ON CONFLICT ("id") DO UPDATE SET "speed_kmh" = EXCLUDED."speed_kmh", "details" = EXCLUDED."details", "last_seen_at" = EXCLUDED."last_seen_at" ' +
        'WHERE "vehicles"."last_seen_at" <= EXCLUDED."last_seen_at"',
    );
    expect(statement!.params).toEqual([
      ['a', 'b'],
      [10, 20],
      ['{"x":1}', null],
      ['2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'],
    ]);
  });

  it('inserts only the missing rows with ifAbsent (DO NOTHING on a conflict)', () => {
    const statement = buildUpsert(spec, [{ id: 'a', last_seen_at: 'x' }], types, {
      ifAbsent: true,
    });
    expect(statement!.sql).toMatch(/ ON CONFLICT \("id"\) DO NOTHING$/);
  });

  it('has the same text for every batch size (one parameter per column)', () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: String(i), last_seen_at: 'x' }));
    const small = buildUpsert(spec, rows(2), types)!;
    const large = buildUpsert(spec, rows(100_000), types)!;
    expect(large.sql).toBe(small.sql);
    expect(large.params).toHaveLength(4);
    expect((large.params[0] as unknown[]).length).toBe(100_000);
  });

  it('refuses a column the table does not have, and nothing to write is no statement', () => {
    expect(() => buildUpsert(spec, [{ id: 'a' }], new Map([['id', 'text']]))).toThrow(
      /vehicles\.speed_kmh no such column/,
    );
    expect(buildUpsert(spec, [], types)).toBeNull();
  });

  it('keeps the newest row per key, whatever the order', () => {
    const rows = dedupeRows(spec, [
      { id: 'a', last_seen_at: '2026-01-01T00:00:05Z', speed_kmh: 5 },
      { id: 'a', last_seen_at: '2026-01-01T00:00:01Z', speed_kmh: 1 },
      { id: 'b', last_seen_at: '2026-01-01T00:00:02Z', speed_kmh: 2 },
    ]);
    expect(rows.map((r) => r.speed_kmh)).toEqual([5, 2]);
  });

  it('does nothing on conflict when every column is a key, and refuses identifiers that are not snake_case', () => {
    const ids = new Map([['id', 'integer']]);
    const s = buildUpsert({ table: 'seen', key: ['id'], columns: ['id'] }, [{ id: 1 }], ids);
    expect(s!.sql).toMatch(/ON CONFLICT \("id"\) DO NOTHING$/);
    expect(() =>
      buildUpsert({ table: 'x; drop', key: ['id'], columns: ['id'] }, [{ id: 1 }], ids),
    ).toThrow(/identifier/);
  });
});
