import type { Page } from 'playwright-core';
import type { GraphqlTraffic } from './browser.js';
import type { ConsoleStack } from './console-stack.js';

/** Resolves when the incident's row is in the list (with its severity) and its point on the map. */
export function waitForIncident(page: Page, id: string, timeout: number) {
  return page.waitForFunction(
    `(() => {
      const row = document.querySelector('[data-incident-id="${id}"]');
      const onMap = window.__cityMap.map
        .querySourceFeatures('incidents')
        .some((f) => f.id === '${id}');
      return row !== null && onMap;
    })()`,
    null,
    { timeout },
  );
}

/**
 * Waits for the incident like waitForIncident; on a timeout the error says where the incident got
 * to: PostgreSQL, Redis, the change feed, the gateway's subscription counters, the page's
 * incidentChanged frames, sockets and snapshot queries, its list and map, the services' logs.
 */
export async function waitForIncidentExplained(
  page: Page,
  traffic: GraphqlTraffic,
  stack: ConsoleStack,
  id: string,
  timeout: number,
): Promise<void> {
  const since = Date.now();
  await waitForIncident(page, id, timeout).catch(async (error: Error) => {
    const at = (t: number) => `${t - since} ms`;
    const frames = traffic.received.filter((f) => f.field === 'incidentChanged');
    const onPage = await page
      .evaluate<string>(
        `JSON.stringify({
          state: document.querySelector('[data-testid="connection"]')?.getAttribute('data-state'),
          rows: [...document.querySelectorAll('[data-incident-id]')].map((e) => e.dataset.incidentId),
          onMap: window.__cityMap.map.querySourceFeatures('incidents').map((f) => f.id),
        })`,
      )
      .catch((e: Error) => `(page not readable: ${e.message})`);
    const gatewayMetrics = await fetch(stack.gatewayUrl.replace(/\/graphql$/, '/metrics'))
      .then((r) => r.text())
      .then((text) =>
        text
          .split('\n')
          .filter((l) => /^gateway_subscription_\w+(?<!_bucket|_sum|_count)[ {]/.test(l)),
      )
      .catch((e: Error) => [`(metrics not readable: ${e.message})`]);
    const withId = frames.filter((f) => f.text.includes(id)).map((f) => at(f.at));
    const snapshots = traffic.http.filter((r) => r.operation === 'ConsoleActiveIncidents');
    const tail = (name: string) =>
      (stack.logs.get(name) ?? [])
        .slice(-10)
        .map((l) => l.slice(0, 500))
        .join('\n');
    throw new Error(
      [
        error.message,
        `(times from the produce)`,
        await stack.describeIncident(id),
        `page: ${onPage}`,
        `incidentChanged frames: ${frames.length}, with ${id}: ${withId.join(', ') || 'none'}`,
        `sockets: ${traffic.sockets.map((s) => `${at(s.opened)}..${s.closed ? at(s.closed) : 'open'}`).join(', ')}`,
        `ConsoleActiveIncidents queries at: ${snapshots.map((r) => at(r.at)).join(', ')}`,
        `gateway subscription metrics:\n${gatewayMetrics.join('\n')}`,
        ...['processor', 'emergencies', 'gateway'].map((n) => `[${n}]\n${tail(n)}`),
      ].join('\n'),
    );
  });
}
