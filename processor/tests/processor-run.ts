import { randomUUID } from 'node:crypto';
import type { IncidentEvent, TopicName } from '@city/contracts';
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

export interface ProcessorRun {
  readonly env: TestEnv;
  readonly processor: Processor;
  readonly producer: Producer;
  stop(): Promise<void>;
}

export interface ProcessorRunOptions {
  readonly partitions: number;
  /** Topics beyond the vehicle domain's, as createTestEnv takes them. */
  readonly topics?: readonly TopicName[];
  /** Runs on the environment before the processor starts (a constraint, a fault). */
  readonly prepare?: (env: TestEnv) => Promise<unknown>;
  readonly processor?: Parameters<typeof startTestProcessor>[1];
}

/**
 * A started processor on a fresh test environment (its own topics, schema and prefix) with a
 * connected producer; `stop` tears all of it down.
 */
export async function startProcessorRun(options: ProcessorRunOptions): Promise<ProcessorRun> {
  const env = await createTestEnv(options.partitions, options.topics);
  const producer = env.kafka.producer();
  let processor: Processor | undefined;
  const stop = async () => {
    await processor?.stop();
    await producer.disconnect();
    await env.cleanup();
  };
  try {
    await options.prepare?.(env);
    await producer.connect();
    processor = startTestProcessor(env, options.processor);
    await processor.start();
    return { env, processor, producer, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The emergencies domain alone (its topics, its consumer group). */
export const startEmergenciesRun = (
  partitions: number,
  prepare?: ProcessorRunOptions['prepare'],
  processor: Omit<NonNullable<ProcessorRunOptions['processor']>, 'config'> = {},
) =>
  startProcessorRun({
    partitions,
    topics: EMERGENCY_TOPICS,
    prepare,
    processor: { ...processor, config: { domains: ['emergencies'] } },
  });
