import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  launchChromium,
  nonBackgroundShare,
  renderedCount,
  signIn,
  watchExternalRequests,
} from './browser.js';
import { buildConsole, startConsoleStack, type ConsoleStack } from './console-stack.js';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  buildConsole();
  stack = await startConsoleStack();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('operator console against the running platform', () => {
  it('renders the streets, attribution and live vehicles with maplibre-gl, nothing leaving the machine', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const external = watchExternalRequests(page);
    await signIn(page, stack.webUrl, /Olivia/);
    expect(await page.evaluate<string>('window.__cityMap.engine')).toBe('maplibre');
    expect(await renderedCount(page, ['streets'])).toBeGreaterThan(1000);
    expect(await nonBackgroundShare(page)).toBeGreaterThan(0.05);
    const link = page.getByRole('link', { name: '© OpenStreetMap contributors' });
    await expect(link.getAttribute('href')).resolves.toBe(
      'https://www.openstreetmap.org/copyright',
    );

    // The simulator's vehicles travel through Kafka, the processor and the gateway to the map.
    await page.waitForFunction(
      `window.__cityMap.map.queryRenderedFeatures({ layers: ['vehicles'] }).length > 10`,
      null,
      { timeout: 90_000 },
    );
    const firstPositions = await page.evaluate<string>(
      `JSON.stringify(window.__cityMap.map.querySourceFeatures('vehicles').map((f) => [f.id, f.geometry.coordinates]))`,
    );
    await page.waitForFunction(
      `(() => {
        const before = new Map(JSON.parse(${JSON.stringify(firstPositions)}));
        return window.__cityMap.map.querySourceFeatures('vehicles').some((f) => {
          const old = before.get(f.id);
          return old && (old[0] !== f.geometry.coordinates[0] || old[1] !== f.geometry.coordinates[1]);
        });
      })()`,
      null,
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('count-vehicles').textContent()).resolves.not.toBe('0');
    await expect(page.getByTestId('connection').getAttribute('data-state')).resolves.toMatch(
      /polling|live/,
    );
    await page.screenshot({ path: `${ARTIFACTS}console-desktop.png` });
    expect(external).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows a viewer no incident actions, and lays out on a phone', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, stack.webUrl, /Victor/);
    await expect(page.getByTestId('user').isVisible()).resolves.toBe(false);
    await expect(
      page.getByRole('button', { name: /Acknowledge|Resolve|Dispatch/ }).count(),
    ).resolves.toBe(0);
    const mapBox = await page.getByTestId('city-map').boundingBox();
    const kpis = await page.getByRole('heading', { name: 'City now' }).boundingBox();
    expect(mapBox!.width).toBeLessThanOrEqual(390);
    expect(mapBox!.height).toBeGreaterThan(300);
    // Panels stack below the map on a phone.
    expect(kpis!.y).toBeGreaterThan(mapBox!.y + mapBox!.height - 1);
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}console-phone.png`, fullPage: true });
    await context.close();
  }, 120_000);

  it('renders with mapbox-gl when a token is configured, its hosts answered locally', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const mapboxHosts: string[] = [];
    const external: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname.endsWith('mapbox.com')) {
        mapboxHosts.push(url.hostname);
        // Token checks and telemetry get empty success answers; nothing goes out.
        return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
      }
      if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
        external.push(url.href);
        return route.abort();
      }
      return route.continue();
    });
    // Runtime config with a (fake) token, as MAPBOX_TOKEN would serve it.
    await context.route('**/config.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.__CITY_CONFIG__ = ${JSON.stringify({
          gatewayUrl: '/graphql',
          mapboxToken: 'pk.eyJ1IjoidGVzdCIsImEiOiJ0ZXN0In0.test',
          devUsers: [{ id: 'olivia.operator', name: 'Olivia (operator)', roles: ['operator'] }],
        })};`,
      }),
    );
    const page = await context.newPage();
    await signIn(page, stack.webUrl, /Olivia/);
    expect(await page.evaluate<string>('window.__cityMap.engine')).toBe('mapbox');
    await page.waitForFunction(
      `window.__cityMap.map.queryRenderedFeatures({ layers: ['streets'] }).length > 1000`,
      null,
      { timeout: 30_000 },
    );
    expect(await nonBackgroundShare(page)).toBeGreaterThan(0.05);
    await page.screenshot({ path: `${ARTIFACTS}console-mapbox.png` });
    expect(external).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('console build', () => {
  it('serves the runtime configuration without a Mapbox token by default', async () => {
    const res = await fetch(`${stack.webUrl}/config.js`);
    const text = await res.text();
    expect(text).toContain('"mapboxToken":null');
    expect(readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8')).toContain(
      '/config.js',
    );
  });
});
