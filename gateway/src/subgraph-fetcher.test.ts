import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetcher } from './subgraph-fetcher.js';

describe('createSubgraphFetcher', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  const fetcher = createSubgraphFetcher();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = req.url === '/fail' ? 403 : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
        res.end(JSON.stringify({ method: req.method, secret: req.headers['x-secret'], body }));
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    fetcher.close();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and body and parses the JSON answer', async () => {
    const res = await fetcher(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-secret': 's' },
      body: '{"query":"{ é }"}',
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-twice')).toBe('a, b');
    expect(await res.json()).toEqual({ method: 'POST', secret: 's', body: '{"query":"{ é }"}' });
    await expect(res.text()).rejects.toThrow('body used');
  });

  it('reports a non-2xx status without throwing', async () => {
    const res = await fetcher(`${url}/fail`, { method: 'POST', body: '{}' });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(403);
    expect(JSON.parse(await res.clone().text())).toMatchObject({ method: 'POST' });
  });

  it('reuses the connection for sequential requests', async () => {
    const before = connections;
    for (let i = 0; i < 5; i++)
      await (await fetcher(`${url}/x`, { method: 'POST', body: '{}' })).text();
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('rejects when the subgraph is unreachable', async () => {
    await expect(
      fetcher('http://127.0.0.1:1/graphql', { method: 'POST', body: '{}' }),
    ).rejects.toThrow();
  });
});
