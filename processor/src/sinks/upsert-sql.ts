import { ValidationError } from '@city/errors';
import type { DurableTableSpec } from '../pipeline/types.js';

export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) {
    throw new ValidationError('durable table spec', [
      { path: name, message: 'must be a snake_case SQL identifier' },
    ]);
  }
  return `"${name}"`;
}

/** A column type as PostgreSQL's format_type() spells it, e.g. `timestamp(3) with time zone`. */
function columnType(table: string, column: string, type: string | undefined): string {
  if (type === undefined || !/^"?[a-z_][a-z0-9_ ,()"]*$/i.test(type)) {
    throw new ValidationError('durable table spec', [
      {
        path: `${table}.${column}`,
        message: type === undefined ? 'no such column' : `bad type ${type}`,
      },
    ]);
  }
  return type;
}

/** A JS value as a bind parameter: objects become JSON text, Dates ISO strings. */
export function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

function keyOf(spec: DurableTableSpec, row: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(spec.key.map((k) => row[k] ?? null));
}

function newer(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return false;
  if (b === undefined || b === null) return true;
  const ta = a instanceof Date ? a.getTime() : typeof a === 'string' ? Date.parse(a) : Number(a);
  const tb = b instanceof Date ? b.getTime() : typeof b === 'string' ? Date.parse(b) : Number(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return String(a) >= String(b);
  return ta >= tb;
}

/**
 * One row per key: PostgreSQL refuses to update a row twice in one INSERT ... ON CONFLICT. The
 * newest by `newerBy` wins (ties: the later row), as the database would decide across batches.
 */
export function dedupeRows(
  spec: DurableTableSpec,
  rows: readonly Readonly<Record<string, unknown>>[],
): Readonly<Record<string, unknown>>[] {
  const byKey = new Map<string, Readonly<Record<string, unknown>>>();
  for (const row of rows) {
    const key = keyOf(spec, row);
    const existing = byKey.get(key);
    if (!existing || !spec.newerBy || newer(row[spec.newerBy], existing[spec.newerBy])) {
      byKey.set(key, row);
    }
  }
  return [...byKey.values()];
}

/**
 * `INSERT ... SELECT * FROM unnest($1::type[], …) ON CONFLICT (key) DO UPDATE` for all rows of one
 * table: one statement per batch with one array parameter per column, so its text is the same for
 * every batch (PostgreSQL parses and plans it cheaply; a VALUES list of N×columns parameters took
 * twice as long). `types` are the columns' types from the catalog. `ifAbsent`: `DO NOTHING`.
 */
export function buildUpsert(
  spec: DurableTableSpec,
  rows: readonly Readonly<Record<string, unknown>>[],
  types: ReadonlyMap<string, string>,
  options: { ifAbsent?: boolean } = {},
): SqlStatement | null {
  const unique = dedupeRows(spec, rows);
  if (unique.length === 0) return null;
  const table = ident(spec.table);
  const columns = spec.columns.map(ident);
  const keys = spec.key.map(ident);
  const updatable = spec.columns.filter((c) => !spec.key.includes(c));
  const conflict =
    options.ifAbsent || updatable.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${updatable.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}` +
        (spec.newerBy
          ? ` WHERE ${table}.${ident(spec.newerBy)} <= EXCLUDED.${ident(spec.newerBy)}`
          : '');
  const arrays = spec.columns.map(
    (c, i) => `$${i + 1}::${columnType(spec.table, c, types.get(c))}[]`,
  );
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ON CONFLICT (${keys.join(', ')}) ${conflict}`,
    params: spec.columns.map((c) => unique.map((row) => toParam(row[c]))),
  };
}
