import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DEV_USERS, GATEWAY_DEVELOPMENT_JWT_SECRET, signDevToken } from './dev-users.js';
import { createGatewayProxy } from './gateway-proxy.js';

export interface WebServerOptions {
  readonly distDir: string;
  readonly gatewayUrl: string;
  readonly publicGatewayUrl: string;
  readonly mapboxToken: string;
  readonly devSignIn: boolean;
  readonly jwtSecret: string;
  readonly port: number;
  readonly host?: string;
}

export interface WebServer {
  readonly server: Server;
  start(): Promise<string>;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.svg', '.map']);

/** The browser's runtime configuration, served as /config.js before the app's bundle. */
export function runtimeConfigScript(options: WebServerOptions): string {
  const config = {
    gatewayUrl: options.publicGatewayUrl || '/graphql',
    mapboxToken: options.mapboxToken || null,
    devUsers: options.devSignIn
      ? DEV_USERS.map(({ id, name, roles }) => ({ id, name, roles }))
      : [],
  };
  return `window.__CITY_CONFIG__ = ${JSON.stringify(config)};\n`;
}

/**
 * Serves the built console (SPA fallback to index.html), /config.js, development sign-in at
 * POST /auth/dev-token, and proxies /graphql to the gateway.
 */
export function createWebServer(options: WebServerOptions): WebServer {
  const root = path.resolve(options.distDir);
  const proxy = createGatewayProxy(options.gatewayUrl);
  const secret = options.jwtSecret || GATEWAY_DEVELOPMENT_JWT_SECRET;

  function sendFile(req: IncomingMessage, res: ServerResponse, file: string) {
    const ext = path.extname(file);
    const headers: Record<string, string> = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': file.includes(`${path.sep}assets${path.sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    };
    const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    (gzip ? stream.pipe(createGzip({ level: 6 })) : stream).pipe(res);
  }

  async function devToken(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let userId: unknown;
    try {
      userId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { user?: unknown }).user;
    } catch {
      userId = undefined;
    }
    const user = DEV_USERS.find((u) => u.id === userId);
    if (!options.devSignIn || !user) {
      res.writeHead(options.devSignIn ? 400 : 404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'unknown_user' }));
    }
    const token = await signDevToken(user, secret);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ token, user: { id: user.id, name: user.name, roles: user.roles } }));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname === '/graphql') return proxy.http(req, res);
    if (url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ service: 'web', status: 'ok' }));
    }
    if (url.pathname === '/config.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      return res.end(runtimeConfigScript(options));
    }
    if (url.pathname === '/auth/dev-token' && req.method === 'POST') {
      devToken(req, res).catch(() => res.destroy());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405);
      return res.end();
    }
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (file.startsWith(root + path.sep) && existsSync(file) && statSync(file).isFile())
      return sendFile(req, res, file);
    if (path.extname(url.pathname) !== '') {
      res.writeHead(404);
      return res.end();
    }
    sendFile(req, res, path.join(root, 'index.html'));
  });
  // Upgraded sockets leave the HTTP server's connection list: stop() must end them itself.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket: Duplex, head) => {
    if (new URL(req.url ?? '/', 'http://console').pathname !== '/graphql') return socket.destroy();
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    proxy.upgrade(req, socket, head);
  });

  return {
    server,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '0.0.0.0', () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://127.0.0.1:${port}`);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }),
  };
}
