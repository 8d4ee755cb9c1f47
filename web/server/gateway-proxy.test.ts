import { createServer, request, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayProxy } from './gateway-proxy.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function listen<T extends Server | net.Server>(server: T): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** The console's server with only the proxy's upgrade handler, in front of `gatewayPort`. */
async function consoleProxy(gatewayPort: number, upgradeTimeoutMs?: number): Promise<number> {
  const proxy = createGatewayProxy(
    `http://127.0.0.1:${gatewayPort}/graphql`,
    upgradeTimeoutMs === undefined ? {} : { upgradeTimeoutMs },
  );
  const server = createServer();
  server.on('upgrade', (req, socket: Duplex, head) => proxy.upgrade(req, socket, head));
  return listen(server);
}

/** A browser's WebSocket handshake: resolves with the status, or 'closed' without an answer. */
function handshake(port: number): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const req = request({
      port,
      host: '127.0.0.1',
      path: '/graphql',
      headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('closed'));
    req.end();
  });
}

/**
 * A TCP server that accepts and never answers (a frozen gateway); records its sockets. It reads
 * (and drops) what arrives, so it sees the proxy end the connection.
 */
async function silentGateway() {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.resume();
  });
  const port = await listen(server);
  closers.push(() => sockets.forEach((s) => s.destroy()));
  return { port, sockets };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
};

describe('gateway proxy: the graphql-ws upgrade', () => {
  it('passes a successful upgrade through, both ways', async () => {
    const gateway = createServer();
    gateway.on('upgrade', (_req, socket: Duplex) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      );
      socket.on('data', (d: Buffer) => socket.write(`echo ${d.toString()}`));
    });
    const port = await consoleProxy(await listen(gateway));
    const echoed = await new Promise<string>((resolve) => {
      const req = request({
        port,
        host: '127.0.0.1',
        path: '/graphql',
        headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
      });
      req.on('upgrade', (_res, socket) => {
        socket.once('data', (d: Buffer) => {
          socket.destroy();
          resolve(d.toString());
        });
        socket.write('ping');
      });
      req.end();
    });
    expect(echoed).toBe('echo ping');
  });

  it('answers 502 at once when the gateway is down', async () => {
    const probe = net.createServer();
    const deadPort = await listen(probe);
    probe.close();
    await expect(handshake(await consoleProxy(deadPort))).resolves.toBe(502);
  });

  it("answers with the gateway's refusal when it does not upgrade", async () => {
    const gateway = createServer((_req, res) => res.writeHead(503).end('booting'));
    await expect(handshake(await consoleProxy(await listen(gateway)))).resolves.toBe(503);
  });

  it('answers 504 and lets go of a gateway that accepts but never answers', async () => {
    const gateway = await silentGateway();
    await expect(handshake(await consoleProxy(gateway.port, 50))).resolves.toBe(504);
    await until(() => gateway.sockets.length === 1 && gateway.sockets[0]!.destroyed);
  });

  it('survives a browser that resets its connection during the upgrade, and lets go of the gateway', async () => {
    const gateway = await silentGateway();
    const port = await consoleProxy(gateway.port);
    const browser = net.connect(port, '127.0.0.1');
    browser.write('GET /graphql HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await until(() => gateway.sockets.length === 1);
    browser.resetAndDestroy();
    await until(() => gateway.sockets[0]!.destroyed);
  });
});
