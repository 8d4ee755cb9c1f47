import net, { type AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { reconnectingSocketOptions } from './socket-options.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The console's graphql-ws policy (short bounds) with `ws`, subscribed once. */
function subscribedClient(url: string): Client {
  const client = createClient({
    url,
    ...reconnectingSocketOptions(WebSocket, () => undefined, { connectMs: 100, ackMs: 100 }),
  });
  const stop = client.subscribe(
    { query: 'subscription { tick }' },
    {
      next: () => undefined,
      error: () => undefined,
      complete: () => undefined,
    },
  );
  cleanups.push(() => {
    stop();
    // Disposing while an attempt is pending rejects with that attempt's failure.
    return Promise.resolve(client.dispose()).catch(() => undefined);
  });
  return client;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

describe('reconnectingSocketOptions: no wait of a connection attempt is unbounded', () => {
  it('retries a socket that opened but never got connection_ack', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      socket.on('error', () => undefined);
    });
    subscribedClient(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    await until(() => connections >= 2);
    expect(connections).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it('retries a handshake that is never answered', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy());
      return new Promise((r) => server.close(r));
    });
    subscribedClient(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    await until(() => sockets.length >= 2);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  }, 20_000);
});
