import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../src/migrate/checksum.js';
import type { LocalMigration } from '../src/migrate/migrations-dir.js';
import { planMigrations, type MigrationRow } from '../src/migrate/plan.js';

function local(name: string, script = `-- ${name}\n`): LocalMigration {
  return { name, script, checksum: migrationChecksum(script) };
}

let seq = 0;
function row(migration: LocalMigration, overrides: Partial<MigrationRow> = {}): MigrationRow {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    checksum: migration.checksum,
    finished_at: new Date('2025-01-01T00:00:01Z'),
    migration_name: migration.name,
    logs: null,
    rolled_back_at: null,
    started_at: new Date('2025-01-01T00:00:00Z'),
    applied_steps_count: 1,
    ...overrides,
  };
}

const a = local('20250101000000_a');
const b = local('20250102000000_b');
const c = local('20250103000000_c');

describe('planMigrations', () => {
  it('applies everything on an empty database, in directory order', () => {
    expect(planMigrations([a, b, c], []).pending.map((m) => m.name)).toEqual([
      a.name,
      b.name,
      c.name,
    ]);
  });

  it('skips applied migrations and returns nothing when up to date', () => {
    expect(planMigrations([a, b, c], [row(a)]).pending).toEqual([b, c]);
    expect(planMigrations([a, b], [row(a), row(b)]).pending).toEqual([]);
  });

  it('applies a migration again once its failed row was marked rolled back', () => {
    const rolledBack = row(b, { finished_at: null, rolled_back_at: new Date(), logs: 'boom' });
    expect(planMigrations([a, b], [row(a), rolledBack]).pending).toEqual([b]);
  });

  it('refuses to continue while a migration has failed and is not resolved', () => {
    const failed = row(b, { finished_at: null, logs: 'ERROR: syntax error' });
    expect(() => planMigrations([a, b, c], [row(a), failed])).toThrow(
      expect.objectContaining({
        code: 'MIGRATION_PREVIOUSLY_FAILED',
        message: expect.stringContaining(`${b.name}`),
      }),
    );
  });

  it('refuses when an applied migration file changed, naming it', () => {
    const edited = {
      ...a,
      script: `${a.script}-- edit\n`,
      checksum: migrationChecksum(`${a.script}-- edit\n`),
    };
    expect(() => planMigrations([edited, b], [row(a)])).toThrow(
      expect.objectContaining({
        code: 'MIGRATION_CHECKSUM_MISMATCH',
        message: expect.stringContaining(a.name),
      }),
    );
  });

  it('compares checksums regardless of line endings', () => {
    const crlf = { ...a, script: a.script.replaceAll('\n', '\r\n') };
    expect(planMigrations([crlf], [row(a)]).pending).toEqual([]);
  });

  it('reports applied migrations that are not in the directory without failing', () => {
    const plan = planMigrations([a], [row(a), row(b)]);
    expect(plan.pending).toEqual([]);
    expect(plan.unknownApplied).toEqual([b.name]);
  });
});
