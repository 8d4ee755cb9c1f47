// Child-process entry: the simulator (its own process, so its CPU and memory are measured apart)
// printing its acknowledged counts per topic as JSON lines for the benchmark to read.
import { createLogger } from '@city/log';
import { loadSimulatorConfig, startSimulator } from '@city/simulator';

const config = loadSimulatorConfig(process.argv.slice(2), { ...process.env, SIM_STATUS: 'false' });
const logger = createLogger({ service: 'simulator', level: config.logLevel });
const handle = await startSimulator(config, { logger });

function report(kind: 'sim-progress' | 'sim-final', extra: Record<string, unknown> = {}): void {
  const sink = handle.kafkaSink;
  process.stdout.write(
    `${JSON.stringify({
      bench: kind,
      at: Date.now(),
      emitted: handle.counter.total,
      acked: sink?.ackedTotal ?? 0,
      ackedByTopic: Object.fromEntries(sink?.acked ?? []),
      ...extra,
    })}\n`,
  );
}

const timer = setInterval(() => report('sim-progress'), 1000);
let finished = false;
async function finish(error?: unknown): Promise<void> {
  if (finished) return;
  finished = true;
  clearInterval(timer);
  let stopError: unknown;
  await handle.stop().catch((e: unknown) => (stopError = e));
  const failure = error ?? stopError;
  report('sim-final', failure ? { error: String((failure as Error).message ?? failure) } : {});
  process.exit(failure ? 1 : 0);
}
process.once('SIGTERM', () => void finish());
process.once('SIGINT', () => void finish());
handle.done.then(
  () => void finish(),
  (error: unknown) => void finish(error),
);
