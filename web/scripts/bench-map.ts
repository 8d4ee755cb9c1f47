// npm run bench:web — the console map with N moving vehicles (one vehiclesMoved-like batch per
// second through the console's store and layers) against the empty map, in headless Chromium.
// Software GL (SwiftShader) makes every frame slow whatever the load, so fps says little here;
// this reports what can be judged: main-thread busy time (Chromium's TaskDuration), main-thread
// ms per update, long tasks, and input latency of real clicks, drag-pans and wheel-zooms sent
// while updates flow, each as a ratio to the empty map. Scenarios alternate (empty, loaded) per
// round; medians over rounds.
// Options: --vehicles 5000 --seconds 20 --rounds 2 --width 1280 --height 800
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import type { BenchPageResult } from '../src/bench/bench-result.js';
import { percentiles, ratio } from '../src/bench/percentiles.js';
import { launchChromium } from '../tests/browser.js';
import { startBenchPageServer } from './bench-page-server.js';

const { values } = parseArgs({
  options: {
    vehicles: { type: 'string', default: process.env.BENCH_VEHICLES ?? '5000' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '20' },
    rounds: { type: 'string', default: '2' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
  },
});
const width = Number(values.width);
const height = Number(values.height);
const seconds = Number(values.seconds);

/** Chromium's renderer metrics (seconds): main-thread task wall time and CPU time, process CPU. */
const METRICS = ['TaskDuration', 'ThreadTime', 'ProcessTime'] as const;
type Metric = (typeof METRICS)[number];

interface Scenario {
  readonly vehicles: number;
  /** Seconds of each metric per wall-clock second while measuring. */
  readonly perSecond: Record<Metric, number>;
  readonly page: BenchPageResult;
}

async function runScenario(browser: Browser, base: string, vehicles: number): Promise<Scenario> {
  const page = await browser.newPage({ viewport: { width, height } });
  try {
    await page.goto(`${base}/bench.html?vehicles=${vehicles}`);
    await page.waitForFunction("window.__bench && window.__bench.status !== 'loading'", null, {
      timeout: 120_000,
    });
    const status = await page.evaluate<{ status: string; error?: string }>('window.__bench');
    if (status.status !== 'ready') throw new Error(status.error ?? 'benchmark page failed');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: Metric) => metrics.find((m) => m.name === name)?.value ?? NaN;
      return Object.fromEntries(METRICS.map((m) => [m, value(m)])) as Record<Metric, number>;
    };
    const before = await read();
    const t0 = Date.now();
    await page.evaluate('window.__bench.start()');
    // Real input through the browser, one gesture at a time, until the time is up.
    const cx = width / 2;
    const cy = height / 2;
    let i = 0;
    while (Date.now() - t0 < seconds * 1000) {
      const dx = ((i % 5) - 2) * 40;
      switch (i++ % 3) {
        case 0:
          await page.mouse.click(cx + dx, cy - dx);
          break;
        case 1:
          await page.mouse.move(cx, cy);
          await page.mouse.down();
          await page.mouse.move(cx + 60, cy + 30, { steps: 6 });
          await page.mouse.up();
          break;
        default:
          await page.mouse.move(cx + dx, cy);
          await page.mouse.wheel(0, i % 2 ? 120 : -120);
      }
      await page.waitForTimeout(300);
    }
    const result = await page.evaluate<BenchPageResult>('window.__bench.finish()');
    const after = await read();
    const wall = (Date.now() - t0) / 1000;
    const perSecond = Object.fromEntries(
      METRICS.map((m) => [m, (after[m] - before[m]) / wall]),
    ) as Record<Metric, number>;
    return { vehicles, perSecond, page: result };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

/** Per scenario kind: input latency percentiles over all its rounds' samples. */
function inputStats(runs: readonly Scenario[]) {
  const samples = runs.flatMap((r) => r.page.input);
  const of = (kind?: string) => samples.filter((s) => !kind || s.kind === kind);
  return Object.fromEntries(
    [undefined, 'click', 'pan', 'zoom'].map((kind) => [
      kind ?? 'all',
      {
        delayMs: percentiles(of(kind).map((s) => s.delayMs)),
        toFrameMs: percentiles(of(kind).map((s) => s.frameMs)),
      },
    ]),
  );
}

const web = await startBenchPageServer();
const base = web.base;
const browser = await launchChromium();
const loadBefore = loadavg()[0];
const empty: Scenario[] = [];
const loaded: Scenario[] = [];
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [list, n] of [
      [empty, 0],
      [loaded, Number(values.vehicles)],
    ] as const) {
      const s = await runScenario(browser, base, n);
      list.push(s);
      console.error(
        `round ${round}, ${n} vehicles: main thread busy ${(s.perSecond.TaskDuration * 100).toFixed(0)} %, ` +
          `CPU ${(s.perSecond.ThreadTime * 100).toFixed(0)} %, ` +
          `${s.page.longTaskMs.length} long tasks, ${s.page.input.length} input samples`,
      );
    }
  }
} finally {
  await browser.close();
  await web.stop();
}

/** Per metric: ms per wall second, empty vs loaded, their ratio, and the extra ms per update. */
const metricSummary = Object.fromEntries(
  METRICS.map((m) => {
    const e = median(empty.map((s) => s.perSecond[m])) * 1000;
    const l = median(loaded.map((s) => s.perSecond[m])) * 1000;
    // One update per second: the extra ms per second is the cost of one update.
    return [
      m,
      {
        emptyMsPerS: Math.round(e),
        loadedMsPerS: Math.round(l),
        ratio: ratio(l, e),
        extraMsPerUpdate: Math.round(l - e),
      },
    ];
  }),
);
const inEmpty = inputStats(empty);
const inLoaded = inputStats(loaded);
const pooled = (runs: Scenario[], pick: (r: BenchPageResult) => readonly number[]) =>
  percentiles(runs.flatMap((r) => [...pick(r.page)]));
const longTasks = (runs: Scenario[]) => ({
  perMinute: median(runs.map((r) => (r.page.longTaskMs.length * 60) / seconds)),
  ms: pooled(runs, (r) => r.longTaskMs),
});
/** Ratio of two percentiles; null when either side has no samples. */
const sampleRatio = (
  a: { n: number; p50: number; p99: number },
  b: { n: number; p50: number; p99: number },
  key: 'p50' | 'p99',
) => (a.n === 0 || b.n === 0 ? null : ratio(a[key], b[key]));
const summary = {
  date: new Date().toISOString().slice(0, 10),
  viewport: `${width}x${height}`,
  seconds,
  rounds: Number(values.rounds),
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  vehicles: Number(values.vehicles),
  renderer: metricSummary,
  applyMs: pooled(loaded, (r) => r.applyMs),
  updateDataMs: pooled(loaded, (r) => r.updateDataMs),
  longTasks: { empty: longTasks(empty), loaded: longTasks(loaded) },
  input: { empty: inEmpty, loaded: inLoaded },
  inputRatios: Object.fromEntries(
    Object.keys(inEmpty).map((k) => [
      k,
      {
        delayP50: sampleRatio(inLoaded[k]!.delayMs, inEmpty[k]!.delayMs, 'p50'),
        delayP99: sampleRatio(inLoaded[k]!.delayMs, inEmpty[k]!.delayMs, 'p99'),
        toFrameP50: sampleRatio(inLoaded[k]!.toFrameMs, inEmpty[k]!.toFrameMs, 'p50'),
        toFrameP99: sampleRatio(inLoaded[k]!.toFrameMs, inEmpty[k]!.toFrameMs, 'p99'),
      },
    ]),
  ),
};
console.log(JSON.stringify(summary, null, 2));
