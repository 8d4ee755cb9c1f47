// npm run bench -- [--rate 5000] [--vehicles N --interval S] [--subscribers 1000] [--duration 60]
//   [--warmup 10] [--query-clients 8] [--query-rate 100] [--incidents-per-hour 720] [--frame-ms 1000]
//   [--infra own|shared] [--markdown true] [--peer hive [--query-only 20]] [--parquet-age-ms 10000]
// --peer hive: Hive Gateway beside ours on the same subgraphs, the same load to each (run-peer.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describeBreakdown, describeGatewayBreakdown, REPO_ROOT } from '@city/infra';
import { runBench, type BenchResult } from '../run-bench.js';
import { appendTableRow, appendToSection, fmt, machineLine } from '../report/markdown.js';
import { peerTable } from '../report/peer-table.js';
import { runPeer, type PeerResult } from '../run-peer.js';
import { startBenchStack, stopOnSignal } from '../stack/bench-stack.js';
import { parseFlags } from './args.js';

const flags = parseFlags(process.argv.slice(2), {
  rate: 5000,
  vehicles: 0,
  interval: 30,
  subscribers: 1000,
  'incidents-per-hour': 720,
  'frame-ms': 1000,
  duration: 60,
  warmup: 10,
  'query-clients': 8,
  'query-rate': 100,
  infra: 'own',
  markdown: 'true',
  peer: '',
  'query-only': 20,
  // The processor's Parquet flush age: shorter than production's 60 s so runs write files.
  'parquet-age-ms': 10_000,
});
if (flags.peer !== '' && flags.peer !== 'hive') throw new Error(`--peer: only "hive" is supported`);
const say = (line: string) => console.log(`[bench] ${line}`);
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();

const stack = await startBenchStack({
  infra: flags.infra === 'shared' ? 'shared' : 'own',
  parquetMaxAgeMs: flags['parquet-age-ms'],
  say,
  ...(flags.peer === 'hive' ? { peer: 'hive' as const } : {}),
});
stopOnSignal(stack, say);
const load =
  flags.vehicles > 0
    ? { vehicles: flags.vehicles, intervalS: flags.interval }
    : { rate: flags.rate };
const dir = path.join(REPO_ROOT, 'bench-results');
fs.mkdirSync(dir, { recursive: true });
const resultFile = (kind: string, startedAt: string) =>
  path.join(dir, `${kind}-${startedAt.replace(/[:.]/g, '-')}.json`);

if (flags.peer === 'hive') {
  let peer: PeerResult;
  try {
    peer = await runPeer(
      stack,
      {
        ...load,
        incidentsPerHour: flags['incidents-per-hour'],
        subscribers: flags.subscribers,
        queryClients: flags['query-clients'],
        queryRate: flags['query-rate'],
        durationS: flags.duration,
        queryOnlyS: flags['query-only'],
        warmupS: flags.warmup,
      },
      say,
    );
  } finally {
    await stack.stop();
  }
  const file = resultFile('peer', peer.startedAt);
  fs.writeFileSync(file, JSON.stringify({ command, machine: machineLine(), ...peer }, null, 2));
  const table = peerTable(peer);
  console.log(`\n${command}\n${machineLine()}\n\n${table}\n`);
  say(`result: ${file}`);
  if (flags.markdown === 'true') {
    appendToSection(
      path.join(REPO_ROOT, 'docs', 'benchmarks.md'),
      '## End-to-end (`npm run bench`)',
      `### Peer run ${peer.startedAt.slice(0, 16).replace('T', ' ')} UTC: \`${command}\`\n\n${machineLine()}\n\n${table}\n`,
    );
    say('table appended to docs/benchmarks.md');
  }
  process.exit(0);
}

let result: BenchResult;
try {
  result = await runBench(
    stack,
    {
      ...load,
      incidentsPerHour: flags['incidents-per-hour'],
      subscribers: flags.subscribers,
      frameMs: flags['frame-ms'],
      queryClients: flags['query-clients'],
      queryRate: flags['query-rate'],
      durationS: flags.duration,
      warmupS: flags.warmup,
    },
    say,
  );
} finally {
  await stack.stop();
}

const file = resultFile('bench', result.startedAt);
fs.writeFileSync(file, JSON.stringify({ command, machine: machineLine(), ...result }, null, 2));
console.log(
  JSON.stringify(
    {
      ...result,
      ingest: { ...result.ingest, timeline: `${result.ingest.timeline.length} points` },
    },
    null,
    2,
  ),
);
say(`result: ${file}`);
{
  const i = result.ingest;
  say(
    `ingest: ${i.producedPerSecond} events/s produced, gps ${i.gpsProcessedPerSecond} applied of ${i.gpsProducedPerSecond}; ` +
      `committed lag max ${i.lagMax}, end ${i.lagEnd}, trend ${i.lagTrendPerSecond}/s over the window`,
  );
}
if (result.processor) say(describeBreakdown(result.processor));
if (result.gateway) say(describeGatewayBreakdown(result.gateway));

if (flags.markdown === 'true') {
  const s = result.subscriptions.produceToReceiveMs;
  const q = result.queries.latencyMs;
  const cpu = Object.entries(result.processes)
    .sort((a, b) => b[1].cpuPercent - a[1].cpuPercent)
    .slice(0, 4)
    .map(([n, u]) => `${n} ${u.cpuPercent}% / ${u.rssMaxMb} MB`)
    .join(', ');
  appendTableRow(
    path.join(REPO_ROOT, 'docs', 'benchmarks.md'),
    '## End-to-end (`npm run bench`)',
    'Rows are appended by `npm run bench` (bench/); the JSON with the lag timeline and every process is in bench-results/. See the notes below the table.',
    [
      'Date',
      'Command',
      'Machine',
      'Ingest ev/s (gps processed)',
      'Lag max / end',
      'Subscribers',
      'Produce→receive p50/p95/p99 ms',
      'Query rate, p50/p99 ms',
      'Redis / 100k vehicles',
      'Top CPU % / RSS',
    ],
    [
      result.startedAt.slice(0, 10),
      `\`${command}\``,
      machineLine(),
      `${fmt(result.ingest.producedPerSecond)} (${fmt(result.ingest.gpsProcessedPerSecond)} of ${fmt(result.ingest.gpsProducedPerSecond)} gps)`,
      `${fmt(result.ingest.lagMax)} / ${fmt(result.ingest.lagEnd)} (trend ${fmt(result.ingest.lagTrendPerSecond)}/s)`,
      `${result.subscriptions.subscribers}`,
      `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}`,
      `${fmt(result.queries.achievedRate)}/s, ${fmt(q.p50)} / ${fmt(q.p99)}`,
      `${(result.redis.bytesPer100kVehicles / 2 ** 20).toFixed(0)} MB`,
      cpu,
    ],
  );
  say('row appended to docs/benchmarks.md');
}
