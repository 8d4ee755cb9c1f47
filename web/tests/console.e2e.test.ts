import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SEVERITY_COLOURS } from '../src/map/palette.js';
import {
  ARTIFACTS,
  launchChromium,
  nonBackgroundShare,
  renderedCount,
  signIn,
  traceSockets,
  watchExternalRequests,
  watchGraphql,
} from './browser.js';
import {
  buildConsole,
  incidentReport,
  startConsoleStack,
  type ConsoleStack,
} from './console-stack.js';
import { waitForIncident, waitForIncidentExplained } from './incident-wait.js';

/** The map's list queries: each runs once as the snapshot, then subscriptions take over. */
const LIST_QUERIES = [
  'ConsoleVehicles',
  'ConsoleLiveSegments',
  'ConsoleActiveIncidents',
  'ConsoleAirQuality',
  'ConsoleCitySummary',
  'ConsoleEmergencyUnits',
];
/**
 * Issue 7's "within 2 s": produce → shown in both consoles, written to
 * artifacts/web/incident-latency.json and asserted (measured 74–1,113 ms with two SwiftShader
 * consoles at load 6–10, docs/benchmarks.md). E2E_INCIDENT_DEADLINE_MS=0 records it only, for a
 * machine too loaded to render two software maps (0.5 s a frame and more).
 */
const INCIDENT_DEADLINE_MS = Number(process.env.E2E_INCIDENT_DEADLINE_MS ?? 2_000);

const connectionState = (page: Page) => page.getByTestId('connection').getAttribute('data-state');
const waitLive = (page: Page) =>
  // Generous: on a loaded machine the software-rendered page's main thread lags for seconds.
  page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 90_000 });

/** Resolves when some vehicle on the map has moved from where it is now. */
async function waitForVehicleMove(page: Page) {
  const positions = await page.evaluate<string>(
    `JSON.stringify(window.__cityMap.map.querySourceFeatures('vehicles').map((f) => [f.id, f.geometry.coordinates]))`,
  );
  await page.waitForFunction(
    `(() => {
      const before = new Map(JSON.parse(${JSON.stringify(positions)}));
      return window.__cityMap.map.querySourceFeatures('vehicles').some((f) => {
        const old = before.get(f.id);
        return old && (old[0] !== f.geometry.coordinates[0] || old[1] !== f.geometry.coordinates[1]);
      });
    })()`,
    null,
    { timeout: 30_000 },
  );
}

let stack: ConsoleStack;
let starting: Promise<ConsoleStack> | undefined;
let browser: Browser;

beforeAll(async () => {
  // E2E_REUSE_BUILD=1 serves the web/dist already there (after `npm run build -w @city/web`).
  if (process.env.E2E_REUSE_BUILD !== '1') buildConsole();
  starting = startConsoleStack();
  stack = await starting;
  browser = await launchChromium();
}, 480_000);

afterAll(async () => {
  await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 20_000))]);
  // A start still running when beforeAll timed out is awaited and stopped too: its services
  // would otherwise outlive the run (a simulator did, orphaned).
  await (stack ?? (await starting?.catch(() => undefined)))?.stop();
}, 240_000);

describe('operator console against the running platform', () => {
  it('renders the streets, attribution and live vehicles with maplibre-gl, nothing leaving the machine', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const external = watchExternalRequests(page);
    const traffic = watchGraphql(page);
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
    await waitLive(page);
    const framesBefore = traffic.frames.get('vehiclesMoved') ?? 0;
    await waitForVehicleMove(page);
    await expect(page.getByTestId('count-vehicles').textContent()).resolves.not.toBe('0');
    // Emergency units carry their status (from emergencyUnits / emergencyUnitChanged) to the map.
    await page.waitForFunction(
      `window.__cityMap.map.querySourceFeatures('vehicles').some((f) => f.properties.emergency && f.properties.status !== '')`,
      null,
      { timeout: 60_000 },
    );
    // Positions came over the socket: more vehiclesMoved frames, and each list query ran once
    // (the snapshot when the socket connected), none since.
    await expect
      .poll(() => traffic.frames.get('vehiclesMoved') ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(framesBefore);
    for (const field of ['citySummaryTick', 'vehiclesMoved'])
      expect(traffic.frames.get(field), field).toBeGreaterThan(0);
    const counts = Object.fromEntries(
      LIST_QUERIES.map((op) => [op, traffic.http.filter((r) => r.operation === op).length]),
    );
    expect(counts).toEqual(Object.fromEntries(LIST_QUERIES.map((op) => [op, 1])));
    await expect(connectionState(page)).resolves.toBe('live');
    // The traffic pipeline's city KPI from the simulator's vehicles: a real speed, not 0.0.
    await expect
      .poll(() => page.getByTestId('kpi-average-speed').textContent(), { timeout: 120_000 })
      .toMatch(/^(?!0\.0 )\d+\.\d km\/h$/);

    // AQI by neighbourhood comes from the API (Neighborhood.aqi), with the simulator's stations.
    const hoods = page.getByTestId('aqi-by-neighbourhood');
    await expect
      .poll(() => hoods.getByText(/^AQI \d+$/).count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const names = await hoods.locator('[data-neighbourhood-id] .grow').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('Other');
    expect(names.every((n) => n.length > 0)).toBe(true);
    expect(traffic.http.some((r) => r.operation === 'ConsoleNeighbourhoodAir')).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}console-desktop.png` });
    expect(external).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows a produced incident live with its severity colour; an acknowledgement reaches a second console', async () => {
    // Smaller than the desktop test: two software-rendered maps at once share two cores.
    const operator = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const second = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const a = await operator.newPage();
    const b = await second.newPage();
    const trafficA = watchGraphql(a);
    const trafficB = watchGraphql(b);
    let navigationsB = 0;
    b.on('framenavigated', (frame) => frame === b.mainFrame() && navigationsB++);
    await Promise.all([signIn(a, stack.webUrl, /Olivia/), signIn(b, stack.webUrl, /Dan/)]);
    await Promise.all([waitLive(a), waitLive(b)]);
    const navigationsAfterSignIn = navigationsB;

    const report = incidentReport({ severity: 'critical' });
    const producedAt = Date.now();
    await stack.produce('emergency_incident_data', report);
    await Promise.all([
      waitForIncident(a, report.incidentId, 30_000),
      waitForIncident(b, report.incidentId, 30_000),
    ]);
    const latency = {
      viewport: '1024x700',
      loadAverage: loadavg()[0],
      socketFrameMs:
        (trafficA.received.find((f) => f.text.includes(report.incidentId))?.at ?? NaN) - producedAt,
      shownInBothMs: Date.now() - producedAt,
      renderer: await a.evaluate('window.__cityMap.renderer ?? null'),
      // Whether the map measured itself slow (software WebGL) and repaints the fleet less often.
      renderBudget: await a.evaluate(
        'window.__cityMap.budget?.snapshot(performance.now()) ?? null',
      ),
    };
    writeFileSync(`${ARTIFACTS}incident-latency.json`, JSON.stringify(latency, null, 2));
    if (INCIDENT_DEADLINE_MS > 0)
      expect(latency.shownInBothMs).toBeLessThanOrEqual(INCIDENT_DEADLINE_MS);

    // Severity colour in the list and on the map (the layer's evaluated circle colour).
    const row = a.locator(`[data-incident-id="${report.incidentId}"]`);
    await expect(row.getAttribute('data-severity')).resolves.toBe('critical');
    await expect(
      row.locator('.dot').evaluate(
        (el) =>
          (
            globalThis as unknown as {
              getComputedStyle(e: unknown): { backgroundColor: string };
            }
          ).getComputedStyle(el).backgroundColor,
      ),
    ).resolves.toBe('rgb(208, 2, 27)');
    expect(SEVERITY_COLOURS.critical).toBe('#d0021b');
    const mapColour = await a.evaluate<number[]>(`(() => {
      const map = window.__cityMap.map;
      const f = map.queryRenderedFeatures({ layers: ['incidents'] })
        .find((x) => x.id === '${report.incidentId}');
      const c = f.layer.paint['circle-color'];
      return [c.r, c.g, c.b].map((v) => Math.round(v * 255));
    })()`);
    expect(mapColour).toEqual([208, 2, 27]);
    await a.screenshot({ path: `${ARTIFACTS}console-incident-new.png` });

    // The operator acknowledges; the dispatcher's console shows it without a reload or a query.
    await row.click();
    const actions = a.getByRole('group', { name: 'Incident actions' });
    await actions.getByRole('button', { name: 'Acknowledge' }).click();
    await a.waitForSelector('[data-testid="incident-status"]:text("acknowledged")', {
      timeout: 30_000,
    });
    const bRow = b.locator(`[data-incident-id="${report.incidentId}"]`);
    await bRow.getByText('acknowledged').waitFor({ timeout: 30_000 });
    expect(navigationsB).toBe(navigationsAfterSignIn);
    expect(trafficB.http.filter((r) => r.operation === 'ConsoleActiveIncidents')).toHaveLength(1);
    expect(trafficB.frames.get('incidentChanged') ?? 0).toBeGreaterThanOrEqual(2);
    await b.screenshot({ path: `${ARTIFACTS}console-incident-acknowledged-elsewhere.png` });
    await operator.close();
    await second.close();
  }, 240_000);

  it('shows a viewer an incident without actions, and lays out on a phone', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      // Layout is what this checks; 1x keeps the software-rendered map cheap.
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const traffic = watchGraphql(page);
    await signIn(page, stack.webUrl, /Victor/);
    await waitLive(page);
    await expect(page.getByTestId('user').isVisible()).resolves.toBe(false);
    const mapBox = await page.getByTestId('city-map').boundingBox();
    const kpis = await page.getByRole('heading', { name: 'City now' }).boundingBox();
    expect(mapBox!.width).toBeLessThanOrEqual(390);
    expect(mapBox!.height).toBeGreaterThan(300);
    // Panels stack below the map on a phone.
    expect(kpis!.y).toBeGreaterThan(mapBox!.y + mapBox!.height - 1);
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}console-phone.png`, fullPage: true });

    // The viewer opens a live incident: details, but no actions (the operator had them above).
    const report = incidentReport({ severity: 'medium', type: 'accident', details: {} });
    await stack.produce('emergency_incident_data', report);
    // A wait, not a deadline (the 2 s bound is the opt-in check above): a phone-sized page
    // under software rendering on a loaded CI machine once needed more than 30 s.
    await waitForIncidentExplained(page, traffic, stack, report.incidentId, 90_000);
    await page.locator(`[data-incident-id="${report.incidentId}"]`).click();
    await expect(page.getByTestId('incident-status').textContent()).resolves.toBe('reported');
    await expect(page.getByRole('group', { name: 'Incident actions' }).count()).resolves.toBe(0);
    await expect(
      page.getByRole('button', { name: /Acknowledge|Resolve|Dispatch/ }).count(),
    ).resolves.toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}console-phone-viewer-incident.png` });
    await context.close();
  }, 210_000);

  it('works from the keyboard: search a vehicle (details and track) or a street, Escape, layer toggles, light and dark', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await signIn(page, stack.webUrl, /Ana/);
    await page.waitForFunction(
      `window.__cityMap.map.querySourceFeatures('vehicles').length > 0`,
      null,
      { timeout: 90_000 },
    );
    const vehicleId = await page.evaluate<string>(
      `String(window.__cityMap.map.querySourceFeatures('vehicles')[0].id)`,
    );
    // A search input with a suggestion list is a combobox.
    const search = page.getByRole('combobox', { name: 'Search vehicle id or street' });
    await search.focus();
    await page.keyboard.type(vehicleId);
    await page.keyboard.press('Enter');
    const details = page.getByRole('dialog', { name: `Vehicle ${vehicleId}` });
    await details.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate<string>('document.activeElement?.getAttribute("aria-label")'), {
        timeout: 10_000,
      })
      .toBe('Close vehicle details');
    await expect(page.getByTestId('track-points').textContent()).resolves.toMatch(/^\d+ points/);
    const points = Number((await page.getByTestId('track-points').textContent())!.split(' ')[0]);
    // The track line is on the map when the batch layer had two fixes or more (a line across
    // tile boundaries comes back once per tile, so: any or none).
    // The source has features once the map has re-tiled it on a repaint: on a software-rendered
    // map under load that took over vitest's 1 s poll default (CI rehearsal 2026-12-07), so this
    // waits like the other map conditions.
    await expect
      .poll(
        () =>
          page.evaluate<boolean>(
            `window.__cityMap.map.querySourceFeatures('vehicle-track').length > 0`,
          ),
        { timeout: 30_000 },
      )
      .toBe(points > 1);
    await page.screenshot({ path: `${ARTIFACTS}console-vehicle-details.png` });
    await page.keyboard.press('Escape');
    await expect(details.count()).resolves.toBe(0);

    // A street name flies the map there.
    await search.fill('');
    await search.focus();
    await page.keyboard.type('Market St');
    await page.keyboard.press('Enter');
    await page.getByRole('search').getByText('Market Street').waitFor({ timeout: 30_000 });
    await page.waitForFunction('window.__cityMap.map.getZoom() > 15.5', null, { timeout: 30_000 });

    // Layer toggles from the keyboard.
    const toggle = page.getByRole('checkbox', { name: /^Vehicles/ });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(
      page.evaluate<string>(`window.__cityMap.map.getLayoutProperty('vehicles', 'visibility')`),
    ).resolves.toBe('none');
    // Rendered features change with the next frame (slow under software rendering): wait for it.
    await expect.poll(() => renderedCount(page, ['vehicles']), { timeout: 30_000 }).toBe(0);
    await page.keyboard.press('Space');
    await expect(
      page.evaluate<string>(`window.__cityMap.map.getLayoutProperty('vehicles', 'visibility')`),
    ).resolves.toBe('visible');

    // Light and dark, from the keyboard: the page's palette and the map's paint switch in place.
    const theme = () => page.evaluate<string>('document.documentElement.dataset.theme ?? ""');
    const other = (await theme()) === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: 'Toggle light and dark theme' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(theme, { timeout: 10_000 }).toBe(other);
    await expect(
      page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor'),
    ).resolves.toBe(other === 'dark' ? 'rgb(15, 17, 20)' : 'rgb(247, 247, 245)');
    await expect(
      page.evaluate<string>(
        `window.__cityMap.map.getPaintProperty('background', 'background-color')`,
      ),
    ).resolves.toBe(other === 'dark' ? '#14161a' : '#eef0ea');
    // The view stays where the street search put it (a rebuilt map started over at the city).
    expect(await page.evaluate<number>('window.__cityMap.map.getZoom()')).toBeGreaterThan(15.5);
    await expect
      .poll(() => renderedCount(page, ['streets']), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}console-${other}.png` });
    await page.close();
  }, 180_000);

  it('shows a gateway restart in the indicator, reconnects by itself, and live updates flow again', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const traffic = watchGraphql(page);
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
    await signIn(page, stack.webUrl, /Olivia/);
    await waitLive(page);
    await expect
      .poll(() => traffic.frames.get('vehiclesMoved') ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const navigationsAfterSignIn = navigations;
    const sockets: number[] = [];
    // What the page saw of its sockets, for the failure message.
    const seen: string[] = [];
    const t0 = Date.now();
    const note = (text: string) => seen.push(`${Date.now() - t0} ms ${text}`);
    page.on('console', (m) => note(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => note(`page error: ${e.message}`));
    await traceSockets(page, note);
    page.on('websocket', (ws) => {
      sockets.push(Date.now());
      note(`socket opened ${ws.url()}`);
      ws.on('framesent', (f) => note(`sent ${String(f.payload).slice(0, 80)}`));
      ws.on('framereceived', (f) => note(`received ${String(f.payload).slice(0, 80)}`));
      ws.on('socketerror', (e) => note(`socket error ${e}`));
      ws.on('close', () => note('socket closed'));
    });

    const gateway = await stack.killGateway();
    await page.waitForSelector('[data-testid="connection"]:not([data-state="live"])', {
      timeout: 30_000,
    });
    const lost = await connectionState(page);
    expect(['reconnecting', 'offline']).toContain(lost);
    await page.screenshot({ path: `${ARTIFACTS}console-gateway-down.png` });
    const framesWhileDown = traffic.frames.get('vehiclesMoved') ?? 0;
    const restartedAt = Date.now();

    await gateway.start();
    const healthyAt = Date.now();
    note('gateway healthy again');
    await waitLive(page).catch((error: Error) => {
      const gatewayLog = (stack.logs.get('gateway') ?? []).slice(-20).join('\n');
      throw new Error(`${error.message}\n${seen.slice(-60).join('\n')}\n[gateway]\n${gatewayLog}`);
    });
    const gatewayBootMs = healthyAt - restartedAt;
    const healthyToLiveMs = Date.now() - healthyAt;
    // A new socket, opened by the console itself: no reload.
    expect(sockets.length).toBeGreaterThan(0);
    expect(navigations).toBe(navigationsAfterSignIn);
    await expect
      .poll(() => traffic.frames.get('vehiclesMoved') ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(framesWhileDown);
    await waitForVehicleMove(page);

    // An incident produced now arrives as an incidentChanged frame on the new socket.
    const report = incidentReport({ severity: 'high', type: 'accident', details: {} });
    await stack.produce('emergency_incident_data', report);
    await waitForIncidentExplained(page, traffic, stack, report.incidentId, 30_000);
    await expect
      .poll(
        () =>
          traffic.received.some(
            (f) => f.field === 'incidentChanged' && f.text.includes(report.incidentId),
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect(connectionState(page)).resolves.toBe('live');
    writeFileSync(
      `${ARTIFACTS}gateway-restart.json`,
      JSON.stringify({ loadAverage: loadavg()[0], lost, gatewayBootMs, healthyToLiveMs }, null, 2),
    );
    await page.screenshot({ path: `${ARTIFACTS}console-gateway-back.png` });
    await page.close();
  }, 180_000);

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
