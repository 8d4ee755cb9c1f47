import type { LatencySummary } from '../measure/percentiles.js';
import type { GatewaySide, PeerResult } from '../run-peer.js';

/** hive / ours, 2 significant decimals; n/a when either is missing or ours is 0. */
export function ratio(hive: number, ours: number): string {
  if (!Number.isFinite(hive) || !Number.isFinite(ours) || ours === 0) return 'n/a';
  return `×${(hive / ours).toFixed(2)}`;
}

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

type Row = [label: string, pick: (g: GatewaySide) => number, digits?: number];

const pct = (pick: (g: GatewaySide) => LatencySummary, label: string, what: string): Row[] => [
  [`${what} p50 ms (${label})`, (g) => pick(g).p50],
  [`${what} p99 ms (${label})`, (g) => pick(g).p99],
];

const ROWS: Row[] = [
  ['query rate /s (queries only)', (g) => g.queryOnly.rate],
  ...pct((g) => g.queryOnly.latencyMs, 'queries only', 'query'),
  ['gateway CPU ms / query (queries only)', (g) => g.queryOnly.cpuMsPerRequest, 2],
  ['query failures (queries only)', (g) => g.queryOnly.failed],
  ['query rate /s (with subscribers)', (g) => g.withSubscribers.queryRate],
  ...pct((g) => g.withSubscribers.queryLatencyMs, 'with subscribers', 'query'),
  ['query failures (with subscribers)', (g) => g.withSubscribers.queryFailed],
  ['subscribers', (g) => g.withSubscribers.subscribers],
  ...pct((g) => g.withSubscribers.firstFrameMs, 'vehiclesMoved', 'subscribe → first frame'),
  ['frames / s delivered', (g) => g.withSubscribers.framesPerSecond],
  [
    'incident + alert frames (whole run)',
    (g) => g.withSubscribers.framesByKind.incident + g.withSubscribers.framesByKind.alert,
  ],
  ...pct((g) => g.withSubscribers.emitToReceiveMs, 'vehiclesMoved', 'subgraph emit → client'),
  ...pct((g) => g.withSubscribers.produceToReceiveMs, 'vehiclesMoved', 'produce → client'),
  ...pct((g) => g.withSubscribers.eventProduceToReceiveMs, 'incident/alert', 'produce → client'),
  ['subscription errors', (g) => g.withSubscribers.errors],
  ['gateway CPU % of a core (with subscribers)', (g) => g.withSubscribers.cpuPercent, 1],
  ['gateway RSS max MB', (g) => g.withSubscribers.rssMaxMb],
];

/** The side-by-side table: one row per measure, our gateway, Hive Gateway, hive / ours. */
export function peerTable(result: PeerResult): string {
  const { ours, hive } = result.gateways;
  const lines = [
    '| measure | our gateway | Hive Gateway | Hive / ours |',
    '| --- | --: | --: | --: |',
  ];
  for (const [label, pick, digits] of ROWS) {
    const o = pick(ours);
    const h = pick(hive);
    lines.push(`| ${label} | ${num(o, digits)} | ${num(h, digits)} | ${ratio(h, o)} |`);
  }
  const reasons = (g: GatewaySide) =>
    Object.entries(g.withSubscribers.queryFailureReasons)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ') || 'none';
  lines.push('', `Query failures by reason: ours ${reasons(ours)}; Hive ${reasons(hive)}.`);
  return lines.join('\n');
}
