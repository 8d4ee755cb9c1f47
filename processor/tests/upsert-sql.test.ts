import { describe, expect, it } from 'vitest';
import { buildUpserts, dedupeRows, MAX_PARAMS } from '../src/sinks/upsert-sql.js';
import type { DurableTableSpec } from '../src/pipeline/types.js';

const spec: DurableTableSpec = {
  table: 'vehicles',
  key: ['id'],
  columns: ['id', 'speed_kmh', 'details', 'last_seen_at'],
  newerBy: 'last_seen_at',
  casts: { last_seen_at: 'timestamptz', details: 'jsonb' },
};

describe('buildUpserts', () => {
  it('builds one parameterised multi-row statement with casts and a newer-only update', () => {
    const [statement, ...rest] = buildUpserts(spec, [
      { id: 'a', speed_kmh: 10, details: { x: 1 }, last_seen_at: '2026-01-01T00:00:00Z' },
      { id: 'b', speed_kmh: 20, details: null, last_seen_at: '2026-01-01T00:00:01Z' },
    ]);
    expect(rest).toHaveLength(0);
    expect(statement!.sql).toBe(
      'INSERT INTO "vehicles" ("id", "speed_kmh", "details", "last_seen_at") VALUES ($1, $2, $3::jsonb, $4::timestamptz), ($5, $6, $7::jsonb, $8::timestamptz) ' +
        'ON CONFLICT ("id") DO UPDATE SET "speed_kmh" = EXCLUDED."speed_kmh", "details" = EXCLUDED."details", "last_seen_at" = EXCLUDED."last_seen_at" ' +
        'WHERE "vehicles"."last_seen_at" <= EXCLUDED."last_seen_at"',
    );
    expect(statement!.params).toEqual([
      'a',
      10,
      '{"x":1}',
      '2026-01-01T00:00:00Z',
      'b',
      20,
      null,
      '2026-01-01T00:00:01Z',
    ]);
  });

  it('keeps the newest row per key, whatever the order', () => {
    const rows = dedupeRows(spec, [
      { id: 'a', last_seen_at: '2026-01-01T00:00:05Z', speed_kmh: 5 },
      { id: 'a', last_seen_at: '2026-01-01T00:00:01Z', speed_kmh: 1 },
      { id: 'b', last_seen_at: '2026-01-01T00:00:02Z', speed_kmh: 2 },
    ]);
    expect(rows.map((r) => r.speed_kmh)).toEqual([5, 2]);
  });

  it('splits only past the bind-parameter limit', () => {
    const rows = Array.from({ length: MAX_PARAMS / 4 + 10 }, (_, i) => ({
      id: String(i),
      last_seen_at: 'x',
    }));
    const statements = buildUpserts(spec, rows);
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => s.params.length <= MAX_PARAMS)).toBe(true);
  });

  it('does nothing on conflict when every column is a key, and refuses identifiers that are not snake_case', () => {
    const [s] = buildUpserts({ table: 'seen', key: ['id'], columns: ['id'] }, [{ id: 1 }]);
    expect(s!.sql).toMatch(/ON CONFLICT \("id"\) DO NOTHING$/);
    expect(() =>
      buildUpserts({ table: 'x; drop', key: ['id'], columns: ['id'] }, [{ id: 1 }]),
    ).toThrow(/identifier/);
  });
});
