// Events that pass their contract but that a sink refuses for good (issue #4). Such an error used
// to be thrown out of eachBatch; kafkajs restarted the consumer, re-read the batch from the
// committed offset and failed again, forever: one poison event wedged its partition. Now the
// batch is split until the refused events are pinned down; they go to `<topic>.dlq` with reason
// `sink_rejected` (sink, error code, message), the others are written, and the batch layer holds
// every offset that is not dead-lettered, exactly once.
import { deadLetterTopic, encodeEvent, type DeadLetter, type IncidentEvent } from '@city/contracts';
import { waitFor } from '@city/infra';
import type { Message, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../src/runtime/create-processor.js';
import type { Sinks } from '../src/runtime/process-batch.js';
import { gpsFleet, gpsMessages, readParquetRows, readTopic, type TestEnv } from './harness.js';
import {
  incidentReport,
  startEmergenciesRun,
  startProcessorRun,
  type ProcessorRun,
} from './processor-run.js';

const incident = incidentReport;

/** Resolves with /health once it reports a stalled partition. */
const stalledHealth = (processor: Processor) =>
  waitFor(
    () => {
      const h = processor.health();
      return h.ok ? undefined : h;
    },
    { timeoutMs: 60_000, description: '/health to report the stalled partition' },
  );

/** Encodes without the producer-side contract check: poison from a producer that skips it. */
const raw = (event: IncidentEvent): Message => ({
  key: event.incidentId,
  value: JSON.stringify(event),
});

async function incidentIds(env: TestEnv): Promise<string[]> {
  const rows = await env.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM incidents ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

describe('an event a sink refuses for good', () => {
  let run: ProcessorRun | undefined;
  let env: TestEnv;
  let processor: Processor;
  let producer: Producer;

  beforeAll(async () => {
    run = await startEmergenciesRun(1, (env) =>
      // A deterministic refusal by the real database (23514): stands for any constraint a valid
      // event can violate.
      env.prisma.$executeRawUnsafe(
        `ALTER TABLE incidents ADD CONSTRAINT test_poison CHECK (description <> 'poison')`,
      ),
    );
    ({ env, processor, producer } = run);
  });

  afterAll(async () => {
    await run?.stop();
  });

  it('dead-letters only the refused events, writes the others, and the partition goes on', async () => {
    const now = Date.now();
    const id = (name: string) => `inc-${env.id}-${name}`;
    const poison = {
      // PostgreSQL refuses NUL in text (22021): the contract rejects it first, naming the field.
      nul: incident(id('nul'), now + 2, { description: 'bad\u0000byte' }),
      // incidents.segment_id is an int4: PostgreSQL refused 3e9 (22003) until the contract's
      // segmentId got the column's maximum; now the contract names the field.
      segment: incident(id('segment'), now + 3, { segmentId: 3_000_000_000 }),
      // Redis GEOADD refuses latitudes beyond ±85.05112878: a valid WGS84 position.
      polar: incident(id('polar'), now + 4, { latitude: 89, longitude: 10 }),
      // The CHECK constraint above (23514).
      check: incident(id('check'), now + 5, { description: 'poison' }),
    };
    const good = [
      incident(id('good-a'), now + 1),
      incident(id('good-b'), now + 6),
      incident(id('good-c'), now + 7),
    ];
    const topic = env.physical('emergency_incident_data');
    // One send: the poison sits in the middle of one batch with good events before and after.
    await producer.send({
      topic,
      messages: [
        encodeEvent('emergency_incident_data', good[0]!),
        raw(poison.nul),
        raw(poison.segment),
        raw(poison.polar),
        encodeEvent('emergency_incident_data', poison.check),
        encodeEvent('emergency_incident_data', good[1]!),
      ],
    });
    await producer.send({ topic, messages: [encodeEvent('emergency_incident_data', good[2]!)] });

    await waitFor(async () => (await incidentIds(env)).includes(id('good-c')), {
      timeoutMs: 60_000,
      description: 'the incident produced after the poison',
    });
    const stored = await incidentIds(env);
    for (const g of good) expect(stored).toContain(g.incidentId);
    expect(stored).not.toContain(id('nul'));
    expect(stored).not.toContain(id('segment'));
    expect(stored).not.toContain(id('check'));

    const letters = (
      await readTopic(env.kafka, deadLetterTopic(topic), (got) => got.length >= 4)
    ).map((m) => JSON.parse(m.value) as DeadLetter);
    const byIncident = new Map(
      letters.map((l) => [(JSON.parse(l.payload) as IncidentEvent).incidentId, l]),
    );
    expect(letters).toHaveLength(4);
    // Each dead letter once: the slices of the split batch do not send the NUL one again.
    const admin = env.kafka.admin();
    await admin.connect();
    const dlqEnd = (await admin.fetchTopicOffsets(deadLetterTopic(topic))).reduce(
      (n, p) => n + Number(p.high),
      0,
    );
    await admin.disconnect();
    expect(dlqEnd).toBe(4);

    const nul = byIncident.get(id('nul'))!;
    expect(nul.reason).toBe('schema_violation');
    expect(nul.errors).toEqual([
      { path: '/description', message: expect.stringContaining('NUL') as string },
    ]);
    expect(nul.offset).toBe('1');

    const segment = byIncident.get(id('segment'))!;
    expect(segment).toMatchObject({ reason: 'schema_violation', partition: 0, offset: '2' });
    expect(segment.errors).toEqual([
      { path: '/segmentId', message: expect.stringContaining('2147483647') as string },
    ]);

    const polar = byIncident.get(id('polar'))!;
    expect(polar).toMatchObject({ reason: 'sink_rejected', offset: '3', sink: { name: 'redis' } });
    expect(polar.sink!.message).toMatch(/invalid longitude,latitude/);

    const check = byIncident.get(id('check'))!;
    expect(check).toMatchObject({
      reason: 'sink_rejected',
      offset: '4',
      sink: { name: 'postgres', code: '23514' },
    });
    expect(check.sink!.message).toMatch(/test_poison/);

    // Counted with the other dead letters.
    const counted = (await processor!.metrics.deadLetters.get()).values;
    const count = (reason: string) =>
      counted.find(
        (v) => v.labels.reason === reason && v.labels.topic === 'emergency_incident_data',
      )?.value ?? 0;
    expect(count('sink_rejected')).toBe(2);
    expect(count('schema_violation')).toBe(2);

    // Batch layer: every offset exactly once, except the dead-lettered ones.
    await processor!.flush();
    const rows = await readParquetRows(env.s3, `${env.s3Prefix}topic=emergency_incident_data/`);
    expect(rows.map((r) => Number(r._offset)).sort((a, b) => a - b)).toEqual([0, 5, 6]);

    expect(processor!.health().ok).toBe(true);
  }, 120_000);
});

describe('a failure that cannot be pinned on an event', () => {
  let run: ProcessorRun | undefined;
  let env: TestEnv;
  let processor: Processor;
  let producer: Producer;
  let failing = true;

  beforeAll(async () => {
    run = await startEmergenciesRun(1, undefined, {
      wrapSinks: (sinks: Sinks): Sinks => ({
        ...sinks,
        postgres: {
          write: async (writes) => {
            // Not transient, not a data error of any one row: every split fails alike.
            if (failing && writes.length > 0) throw new Error('permission denied for table');
            await sinks.postgres.write(writes);
          },
        },
      }),
    });
    ({ env, processor, producer } = run);
  });

  afterAll(async () => {
    await run?.stop();
  });

  it('turns /health red with the partition, since when and the error, and green once it passes', async () => {
    const now = Date.now();
    const topic = env.physical('emergency_incident_data');
    await producer.send({
      topic,
      messages: [
        encodeEvent('emergency_incident_data', incident(`inc-${env.id}-1`, now)),
        encodeEvent('emergency_incident_data', incident(`inc-${env.id}-2`, now + 1)),
      ],
    });
    const red = await stalledHealth(processor!);
    expect(red.stalled).toEqual([
      expect.objectContaining({
        domain: 'emergencies',
        topic,
        partition: 0,
        offset: '0',
        error: expect.stringContaining('permission denied') as string,
      }),
    ]);
    expect(Date.parse(red.stalled[0]!.since)).toBeLessThanOrEqual(Date.now());
    // Nothing was dead-lettered for a failure that is not the events' fault.
    const counted = (await processor!.metrics.deadLetters.get()).values;
    expect(counted.filter((v) => v.labels.reason === 'sink_rejected')).toEqual([]);

    failing = false;
    await waitFor(
      async () =>
        (
          await env.prisma.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM incidents`,
          )
        )[0]!.n === 2,
      { timeoutMs: 60_000, description: 'both incidents once the sink works again' },
    );
    await waitFor(() => processor!.health().ok, {
      timeoutMs: 30_000,
      description: '/health to be green again',
    });
    expect(processor!.health().stalled).toEqual([]);
  }, 150_000);
});

describe("a refusal of the stage's flush writes", () => {
  let run: ProcessorRun | undefined;
  let env: TestEnv;
  let processor: Processor;
  let producer: Producer;

  beforeAll(async () => {
    run = await startProcessorRun({
      partitions: 1,
      // Every vehicles flush writes the partition's active-vehicle count of the minute: refused
      // whatever the events are, so no event may be dead-lettered for it.
      prepare: (env) =>
        env.prisma.$executeRawUnsafe(
          `ALTER TABLE vehicle_count_minutes ADD CONSTRAINT test_flush CHECK (active_vehicles < 0)`,
        ),
    });
    ({ env, processor, producer } = run);
  });

  afterAll(async () => {
    await run?.stop();
  });

  it('dead-letters nothing, reports the partition stalled, and goes on once the flush passes', async () => {
    const start = Date.now() - 600_000;
    const topic = env.physical('gps_data');
    await producer.send({ topic, messages: gpsMessages(gpsFleet(3, 2, start)) });
    const red = await stalledHealth(processor!);
    expect(red.stalled).toEqual([
      expect.objectContaining({
        domain: 'vehicles',
        topic,
        partition: 0,
        error: expect.stringContaining('test_flush') as string,
      }),
    ]);

    await env.prisma.$executeRawUnsafe(
      `ALTER TABLE vehicle_count_minutes DROP CONSTRAINT test_flush`,
    );
    // While stalled the partition crawls (each event written without the flush, one per restart):
    // it may have passed all six by now. The stream goes on: the next batch's flush writes.
    await producer.send({ topic, messages: gpsMessages(gpsFleet(3, 3, start).slice(6)) });
    const count = async (sql: string) =>
      (await env.prisma.$queryRawUnsafe<{ n: number }[]>(sql))[0]!.n;
    await waitFor(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM vehicle_count_minutes`)) > 0 &&
        (await count(`SELECT count(*)::int AS n FROM vehicles`)) === 3,
      { timeoutMs: 60_000, description: 'the flush row and every vehicle once it passes' },
    );
    await waitFor(() => processor!.health().ok, {
      timeoutMs: 30_000,
      description: '/health to be green again',
    });
    const counted = (await processor!.metrics.deadLetters.get()).values;
    expect(counted).toEqual([]);
    await processor!.flush();
    const rows = await readParquetRows(env.s3, `${env.s3Prefix}topic=gps_data/`);
    expect(rows.map((r) => Number(r._offset)).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  }, 150_000);
});
