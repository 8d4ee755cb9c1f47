import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

/**
 * Forwards /graphql (HTTP and the graphql-ws upgrade) to the gateway, so the console is one origin
 * (no CORS) and the browser never needs the gateway's address.
 */
export function createGatewayProxy(gatewayUrl: string) {
  const target = new URL(gatewayUrl);
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

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const upstream = send({ ...options(req), headers: { ...req.headers, host: target.host } });
    upstream.on('upgrade', (res, upSocket, upHead) => {
      const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      socket.write(lines.join('\r\n') + '\r\n\r\n');
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
      // Either side gone: end the other, so no half-open socket outlives its peer.
      upSocket.on('error', () => socket.destroy());
      socket.on('error', () => upSocket.destroy());
      upSocket.on('close', () => socket.destroy());
      socket.on('close', () => upSocket.destroy());
    });
    upstream.on('response', (res) => {
      socket.end(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`);
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  }

  return { http, upgrade };
}
