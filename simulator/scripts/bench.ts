// Load benchmark: runs the simulator in load mode against the local Kafka on fresh random topics
// and reports acknowledged events/s (median of several runs) per compression codec.
// Usage: npm run bench:sim -- [--rate 60000] [--seconds 20] [--runs 3] [--compressions gzip,snappy,none] [--validate true]
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '@city/log';
import { startSimulator } from '../src/app.js';
import { loadSimulatorConfig } from '../src/config.js';
import { SIMULATOR_TOPICS } from '../src/topic-names.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '60000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    compressions: { type: 'string', default: 'gzip,snappy,none' },
    validate: { type: 'string', default: 'true' },
    'batch-size': { type: 'string', default: '4000' },
    'max-in-flight': { type: 'string', default: '4' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const logger = createLogger({ service: 'bench-sim', level: 'warn' });
const cpuPerEvent: number[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function oneRun(compression: string): Promise<number> {
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  const config = loadSimulatorConfig(
    [
      '--load',
      values.rate!,
      '--compression',
      compression,
      '--topic-prefix',
      prefix,
      '--seed',
      'bench',
      '--dispatch',
      'false',
      '--validate',
      values.validate!,
    ],
    { ...process.env, SIM_STATUS: 'false' },
    { warn: () => {} },
  );
  const handle = await startSimulator(config, { logger });
  const sink = handle.kafkaSink!;
  await new Promise((r) => setTimeout(r, warmup * 1000));
  const a0 = sink.ackedTotal;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const events = sink.ackedTotal - a0;
  const rate = events / ((performance.now() - t0) / 1000);
  const cpu = process.cpuUsage(cpu0);
  cpuPerEvent.push((cpu.user + cpu.system) / Math.max(1, events));
  await handle.stop();
  const kafka = new Kafka({ brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: SIMULATOR_TOPICS.map((t) => `${prefix}${t}`) })
    .catch(() => {});
  await admin.disconnect();
  return rate;
}

const results: Record<string, number[]> = {};
for (const compression of values.compressions!.split(',')) {
  results[compression] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const rate = await oneRun(compression);
    results[compression].push(Math.round(rate));
    console.log(
      `${compression} run ${i + 1}: ${Math.round(rate)} events/s acknowledged, ${cpuPerEvent.at(-1)!.toFixed(1)} µs simulator CPU per event`,
    );
  }
}
console.log('\n| compression | runs (events/s) | median events/s |\n| --- | --- | --- |');
for (const [c, rates] of Object.entries(results))
  console.log(`| ${c} | ${rates.join(', ')} | ${median(rates)} |`);
console.log(
  `\ntarget ${values.rate} events/s, ${seconds} s measured after ${warmup} s warm-up, validate=${values.validate}, batch ${values['batch-size']} messages, ${values['max-in-flight']} in flight`,
);
process.exit(0);
