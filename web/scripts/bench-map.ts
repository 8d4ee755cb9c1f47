// npm run bench:web — map frame time in headless Chromium with N moving vehicles updated every
// second through the console's own layers (GeoJSONSource.updateData diffs).
// Options: --vehicles 5000 --seconds 30 --rounds 3 (env BENCH_VEHICLES / BENCH_SECONDS too).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createWebServer } from '../server/create-web-server.js';
import { launchChromium } from '../tests/browser.js';

const { values } = parseArgs({
  options: {
    vehicles: { type: 'string', default: process.env.BENCH_VEHICLES ?? '5000' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '30' },
    rounds: { type: 'string', default: '1' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
  },
});
const dist = fileURLToPath(new URL('../dist', import.meta.url));
if (!existsSync(`${dist}/bench.html`)) {
  const built = spawnSync('npm', ['run', 'build', '-w', '@city/web'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const web = createWebServer({
  distDir: dist,
  gatewayUrl: 'http://127.0.0.1:9/graphql',
  publicGatewayUrl: '',
  mapboxToken: '',
  devSignIn: false,
  jwtSecret: '',
  port: 0,
  host: '127.0.0.1',
});
const base = await web.start();
const browser = await launchChromium();
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    const page = await browser.newPage({
      viewport: { width: Number(values.width), height: Number(values.height) },
    });
    await page.goto(`${base}/bench.html?vehicles=${values.vehicles}&seconds=${values.seconds}`);
    await page.waitForFunction("window.__bench && window.__bench.status !== 'running'", null, {
      timeout: (Number(values.seconds) + 120) * 1000,
    });
    const bench = await page.evaluate<{ status: string; result?: unknown; error?: string }>(
      'window.__bench',
    );
    if (bench.status !== 'done') throw new Error(bench.error ?? 'benchmark failed');
    console.log(
      JSON.stringify({
        round,
        viewport: `${values.width}x${values.height}`,
        ...(bench.result as object),
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await web.stop();
}
