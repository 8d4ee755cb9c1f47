import { describe, expect, it } from 'vitest';
import { createEmergenciesStage } from '../src/domains/emergencies/index.js';
import { createPostgresSink } from '../src/sinks/postgres-sink.js';

describe('PostgreSQL sink', () => {
  it('writes tables in the declared order, one statement at a time (parents before children)', async () => {
    const executed: string[] = [];
    let inFlight = 0;
    const db = {
      async $executeRawUnsafe(sql: string): Promise<number> {
        inFlight++;
        expect(inFlight).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        executed.push(/INSERT INTO "?(\w+)"?/i.exec(sql)?.[1] ?? sql);
        inFlight--;
        return 1;
      },
      // Every column is text here: the statement's shape is not what this test checks.
      async $queryRawUnsafe<T>(_sql: string, table: unknown): Promise<T> {
        const spec = stage.tables.find((t) => `"${t.table}"` === table)!;
        return spec.columns.map((name) => ({ name, type: 'text' })) as T;
      },
    };
    const stage = createEmergenciesStage();
    const declared = stage.tables.map((t) => t.table);
    expect(declared.indexOf('incidents')).toBeLessThan(declared.indexOf('incident_events'));
    const rowFor = (table: string) =>
      Object.fromEntries(
        stage.tables.find((t) => t.table === table)!.columns.map((c) => [c, null]),
      );

    const sink = createPostgresSink(db, stage.tables);
    // The batch lists the child first, as a stage may.
    await sink.write([
      { table: 'incident_events', row: rowFor('incident_events') },
      { table: 'incidents', row: rowFor('incidents') },
    ]);
    expect(executed).toEqual(['incidents', 'incident_events']);

    // A parent row inserted only if absent goes first too, as its own DO NOTHING statement.
    executed.length = 0;
    const statements: string[] = [];
    const recording = {
      ...db,
      $executeRawUnsafe: (sql: string) => (statements.push(sql), db.$executeRawUnsafe(sql)),
    };
    await createPostgresSink(recording, stage.tables).write([
      { table: 'incident_events', row: rowFor('incident_events') },
      { table: 'incidents', row: rowFor('incidents'), ifAbsent: true },
      { table: 'incidents', row: { ...rowFor('incidents'), id: 'other' } },
    ]);
    expect(executed).toEqual(['incidents', 'incidents', 'incident_events']);
    expect(statements[0]).toMatch(/DO NOTHING$/);
    expect(statements[1]).toMatch(/DO UPDATE SET/);
  });

  it('refuses a table no stage declares', async () => {
    const db = { $executeRawUnsafe: async () => 0, $queryRawUnsafe: async <T>() => [] as T };
    const sink = createPostgresSink(db, []);
    await expect(sink.write([{ table: 'nope', row: {} }])).rejects.toThrow(/nope/);
  });
});
