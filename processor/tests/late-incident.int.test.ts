// An incident whose first event arrives beyond the retention behind the partition's newest event
// (a report hours late, or a producer on another clock: the console e2e's seeded simulator
// writes 2025 timestamps beside the tests' real-time incidents) is recorded without wedging
// the partition: its history row used to reference an incident row nobody wrote, and the
// foreign-key violation failed every retry of the batch, so no later incident got through.
import { encodeEvent } from '@city/contracts';
import { waitFor } from '@city/infra';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentReport, startEmergenciesRun, type ProcessorRun } from './processor-run.js';
import type { TestEnv } from './harness.js';

describe('an incident first seen beyond the retention', () => {
  let run: ProcessorRun | undefined;
  let env: TestEnv;
  let producer: Producer;

  beforeAll(async () => {
    run = await startEmergenciesRun(1);
    ({ env, producer } = run);
  });

  afterAll(async () => {
    await run?.stop();
  });

  const report = (incidentId: string, at: number, status: 'reported' | 'resolved' = 'reported') =>
    encodeEvent('emergency_incident_data', incidentReport(incidentId, at, { status }));
  const statusOf = async (id: string) =>
    (
      await env.prisma.$queryRawUnsafe<{ status: string }[]>(
        `SELECT status::text AS status FROM incidents WHERE id = $1`,
        id,
      )
    )[0]?.status;
  const historyOf = async (id: string) =>
    (
      await env.prisma.$queryRawUnsafe<{ status: string }[]>(
        `SELECT status::text AS status FROM incident_events WHERE incident_id = $1 ORDER BY occurred_at`,
        id,
      )
    ).map((r) => r.status);

  it('keeps its history and its incident row, and the incidents after it get through', async () => {
    const now = Date.now();
    const current = `inc-${env.id}-now`;
    const late = `inc-${env.id}-late`;
    const next = `inc-${env.id}-next`;
    await producer.send({
      topic: env.physical('emergency_incident_data'),
      messages: [
        report(current, now),
        // Eight hours behind the partition's newest event: beyond the 6 h retention.
        report(late, now - 8 * 3_600_000),
        report(late, now - 8 * 3_600_000 + 60_000, 'resolved'),
      ],
    });
    await producer.send({
      topic: env.physical('emergency_incident_data'),
      messages: [report(next, now + 1_000)],
    });
    // Its history row is written after every incident row of its batch: it is through.
    await waitFor(async () => (await historyOf(next)).length === 1, { timeoutMs: 60_000 });
    expect(await historyOf(late)).toEqual(['reported', 'resolved']);
    // Its late events created the row (whether one or both did depends on how Kafka batched them).
    expect(['reported', 'resolved']).toContain(await statusOf(late));
  }, 90_000);
});
