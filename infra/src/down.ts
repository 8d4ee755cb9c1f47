import { stopKafka } from './kafka/kafka-broker.js';
import type { LocalInfra } from './local-infra.js';
import { stopS3Server } from './s3/s3-server-process.js';

type Say = (message: string) => void;

/** Stops what `upInfra` started for `infra` (by PID file); harmless when nothing runs. */
export async function downInfra(
  infra: LocalInfra,
  options: { timeoutMs: number; say?: Say },
): Promise<void> {
  const say = options.say ?? (() => {});
  // In parallel: Kafka's controlled shutdown takes seconds, the S3 server none.
  const [kafka, s3] = await Promise.all([
    infra.kafka ? stopKafka(infra.kafka, options.timeoutMs) : undefined,
    infra.s3 ? stopS3Server(infra.s3, options.timeoutMs) : undefined,
  ]);
  for (const [name, result] of [
    ['Kafka', kafka],
    ['S3', s3],
  ] as const) {
    if (!result) say(`${name}: not local, nothing to stop`);
    else if (result.pid === undefined) say(`${name}: not running`);
    else say(`${name}: stopped pid ${result.pid} (${result.outcome})`);
  }
}
