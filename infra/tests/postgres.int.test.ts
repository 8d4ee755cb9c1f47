import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { uniqueName } from '../src/testing.js';

const config = loadInfraConfig(process.env, { warn: () => {} });

describe('PostgreSQL', () => {
  const schema = uniqueName('infra_test', '_');
  const client = new pg.Client({ connectionString: config.databaseUrl });

  beforeAll(async () => {
    await client.connect();
    await client.query(`create schema "${schema}"`);
  });

  afterAll(async () => {
    await client.query(`drop schema if exists "${schema}" cascade`);
    const { rowCount } = await client.query(
      'select 1 from information_schema.schemata where schema_name = $1',
      [schema],
    );
    expect(rowCount).toBe(0);
    await client.end();
  });

  it('writes and reads rows in a private schema', async () => {
    await client.query(
      `create table "${schema}".readings (id serial primary key, station text not null, pm25 double precision, at timestamptz not null)`,
    );
    const at = new Date('2026-01-02T03:04:05.000Z');
    await client.query(
      `insert into "${schema}".readings (station, pm25, at) values ($1, $2, $3), ($4, $5, $3)`,
      ['aq-1', 12.5, at, 'aq-2', 30.25],
    );
    const { rows } = await client.query(
      `select station, pm25, at from "${schema}".readings order by station`,
    );
    expect(rows).toEqual([
      { station: 'aq-1', pm25: 12.5, at },
      { station: 'aq-2', pm25: 30.25, at },
    ]);
  });
});
