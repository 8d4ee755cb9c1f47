// npm run chaos -- [--rate 5000] [--faults processor,subgraph,gateway,redis,kafka,s3,malformed]
//   [--subscribers 200] [--s3-outage 30] [--malformed 1000] [--infra own|shared] [--markdown true]
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@city/infra';
import { ALL_FAULTS, type FaultName } from '../chaos/faults.js';
import { appendTableRow, fmt, machineLine } from '../report/markdown.js';
import { runChaos } from '../run-chaos.js';
import { startBenchStack, stopOnSignal } from '../stack/bench-stack.js';
import { parseFlags } from './args.js';

const flags = parseFlags(process.argv.slice(2), {
  rate: 5000,
  faults: ALL_FAULTS.join(','),
  subscribers: 200,
  warmup: 10,
  's3-outage': 30,
  malformed: 1000,
  'recovery-timeout': 180,
  'incidents-per-hour': 360,
  infra: 'own',
  markdown: 'true',
});
const faults = flags.faults.split(',').map((f) => f.trim()) as FaultName[];
for (const f of faults)
  if (!ALL_FAULTS.includes(f))
    throw new Error(`unknown fault ${f}; known: ${ALL_FAULTS.join(', ')}`);
const say = (line: string) => console.log(`[chaos] ${line}`);
const command = `npm run chaos -- ${process.argv.slice(2).join(' ')}`.trim();
const startedAt = new Date().toISOString();

const stack = await startBenchStack({
  infra: flags.infra === 'shared' ? 'shared' : 'own',
  parquetMaxAgeMs: 5_000,
  say,
});
stopOnSignal(stack, say);
const dir = path.join(REPO_ROOT, 'bench-results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `chaos-${startedAt.replace(/[:.]/g, '-')}.json`);
const save = (results: unknown) =>
  fs.writeFileSync(
    file,
    JSON.stringify({ command, machine: machineLine(), startedAt, results }, null, 2),
  );
let results;
try {
  results = await runChaos(
    stack,
    {
      rate: flags.rate,
      faults,
      subscribers: flags.subscribers,
      warmupS: flags.warmup,
      s3OutageS: flags['s3-outage'],
      malformedCount: flags.malformed,
      recoveryTimeoutS: flags['recovery-timeout'],
      incidentsPerHour: flags['incidents-per-hour'],
    },
    say,
    save,
  );
} finally {
  await stack.stop();
}

save(results);
say(`result: ${file}`);
if (flags.markdown === 'true') {
  for (const r of results) {
    const c = r.check;
    appendTableRow(
      path.join(REPO_ROOT, 'docs', 'benchmarks.md'),
      '## Chaos (`npm run chaos`)',
      'Rows are appended by `npm run chaos` (bench/); details and findings in [chaos.md](chaos.md).',
      [
        'Date',
        'Command',
        'Fault',
        'Load gps ev/s',
        'Repair s',
        'Recover s',
        'Kafka / acked / Parquet / dup / missing',
        'Vehicles SQL / expected',
        'DLQ (malformed)',
        'Hot state',
        'Verdict',
      ],
      [
        startedAt.slice(0, 10),
        `\`${command}\``,
        r.fault,
        fmt(r.loadPerSecond),
        String(r.repairS),
        String(r.recoverS ?? 'not recovered'),
        `${fmt(c.kafkaMessages)} / ${fmt(c.simulatorAcked)} / ${fmt(c.parquetRows)} / ${c.parquetDuplicateOffsets} / ${c.parquetMissingOffsets}`,
        `${fmt(c.durableVehicles)} / ${fmt(c.expectedVehicles)}`,
        `${c.dlq.messages} (${c.malformedInjected})`,
        `vehicles ${c.hot.hotMatches}/${c.hot.recentVehicles}, incidents ${c.hot.activeIncidentsHot}/${c.hot.activeIncidentsSql}`,
        c.ok ? 'ok' : `**${c.problems.join('; ')}**`,
      ],
    );
  }
  say('rows appended to docs/benchmarks.md');
}
process.exit(results.every((r) => r.check.ok && r.recoverS !== null) ? 0 : 1);
