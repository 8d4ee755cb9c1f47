import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '@city/contracts';
import type { Producer } from 'kafkajs';
import type { Processor } from '../src/runtime/create-processor.js';
import { createTestEnv, EMERGENCY_TOPICS, startTestProcessor, type TestEnv } from './harness.js';

/** A contract-valid medical incident report at `at` (ms since epoch). */
export const incidentReport = (
  incidentId: string,
  at: number,
  extra: Partial<IncidentEvent> = {},
): IncidentEvent => ({
  schemaVersion: 1,
  eventId: randomUUID(),
  timestamp: new Date(at).toISOString(),
  source: 'test',
  incidentId,
  type: 'medical',
  status: 'reported',
  latitude: 37.78,
  longitude: -122.41,
  description: 'Person collapsed',
  details: { patientConscious: false },
  reportedBy: '911-caller',
  ...extra,
});

export interface EmergenciesRun {
  readonly env: TestEnv;
  readonly processor: Processor;
  readonly producer: Producer;
  stop(): Promise<void>;
}

/**
 * The emergencies domain alone on a fresh test environment (its own topics, schema and prefix)
 * with a connected producer; `prepare` runs on the environment before the processor starts.
 */
export async function startEmergenciesRun(
  partitions: number,
  prepare?: (env: TestEnv) => Promise<unknown>,
): Promise<EmergenciesRun> {
  const env = await createTestEnv(partitions, EMERGENCY_TOPICS);
  const producer = env.kafka.producer();
  let processor: Processor | undefined;
  const stop = async () => {
    await processor?.stop();
    await producer.disconnect();
    await env.cleanup();
  };
  try {
    await prepare?.(env);
    await producer.connect();
    processor = startTestProcessor(env, { config: { domains: ['emergencies'] } });
    await processor.start();
    return { env, processor, producer, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
