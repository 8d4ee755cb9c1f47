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
