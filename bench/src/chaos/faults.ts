import { randomUUID } from 'node:crypto';
import type { BenchStack } from '../stack/bench-stack.js';

export type FaultName =
  'processor' | 'subgraph' | 'gateway' | 'redis' | 'kafka' | 's3' | 'malformed';

export const ALL_FAULTS: readonly FaultName[] = [
  'processor',
  'subgraph',
  'gateway',
  'redis',
  'kafka',
  's3',
  'malformed',
];

export interface FaultContext {
  readonly stack: BenchStack;
  readonly s3OutageS: number;
  readonly malformedCount: number;
  /** Markers of every malformed message injected (the DLQ must hold exactly these). */
  readonly malformedMarkers: Set<string>;
  readonly say: (line: string) => void;
}

export interface Fault {
  readonly name: FaultName;
  readonly description: string;
  /** Injects the fault and repairs it (restart, S3 back); resolves once repaired. */
  run(ctx: FaultContext): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Malformed gps_data messages: half not JSON, half JSON that violates the contract. */
export function malformedMessages(count: number, markers: Set<string>) {
  return Array.from({ length: count }, (_, i) => {
    const marker = `chaos-malformed-${randomUUID()}`;
    markers.add(marker);
    const value =
      i % 2 === 0
        ? `{"not json ${marker}`
        : JSON.stringify({
            schemaVersion: 1,
            eventId: marker,
            vehicleId: `bad-${i}`,
            latitude: 'north',
          });
    return { key: `bad-${i % 16}`, value };
  });
}

export const FAULTS: Record<FaultName, Fault> = {
  processor: {
    name: 'processor',
    description: 'kill -9 the processor, start it again',
    async run({ stack }) {
      await stack.services.processor.restart();
    },
  },
  subgraph: {
    name: 'subgraph',
    description:
      'kill -9 the vehicles subgraph (serves the viewport subscriptions), start it again',
    async run({ stack }) {
      await stack.services.vehicles.restart();
    },
  },
  gateway: {
    name: 'gateway',
    description: 'kill -9 the gateway, start it again',
    async run({ stack }) {
      await stack.services.gateway.restart();
    },
  },
  redis: {
    name: 'redis',
    description:
      'kill -9 redis-server (no persistence: all hot state and checkpoints are lost), start it empty',
    async run({ stack }) {
      await stack.redis.kill9();
      await stack.redis.start();
    },
  },
  kafka: {
    name: 'kafka',
    description: 'kill -9 the Kafka broker, start it again on the same data directory',
    async run({ stack }) {
      await stack.restartKafka();
    },
  },
  s3: {
    name: 's3',
    description: 'stop the S3 server for the outage, start it again',
    async run({ stack, s3OutageS }) {
      await stack.stopS3();
      await sleep(s3OutageS * 1000);
      await stack.startS3();
    },
  },
  malformed: {
    name: 'malformed',
    description: 'flood gps_data with malformed messages (invalid JSON and schema violations)',
    async run({ stack, malformedCount, malformedMarkers }) {
      const producer = stack.kafka.producer();
      await producer.connect();
      try {
        const messages = malformedMessages(malformedCount, malformedMarkers);
        for (let i = 0; i < messages.length; i += 500)
          await producer.send({
            topic: stack.physical('gps_data'),
            messages: messages.slice(i, i + 500),
            acks: -1,
          });
      } finally {
        await producer.disconnect();
      }
    },
  },
};
