// Unit status reports and dispatch commands (keyed by unit) move the incident lifecycle (keyed by
// incident) through the real runtime: the step goes round through emergency_incident_data.
import { randomUUID } from 'node:crypto';
import { encodeEvent, type TopicName } from '@city/contracts';
import { waitFor } from '@city/infra';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentReport, startEmergenciesRun, type ProcessorRun } from './processor-run.js';
import type { TestEnv } from './harness.js';

describe('incident status from units', () => {
  let run: ProcessorRun | undefined;
  let env: TestEnv;
  let producer: Producer;
  const base = Date.now() - 20 * 60_000;
  const iso = (t: number) => new Date(t).toISOString();

  beforeAll(async () => {
    run = await startEmergenciesRun(3);
    ({ env, producer } = run);
  });

  afterAll(async () => {
    await run?.stop();
  });

  const send = (topic: TopicName, value: { key: string | null; value: string }) =>
    producer.send({ topic: env.physical(topic), messages: [value] });
  const reported = (incidentId: string, second: number) =>
    encodeEvent('emergency_incident_data', incidentReport(incidentId, base + second * 1000));
  const unit = (incidentId: string, status: 'en_route' | 'on_scene', second: number) =>
    encodeEvent('emergency_unit_status', {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: iso(base + second * 1000),
      source: 'test',
      unitId: `amb-${env.id}`,
      unitType: 'ambulance',
      status,
      incidentId,
      commandId: null,
      latitude: 37.779,
      longitude: -122.411,
    });
  const command = (incidentId: string, second: number) =>
    encodeEvent('dispatch_commands', {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: iso(base + second * 1000),
      source: 'test',
      commandId: randomUUID(),
      unitId: `amb-${env.id}`,
      incidentId,
      latitude: 37.78,
      longitude: -122.41,
      priority: 'critical',
      issuedBy: 'operator-1',
    });
  const row = async (id: string) =>
    (
      await env.prisma.$queryRawUnsafe<
        { status: string; type: string; description: string; reported_at: Date }[]
      >(
        `SELECT status::text AS status, type::text AS type, description, reported_at FROM incidents WHERE id = $1`,
        id,
      )
    )[0];

  it('dispatch, en route and on scene move incidents.status, with step times and intervals', async () => {
    const id = `inc-${env.id}-a`;
    await send('emergency_incident_data', reported(id, 0));
    await waitFor(async () => (await row(id))?.status === 'reported', { timeoutMs: 30_000 });
    await send('dispatch_commands', command(id, 50));
    await waitFor(async () => (await row(id))?.status === 'dispatched', { timeoutMs: 30_000 });
    await send('emergency_unit_status', unit(id, 'en_route', 110));
    await send('emergency_unit_status', unit(id, 'on_scene', 410));
    await waitFor(async () => (await row(id))?.status === 'on_scene', { timeoutMs: 30_000 });
    expect(await row(id)).toMatchObject({ type: 'medical', description: 'Person collapsed' });
    const hash = await env.redis.hgetall(`${env.redisKeyPrefix}em:incident:${id}`);
    expect(hash).toMatchObject({
      status: 'on_scene',
      dispatchedAt: iso(base + 50_000),
      enRouteAt: iso(base + 110_000),
      onSceneAt: iso(base + 410_000),
      processingSeconds: '50',
      turnoutSeconds: '60',
      travelSeconds: '300',
    });
    expect(await env.redis.sismember(`${env.redisKeyPrefix}em:incidents:active`, id)).toBe(1);
    // The timeline has one status row per own event; the unit steps are response steps.
    const events = await env.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1`,
      id,
    );
    expect(events[0]!.n).toBe(1);
  }, 90_000);

  it('applies a unit step that arrives before its incident once the incident is reported', async () => {
    const id = `inc-${env.id}-b`;
    await send('emergency_unit_status', unit(id, 'on_scene', 300));
    // The step reached the incident partition (no row can exist yet: the incident is unknown).
    await waitFor(
      async () =>
        (await run!.processor.metrics.stageCounters.get()).values.some(
          (v) => v.labels.name === 'incident_unit_steps_pending' && v.value >= 1,
        ),
      { timeoutMs: 30_000 },
    );
    expect(await row(id)).toBeUndefined();
    await send('emergency_incident_data', reported(id, 0));
    await waitFor(async () => (await row(id))?.status === 'on_scene', { timeoutMs: 30_000 });
    expect((await row(id))!.reported_at.toISOString()).toBe(iso(base));
  }, 90_000);
});
