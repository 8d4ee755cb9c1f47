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
        for (const statement of buildUpserts(spec, rows)) {
          await db.$executeRawUnsafe(statement.sql, ...statement.params);
        }
      }
    },
  };
}
