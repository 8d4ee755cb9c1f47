import { ValidationError } from '@city/errors';
import type { DurableTableSpec, DurableWrite } from '../pipeline/types.js';
import { buildUpserts } from './upsert-sql.js';

/** The part of PrismaClient the sink uses. */
export interface SqlExecutor {
  $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number>;
}

export interface PostgresSink {
  /** Upserts every durable write of a batch: one statement per table. */
  write(writes: readonly DurableWrite[]): Promise<void>;
}

export function createPostgresSink(
  db: SqlExecutor,
  tables: readonly DurableTableSpec[],
): PostgresSink {
  const specs = new Map(tables.map((t) => [t.table, t]));
  return {
    async write(writes) {
      if (writes.length === 0) return;
      const byTable = new Map<string, DurableWrite['row'][]>();
      for (const w of writes) {
        let rows = byTable.get(w.table);
        if (!rows) byTable.set(w.table, (rows = []));
        rows.push(w.row);
      }
      const statements = [...byTable].flatMap(([table, rows]) => {
        const spec = specs.get(table);
        if (!spec) {
          throw new ValidationError('durable write', [
            { path: table, message: 'no DurableTableSpec declares this table' },
          ]);
        }
        return buildUpserts(spec, rows);
      });
      // Tables are independent; each statement is atomic and idempotent, so a retry after a
      // partial failure converges.
      await Promise.all(statements.map((s) => db.$executeRawUnsafe(s.sql, ...s.params)));
    },
  };
}
