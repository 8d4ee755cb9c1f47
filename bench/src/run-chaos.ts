import { Redis } from 'ioredis';
import { createS3Client, waitFor } from '@city/infra';
import { viewerToken } from './auth-token.js';
import { FAULTS, type FaultName } from './chaos/faults.js';
import { allReceiving, receivingAgain, type ReceivingAgain } from './chaos/receiving-again.js';
import { SimulatorDriver } from './load/simulator-driver.js';
import { SubscriberPool } from './load/subscribers.js';
import { groupCommitted, topicEnd } from './measure/kafka-offsets.js';
import { Monitor } from './measure/monitor.js';
import type { BenchStack } from './stack/bench-stack.js';
import { ParquetLedger } from './verify/parquet-ledger.js';
import { verifyDurability, type DurabilityCheck } from './verify/durability.js';

export interface ChaosOptions {
  readonly rate: number;
  readonly faults: readonly FaultName[];
  readonly subscribers: number;
  readonly warmupS: number;
  readonly s3OutageS: number;
  readonly malformedCount: number;
  readonly recoveryTimeoutS: number;
  readonly incidentsPerHour: number;
}

export interface FaultResult {
  readonly fault: FaultName;
  readonly description: string;
  /** gps_data events/s produced while the fault ran (injection to recovery). */
  readonly loadPerSecond: number;
  readonly repairS: number;
  /** Injection until the events produced before the repair are committed and every subscriber received again. */
  readonly recoverS: number | null;
  readonly pipelineCaughtUpS: number | null;
  readonly subscribersReceivingS: number | null;
  /**
   * Of the viewport subscribers that received just before the fault, those that did again, and
   * the silent ones excused because their tile has no vehicle left.
   */
  readonly subscribersReceivingAgain: ReceivingAgain;
  readonly subscriberReconnects: number;
  readonly simulatorRestarts: number;
  readonly check: DurabilityCheck;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One fault after another under load, each followed by an exact accounting of what got through. */
export async function runChaos(
  stack: BenchStack,
  options: ChaosOptions,
  print: (line: string) => void,
  onResult: (results: readonly FaultResult[]) => void = () => undefined,
): Promise<FaultResult[]> {
  const admin = stack.kafka.admin();
  await admin.connect();
  const sim = new SimulatorDriver(stack, SimulatorDriver.logDir(stack.workDir), {
    rate: options.rate,
    incidentsPerHour: options.incidentsPerHour,
  });
  const pool = new SubscriberPool(
    `ws://127.0.0.1:${stack.ports.gateway}/graphql`,
    await viewerToken(),
  );
  const monitor = new Monitor(stack, admin, sim, print);
  const s3 = createS3Client(stack.s3);
  const ledger = new ParquetLedger(s3, stack.s3.bucket, `${stack.s3.prefix}topic=gps_data/`);
  const markers = new Set<string>();
  const gps = stack.physical('gps_data');
  const group = `${stack.groupPrefix}vehicles`;
  const results: FaultResult[] = [];
  // What an earlier run on this stack (the smoke test's benchmark) already produced.
  const producedBefore = await topicEnd(admin, gps);
  // Reads the hot geo index for silent subscribers' tiles (Redis restarts are among the faults).
  const hot = new Redis(stack.redis.url, { maxRetriesPerRequest: 1 });
  const geoKey = `${stack.redisKeyPrefix}vehicles:geo`;
  try {
    await pool.open(options.subscribers);
    monitor.start();
    for (const name of options.faults) {
      const fault = FAULTS[name];
      sim.start();
      await sleep(options.warmupS * 1000);
      print(`fault ${name}: ${fault.description}`);
      const reconnects0 = pool.reconnects;
      const produced0 = await topicEnd(admin, gps).catch(() => NaN);
      const injectedAt = Date.now();
      // Subscribers whose viewport had traffic just before the fault must receive again after it.
      const receivingBefore = pool.receivingAfter(injectedAt - 5_000);
      let simRestarts = 0;
      const keepSimulatorUp = setInterval(() => {
        if (!sim.running) {
          simRestarts++;
          print(
            `simulator exited during the fault (${sim.failures.at(-1) ?? 'no error'}); starting a new one`,
          );
          sim.start();
        }
      }, 1000);
      try {
        await fault.run({
          stack,
          s3OutageS: options.s3OutageS,
          malformedCount: options.malformedCount,
          malformedMarkers: markers,
          say: print,
        });
        const repairedAt = Date.now();
        const receiving = () => receivingAgain(pool, receivingBefore, repairedAt, hot, geoKey);
        const target = await waitFor(() => topicEnd(admin, gps), { timeoutMs: 60_000 });
        let caughtUpAt: number | null = null;
        let receivingAt: number | null = null;
        await waitFor(
          async () => {
            if (caughtUpAt === null && (await groupCommitted(admin, group, gps)) >= target)
              caughtUpAt = Date.now();
            if (receivingAt === null && allReceiving(await receiving())) receivingAt = Date.now();
            return caughtUpAt !== null && receivingAt !== null;
          },
          { timeoutMs: options.recoveryTimeoutS * 1000, intervalMs: 250 },
        ).catch(async () => {
          const r = await receiving();
          print(
            `fault ${name}: not recovered within ${options.recoveryTimeoutS} s (pipeline ${caughtUpAt === null ? 'behind' : 'caught up'}; viewport subscribers receiving again: ${r.receiving} of ${r.of}, ${r.excusedEmptyTile} more on tiles without vehicles)`,
          );
          for (const t of r.silent)
            print(
              `  silent tile ${JSON.stringify(t.box)}: ${t.subscribers} subscribers, ${t.vehicles} vehicles in the hot geo index now`,
            );
        });
        const receivingAgainResult = await receiving();
        const produced1 = await topicEnd(admin, gps);
        const recoveredAt =
          caughtUpAt !== null && receivingAt !== null ? Math.max(caughtUpAt, receivingAt) : null;
        const seconds = ((recoveredAt ?? Date.now()) - injectedAt) / 1000;
        await sleep(2000);
        clearInterval(keepSimulatorUp);
        await sim.stop();
        // Drained: every gps_data offset committed (so written to every sink, Parquet included).
        await waitFor(
          async () => (await groupCommitted(admin, group, gps)) >= (await topicEnd(admin, gps)),
          {
            timeoutMs: 180_000,
            intervalMs: 500,
            description: 'processor drained gps_data',
          },
        ).catch(() => print(`fault ${name}: processor did not drain within 180 s`));
        const redis = new Redis(stack.redis.url);
        let check: DurabilityCheck;
        try {
          check = await verifyDurability({
            kafka: stack.kafka,
            physical: stack.physical,
            databaseUrl: stack.databaseUrl,
            redis,
            redisKeyPrefix: stack.redisKeyPrefix,
            ledger,
            simulatorAcked: producedBefore + sim.acked('gps_data'),
            malformedMarkers: markers,
          });
        } finally {
          redis.disconnect();
        }
        const s = (at: number | null) =>
          at === null ? null : Math.round((at - injectedAt) / 100) / 10;
        const result: FaultResult = {
          fault: name,
          description: fault.description,
          loadPerSecond: Math.round((produced1 - produced0) / seconds),
          repairS: Math.round((repairedAt - injectedAt) / 100) / 10,
          recoverS: s(recoveredAt),
          pipelineCaughtUpS: s(caughtUpAt),
          subscribersReceivingS: s(receivingAt),
          subscribersReceivingAgain: receivingAgainResult,
          subscriberReconnects: pool.reconnects - reconnects0,
          simulatorRestarts: simRestarts,
          check,
        };
        results.push(result);
        onResult(results);
        print(
          `fault ${name}: recovered in ${result.recoverS ?? 'n/a'} s; ${check.ok ? 'no loss, no duplicates' : `PROBLEMS: ${check.problems.join('; ')}`}`,
        );
      } finally {
        clearInterval(keepSimulatorUp);
      }
    }
    return results;
  } finally {
    monitor.stop();
    await pool.close();
    await sim.stop();
    hot.disconnect();
    await admin.disconnect().catch(() => undefined);
    s3.destroy();
  }
}
