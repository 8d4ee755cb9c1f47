// npm run bench:web:layers — what one frame of the console map costs, and which layers it goes
// to: the built bench.html (the real style and live layers, `--vehicles N` moving vehicles) in
// headless Debian Chromium, the map repainted every animation frame for `--seconds` per
// configuration; frame time = median interval between frames. Configurations: everything, each
// base/live layer group hidden in turn, nothing but the background, then zoom levels.
// Options: --vehicles 0 --seconds 6 --width 1024 --height 700
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/browser.js';
import { startBenchPageServer } from './bench-page-server.js';

const { values } = parseArgs({
  options: {
    vehicles: { type: 'string', default: '0' },
    seconds: { type: 'string', default: '6' },
    width: { type: 'string', default: '1024' },
    height: { type: 'string', default: '700' },
  },
});

const web = await startBenchPageServer();
const base = web.base;
const browser = await launchChromium();
try {
  const page = await browser.newPage({
    viewport: { width: Number(values.width), height: Number(values.height) },
  });
  await page.goto(`${base}/bench.html?vehicles=${values.vehicles}`);
  await page.waitForFunction("window.__bench && window.__bench.status !== 'loading'", null, {
    timeout: 120_000,
  });
  await page.evaluate('window.__bench.start()');
  /** Median frame interval with `hidden` layers off, after `setup` ran in the page. */
  const frameMs = (hidden: readonly string[], setup = '') =>
    page.evaluate<{ frames: number; p50: number }>(`(async () => {
      const map = window.__cityMap.map;
      ${setup}
      for (const { id } of map.getStyle().layers)
        map.setLayoutProperty(id, 'visibility', ${JSON.stringify(hidden)}.includes(id) ? 'none' : 'visible');
      await new Promise((r) => setTimeout(r, 1500));
      const times = [];
      const start = performance.now();
      await new Promise((resolve) => {
        const frame = (t) => {
          times.push(t);
          map.triggerRepaint();
          if (performance.now() - start < ${Number(values.seconds) * 1000}) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
      return { frames: gaps.length, p50: Math.round(gaps[gaps.length >> 1]) };
    })()`);
  const layers = await page.evaluate<string[]>(
    'window.__cityMap.map.getStyle().layers.map((l) => l.id)',
  );
  const groups: [string, string[]][] = [
    ['everything', []],
    ['without the street casings', layers.filter((l) => l.startsWith('streets-casing'))],
    ['without the streets', ['streets']],
    ['without congestion', ['congestion']],
    ['without neighbourhoods', ['neighbourhood-fill', 'neighbourhood-line']],
    ['without vehicles', ['vehicles', 'emergency-halo']],
    ['background only', layers.filter((l) => l !== 'background')],
  ];
  console.log(`load average ${loadavg()[0]!.toFixed(1)}; ${values.width}×${values.height}`);
  console.log(`| Configuration | Frames | Frame p50 |\n| --- | --- | --- |`);
  for (const [name, hidden] of groups) {
    const r = await frameMs(hidden);
    console.log(`| ${name} | ${r.frames} | ${r.p50} ms |`);
  }
  for (const zoom of [12, 13.2, 14, 15, 16])
    console.log(
      `| zoom ${zoom} | ${await frameMs([], `map.jumpTo({ zoom: ${zoom} });`).then((r) => `${r.frames} | ${r.p50} ms`)} |`,
    );
} finally {
  await browser.close();
  await web.stop();
}
