import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/web/', import.meta.url));

/** Debian's Chromium, headless, software WebGL (SwiftShader), no background traffic. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** Records every request to a host other than this machine. */
export function watchExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.protocol.startsWith('http') && !url.protocol.startsWith('ws')) return;
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) external.push(request.url());
  });
  return external;
}

export async function signIn(page: Page, baseUrl: string, user: RegExp): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: user }).click();
  await page.waitForFunction('window.__cityMap && window.__cityMap.ready === true', null, {
    timeout: 60_000,
  });
}

// Browser-side code is passed as strings: this file is type-checked without the DOM library.

/** Rendered features of the given layers in the current view (the map's own query). */
export function renderedCount(page: Page, layers: string[]): Promise<number> {
  return page.evaluate<number>(
    `window.__cityMap.map.queryRenderedFeatures({ layers: ${JSON.stringify(layers)} }).length`,
  );
}

/** Share of sampled canvas pixels that differ from the background colour at the top-left corner. */
export function nonBackgroundShare(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const canvas = window.__cityMap.map.getCanvas();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const r = data[0], g = data[1], b = data[2];
    let differ = 0, total = 0;
    for (let i = 0; i < data.length; i += 28) {
      total++;
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 30) differ++;
    }
    return differ / total;
  })()`);
}

export interface GraphqlTraffic {
  /** HTTP GraphQL operations by name, in order, with the time each was sent. */
  readonly http: { operation: string; at: number }[];
  /** graphql-ws `next` frames received, per subscription root field. */
  readonly frames: Map<string, number>;
  /** Arrival time and text of every frame except vehiclesMoved (too many to keep). */
  readonly received: { field: string; at: number; text: string }[];
  /** Time each graphql-ws socket opened and closed. */
  readonly sockets: { opened: number; closed?: number }[];
}

/** Records the page's GraphQL traffic: HTTP operation names and subscription frames. */
export function watchGraphql(page: Page): GraphqlTraffic {
  const traffic: GraphqlTraffic = { http: [], frames: new Map(), received: [], sockets: [] };
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON() as { operationName?: string; query?: string } | null;
    const name = body?.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1];
    traffic.http.push({ operation: name ?? '(anonymous)', at: Date.now() });
  });
  page.on('websocket', (socket) => {
    const record: GraphqlTraffic['sockets'][number] = { opened: Date.now() };
    traffic.sockets.push(record);
    socket.on('close', () => (record.closed = Date.now()));
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as {
        type: string;
        payload?: { data?: Record<string, unknown> };
      };
      if (message.type !== 'next') return;
      for (const field of Object.keys(message.payload?.data ?? {})) {
        traffic.frames.set(field, (traffic.frames.get(field) ?? 0) + 1);
        if (field !== 'vehiclesMoved')
          traffic.received.push({ field, at: Date.now(), text: String(payload) });
      }
    });
  });
  return traffic;
}

/**
 * Every WebSocket of the page from its creation, through Chromium's DevTools protocol: Playwright
 * reports a socket only once its handshake is sent, so a socket stuck before that (or a
 * constructor never called) looks the same to it. `note` gets one line per lifecycle event.
 */
export async function traceSockets(page: Page, note: (line: string) => void): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketCreated', (e) => note(`ws ${e.requestId} created ${e.url}`));
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) =>
    note(`ws ${e.requestId} handshake sent`),
  );
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) =>
    note(`ws ${e.requestId} handshake answered ${e.response.status}`),
  );
  cdp.on('Network.webSocketFrameError', (e) => note(`ws ${e.requestId} failed: ${e.errorMessage}`));
  cdp.on('Network.webSocketClosed', (e) => note(`ws ${e.requestId} closed`));
}
