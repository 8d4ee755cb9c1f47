import { ValidationError } from '@city/errors';
import type { DurableTableSpec, DurableWrite } from '../pipeline/types.js';
import { buildUpsert } from './upsert-sql.js';

/** The part of PrismaClient the sink uses. */
export interface SqlExecutor {
  $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

export interface PostgresSink {
  /** Upserts every durable write of a batch: one statement per table. */
  write(writes: readonly DurableWrite[]): Promise<void>;
}

/** Column types of a table on the connection's search_path, as format_type() spells them. */
const COLUMN_TYPES_SQL = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`;

export function createPostgresSink(
  db: SqlExecutor,
  tables: readonly DurableTableSpec[],
): PostgresSink {
  const specs = new Map(tables.map((t) => [t.table, t]));
  const types = new Map<string, Promise<Map<string, string>>>();
  const typesOf = (table: string) => {
    let loaded = types.get(table);
    if (!loaded) {
      loaded = db
        .$queryRawUnsafe<{ name: string; type: string }[]>(COLUMN_TYPES_SQL, `"${table}"`)
        .then((rows) => new Map(rows.map((r) => [r.name, r.type])));
      // A failed lookup (database down) is retried with the batch, not remembered.
      loaded.catch(() => types.delete(table));
      types.set(table, loaded);
    }
    return loaded;
  };
  return {
    async write(writes) {
      if (writes.length === 0) return;
      const byTable = new Map<
        string,
        { ifAbsent: DurableWrite['row'][]; upsert: DurableWrite['row'][] }
      >();
      for (const w of writes) {
        let rows = byTable.get(w.table);
        if (!rows) byTable.set(w.table, (rows = { ifAbsent: [], upsert: [] }));
        (w.ifAbsent ? rows.ifAbsent : rows.upsert).push(w.row);
      }
      for (const table of byTable.keys()) {
        if (!specs.has(table)) {
          throw new ValidationError('durable write', [
            { path: table, message: 'no DurableTableSpec declares this table' },
          ]);
        }
      }
      // In the order the stages declare their tables (parents before children: incidents before
      // incident_events), one after another, so a foreign key never sees its row missing. Each
      // statement is atomic and idempotent, so a retry after a partial failure converges.
      for (const spec of tables) {
        const rows = byTable.get(spec.table);
        if (!rows) continue;
        const types = await typesOf(spec.table);
        for (const statement of [
          buildUpsert(spec, rows.ifAbsent, types, { ifAbsent: true }),
          buildUpsert(spec, rows.upsert, types),
        ])
          if (statement) await db.$executeRawUnsafe(statement.sql, ...statement.params);
      }
    },
  };
}
