import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer, type WebServer } from './create-web-server.js';
import { GATEWAY_DEVELOPMENT_JWT_SECRET } from './dev-users.js';

let server: WebServer;
let base: string;

beforeAll(async () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<html>console</html>');
  server = createWebServer({
    distDir: dist,
    gatewayUrl: 'http://127.0.0.1:9/graphql',
    publicGatewayUrl: '',
    mapboxToken: '',
    devSignIn: true,
    jwtSecret: '',
    port: 0,
    host: '127.0.0.1',
  });
  base = await server.start();
});
afterAll(() => server.stop());

describe('console web server', () => {
  it('serves the runtime config with the same-origin gateway and no Mapbox token', async () => {
    const text = await (await fetch(`${base}/config.js`)).text();
    expect(text).toContain('"gatewayUrl":"/graphql"');
    expect(text).toContain('"mapboxToken":null');
  });

  it('falls back to index.html for app routes but 404s missing files', async () => {
    expect(await (await fetch(`${base}/incidents/42`)).text()).toContain('console');
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/../package.json`)).status).not.toBe(200);
  });

  it('signs development tokens the gateway verifies with its development key', async () => {
    const res = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      body: JSON.stringify({ user: 'victor.viewer' }),
    });
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(
      token,
      new TextEncoder().encode(GATEWAY_DEVELOPMENT_JWT_SECRET),
    );
    expect(payload).toMatchObject({ sub: 'victor.viewer', roles: ['viewer'] });
    const unknown = await fetch(`${base}/auth/dev-token`, { method: 'POST', body: '{"user":"x"}' });
    expect(unknown.status).toBe(400);
  });

  it('answers 502 when the gateway is unreachable', async () => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
  });
});
