import type { IncomingHttpHeaders, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@city/log';
import type { UserClaims } from '@city/subgraph-kit';
import { AuthError } from '../auth/auth-error.js';
import type { Authenticator } from '../auth/authenticate.js';
import { CLOSE, GRAPHQL_TRANSPORT_WS } from './close-codes.js';
import type { SharedSubscriptions } from './shared-subscriptions.js';
import { SocketSender, type SenderLimits } from './socket-sender.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import { OperationErrors, type SubscriptionPlanner } from './subscription-planner.js';

export interface GatewayWsOptions {
  readonly httpServer: Server;
  readonly authenticator: Authenticator;
  readonly planner: SubscriptionPlanner;
  readonly shared: SharedSubscriptions;
  readonly metrics: SubscriptionMetrics;
  readonly log: Logger;
  readonly limits: SenderLimits;
  readonly initTimeoutMs?: number;
  readonly keepAliveMs?: number;
  readonly maxOperationsPerSocket?: number;
}

export interface GatewayWsServer {
  readonly sockets: number;
  close(): Promise<void>;
}

/** connection_init payload keys to the HTTP headers the authenticator reads. */
export function headersFromInit(payload: unknown): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  if (!payload || typeof payload !== 'object') return headers;
  for (const [k, v] of Object.entries(payload as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    const key = k.toLowerCase();
    if (key === 'authorization') headers.authorization = v;
    else if (key === 'x-api-key' || key === 'apikey') headers['x-api-key'] = v;
    else if (key === 'token') headers.authorization = `Bearer ${v}`;
  }
  return headers;
}

/** Close reasons are limited to 123 bytes. */
const reason = (text: string) => Buffer.from(text).subarray(0, 120).toString();

/**
 * The gateway's `graphql-transport-ws` endpoint on its HTTP server's `/graphql`. Written on `ws`
 * directly (not graphql-ws's server) so that a frame serialised once by the shared subscription
 * is written to every socket, through that socket's own bounded queue.
 */
export function attachGatewayWsServer(options: GatewayWsOptions): GatewayWsServer {
  const { metrics, log } = options;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    handleProtocols: (protocols) =>
      protocols.has(GRAPHQL_TRANSPORT_WS) ? GRAPHQL_TRANSPORT_WS : false,
    maxPayload: 256 * 1024,
  });
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const maxOps = options.maxOperationsPerSocket ?? 100;

  wss.on('connection', (socket: WebSocket) => {
    metrics.sockets.inc();
    const close = (code: number, text: string) => {
      metrics.refused.inc({ code: String(code) });
      socket.close(code, reason(text));
    };
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS) {
      close(CLOSE.subprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    const sender = new SocketSender(socket, options.limits, {
      sent: () => metrics.frames.inc(),
      conflated: () => metrics.conflated.inc(),
      dropped: () => metrics.dropped.inc({ stage: 'socket' }),
    });
    const operations = new Map<string, () => void>();
    let user: UserClaims | null = null;
    let initReceived = false;
    let expiry: NodeJS.Timeout | undefined;
    let alive = true;

    const initTimer = setTimeout(() => {
      if (!user) close(CLOSE.initTimeout, 'Connection initialisation timeout');
    }, options.initTimeoutMs ?? 10_000);
    // Transport keep-alive: a socket that did not answer the previous ping is dead.
    const pinger = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, keepAliveMs);
    socket.on('pong', () => {
      alive = true;
    });

    async function init(payload: unknown) {
      try {
        const claims = await options.authenticator.authenticate(headersFromInit(payload));
        if (socket.readyState !== socket.OPEN) return;
        user = claims;
        if (claims.exp) {
          const ms = claims.exp * 1000 - Date.now();
          expiry = setTimeout(() => close(CLOSE.unauthorized, 'token expired'), Math.max(0, ms));
        }
        sender.sendControl('{"type":"connection_ack"}');
      } catch (error) {
        if (!(error instanceof AuthError)) log.error({ err: error }, 'subscription auth failed');
        close(CLOSE.forbidden, error instanceof AuthError ? error.message : 'Forbidden');
      }
    }

    function subscribe(id: string, payload: Record<string, unknown>) {
      const idJson = JSON.stringify(id);
      const query = typeof payload.query === 'string' ? payload.query : '';
      const operationName =
        typeof payload.operationName === 'string' ? payload.operationName : undefined;
      const variables =
        payload.variables && typeof payload.variables === 'object'
          ? (payload.variables as Record<string, unknown>)
          : {};
      try {
        const planned = options.planner.plan(query, operationName, variables);
        let done = false;
        const leave = options.shared.subscribe(planned, variables, user!, {
          next: (json, conflate) =>
            sender.send(
              `{"id":${idJson},"type":"next","payload":${json}}`,
              conflate ? id : undefined,
            ),
          complete: (errorsJson) => {
            if (done) return;
            done = true;
            operations.delete(id);
            metrics.clientOperations.dec();
            sender.sendControl(
              errorsJson
                ? `{"id":${idJson},"type":"error","payload":${errorsJson}}`
                : `{"id":${idJson},"type":"complete"}`,
            );
          },
        });
        metrics.clientOperations.inc();
        operations.set(id, () => {
          if (done) return;
          done = true;
          metrics.clientOperations.dec();
          leave();
        });
      } catch (error) {
        const errors =
          error instanceof OperationErrors
            ? error.errors.map((e) => e.toJSON())
            : [{ message: (error as Error).message }];
        if (!(error instanceof OperationErrors)) log.warn({ err: error }, 'subscription refused');
        sender.sendControl(`{"id":${idJson},"type":"error","payload":${JSON.stringify(errors)}}`);
      }
    }

    socket.on('message', (raw) => {
      let message: { type?: unknown; id?: unknown; payload?: unknown };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        close(CLOSE.badRequest, 'Invalid message received');
        return;
      }
      switch (message.type) {
        case 'connection_init':
          if (initReceived) {
            close(CLOSE.tooManyInits, 'Too many initialisation requests');
            return;
          }
          initReceived = true;
          void init(message.payload);
          return;
        case 'ping':
          sender.sendControl(
            message.payload === undefined
              ? '{"type":"pong"}'
              : JSON.stringify({ type: 'pong', payload: message.payload }),
          );
          return;
        case 'pong':
          return;
        case 'subscribe': {
          if (!user) {
            close(CLOSE.unauthorized, 'Unauthorized');
            return;
          }
          const id = message.id;
          if (typeof id !== 'string' || !message.payload || typeof message.payload !== 'object') {
            close(CLOSE.badRequest, 'Invalid subscribe message');
            return;
          }
          if (operations.has(id)) {
            close(CLOSE.subscriberExists, `Subscriber for ${id} already exists`);
            return;
          }
          if (operations.size >= maxOps) {
            sender.sendControl(
              JSON.stringify({
                id,
                type: 'error',
                payload: [{ message: `at most ${maxOps} subscriptions per connection` }],
              }),
            );
            return;
          }
          subscribe(id, message.payload as Record<string, unknown>);
          return;
        }
        case 'complete': {
          const id = String(message.id);
          operations.get(id)?.();
          operations.delete(id);
          return;
        }
        default:
          close(CLOSE.badRequest, `Unexpected message of type ${String(message.type)} received`);
      }
    });

    socket.on('close', () => {
      metrics.sockets.dec();
      clearTimeout(initTimer);
      clearTimeout(expiry);
      clearInterval(pinger);
      for (const leave of operations.values()) leave();
      operations.clear();
    });
    socket.on('error', (error) => log.debug({ err: error }, 'client socket error'));
  });

  return {
    get sockets() {
      return wss.clients.size;
    },
    async close() {
      for (const socket of wss.clients) socket.close(CLOSE.goingAway, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
