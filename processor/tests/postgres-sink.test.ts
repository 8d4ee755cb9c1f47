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
  });

  it('refuses a table no stage declares', async () => {
    const sink = createPostgresSink({ $executeRawUnsafe: async () => 0 }, []);
    await expect(sink.write([{ table: 'nope', row: {} }])).rejects.toThrow(/nope/);
  });
});
