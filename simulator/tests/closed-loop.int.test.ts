import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { decodeEvent, encodeEvent, type EventOf } from '@city/contracts';
import { createLogger } from '@city/log';
import { haversineM } from '@city/roadgraph';
import { uniqueName, waitFor } from '@city/infra';
import { startSimulator, type SimulatorHandle } from '../src/app.js';
import { loadSimulatorConfig } from '../src/config.js';
import { SIMULATOR_TOPICS } from '../src/topic-names.js';

const prefix = `${uniqueName('simloop')}.`;
const config = loadSimulatorConfig(
  [
    '--seed',
    'loop',
    '--vehicles',
    '150',
    '--interval',
    '5',
    '--speedup',
    '20',
    '--topic-prefix',
    prefix,
    '--group-id',
    'sim',
  ],
  { ...process.env, SIM_STATUS: 'false' },
  { warn: () => {} },
);
const kafka = new Kafka({
  brokers: [...config.kafkaBrokers],
  clientId: 'closed-loop-test',
  logLevel: logLevel.NOTHING,
});
const statuses: EventOf<'emergency_unit_status'>[] = [];
let handle: SimulatorHandle;
let consumer: Consumer;

beforeAll(async () => {
  handle = await startSimulator(config, {
    logger: createLogger({ service: 'simulator-test', level: 'warn' }),
    dispatchFromBeginning: true,
    simulation: { sceneTimeS: () => 300 },
  });
  consumer = kafka.consumer({ groupId: `${prefix}observer` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}emergency_unit_status`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEvent('emergency_unit_status', message.value);
      if (decoded.ok) statuses.push(decoded.value);
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await handle?.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: SIMULATOR_TOPICS.map((t) => `${prefix}${t}`) })
    .catch(() => {});
  await admin.disconnect();
});

describe('closed loop against Kafka', () => {
  it('a dispatch command makes the unit report en_route, then on_scene at the incident', async () => {
    const unit = handle.simulation!.fleet.units.find((u) => u.type === 'ambulance')!;
    await waitFor(() => statuses.some((s) => s.unitId === unit.id && s.status === 'available'), {
      timeoutMs: 30_000,
      description: 'the unit announcing itself available',
    });
    const incident = { lon: -122.4135, lat: 37.7775 };
    const command: EventOf<'dispatch_commands'> = {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: new Date().toISOString(),
      source: 'closed-loop-test',
      commandId: randomUUID(),
      unitId: unit.id,
      incidentId: 'inc-loop-1',
      latitude: incident.lat,
      longitude: incident.lon,
      priority: 'high',
      issuedBy: 'test-dispatcher',
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}dispatch_commands`,
      messages: [encodeEvent('dispatch_commands', command)],
    });
    await producer.disconnect();

    const mine = () =>
      statuses.filter((s) => s.unitId === unit.id && s.incidentId === 'inc-loop-1');
    const onScene = await waitFor(() => mine().find((s) => s.status === 'on_scene'), {
      timeoutMs: 50_000,
      description: 'on_scene from the dispatched unit',
    });
    expect(
      mine()
        .map((s) => s.status)
        .slice(0, 2),
    ).toEqual(['en_route', 'on_scene']);
    expect(mine()[0]!.commandId).toBe(command.commandId);
    expect(
      haversineM(onScene.longitude, onScene.latitude, incident.lon, incident.lat),
    ).toBeLessThan(60);
  });
});
