import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

export interface GatewayProxyOptions {
  /**
   * How long the gateway may take to answer a WebSocket upgrade before the browser is answered
   * 504. Without a bound, a gateway that accepts the connection but never answers (frozen,
   * overloaded) leaves the browser's socket connecting forever, and the client never retries.
   */
  readonly upgradeTimeoutMs?: number;
}

/** A bare HTTP response on a socket that is not (yet) a WebSocket, then the socket is ended. */
function refuse(socket: Duplex, status: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Forwards /graphql (HTTP and the graphql-ws upgrade) to the gateway, so the console is one origin
 * (no CORS) and the browser never needs the gateway's address.
 */
export function createGatewayProxy(gatewayUrl: string, proxyOptions: GatewayProxyOptions = {}) {
  const target = new URL(gatewayUrl);
  const upgradeTimeoutMs = proxyOptions.upgradeTimeoutMs ?? 10_000;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const options = (req: IncomingMessage) => ({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: target.pathname + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''),
  });

  function http(req: IncomingMessage, res: ServerResponse): void {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)),
    );
    const upstream = send({ ...options(req), headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad_gateway', message: error.message }));
    });
    req.pipe(upstream);
  }

  /**
   * Until the gateway answers, the browser's socket is only a pending HTTP request: every way
   * the upgrade can fail (gateway down, refusing, silent, browser gone) ends both sides, so the
   * browser sees a failed connection at once and graphql-ws retries.
   */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node removes its own error listener from an upgrading socket: a reset would otherwise crash.
    socket.on('error', () => socket.destroy());
    // A fresh connection (no keep-alive agent): an upgrade must not land on a pooled socket.
    const upstream = send({
      ...options(req),
      headers: { ...req.headers, host: target.host },
      agent: false,
    });
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      socket.off('close', browserLeft);
    };
    const timer = setTimeout(() => {
      settle();
      refuse(socket, '504 Gateway Timeout');
      upstream.destroy();
    }, upgradeTimeoutMs);
    const browserLeft = () => {
      settle();
      upstream.destroy();
    };
    socket.once('close', browserLeft);

    upstream.on('upgrade', (res, upSocket, upHead) => {
      if (settled) return void upSocket.destroy();
      settle();
      const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      socket.write(lines.join('\r\n') + '\r\n\r\n');
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
      // Either side gone: end the other, so no half-open socket outlives its peer.
      upSocket.on('error', () => socket.destroy());
      upSocket.on('close', () => socket.destroy());
      socket.on('close', () => upSocket.destroy());
    });
    upstream.on('response', (res) => {
      res.resume();
      if (settled) return;
      settle();
      refuse(socket, `${res.statusCode} ${res.statusMessage}`);
    });
    upstream.on('error', () => {
      if (settled) return;
      settle();
      refuse(socket, '502 Bad Gateway');
    });
    upstream.end();
  }

  return { http, upgrade };
}
