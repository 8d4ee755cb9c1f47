import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import type { ConnectionStatus } from '../data/connection-status.js';
import type { SocketEvents } from '../data/feed-runner.js';
import { reconnectingSocketOptions } from './socket-options.js';

export interface ConsoleClient {
  readonly urql: Client;
  readonly ws: WsClient;
  /** The socket's connect/close events, for re-loading snapshots on reconnect. */
  readonly socket: SocketEvents;
  dispose(): void;
}

/**
 * urql over HTTP for queries and mutations, graphql-ws (`graphql-transport-ws`) for subscriptions
 * with the token in connection_init. The socket retries by itself forever with capped backoff,
 * never waiting unboundedly for a handshake or an acknowledgement (socket-options.ts); 4403
 * (refused) and 4401 (token expired) are surfaced through `onAuthError` for a new sign-in.
 */
function guarded(event: string, listener: () => void): () => void {
  return () => {
    try {
      listener();
    } catch (error) {
      console.error(`socket ${event} listener failed`, error);
    }
  };
}

export function createConsoleClient(options: {
  httpUrl: string;
  wsUrl: string;
  token: string;
  status: ConnectionStatus;
  onAuthError: () => void;
}): ConsoleClient {
  const { status } = options;
  const ws = createWsClient({
    url: options.wsUrl,
    ...reconnectingSocketOptions(WebSocket, options.onAuthError),
    connectionParams: () => ({ authorization: `Bearer ${options.token}` }),
    keepAlive: 15_000,
    on: {
      connected: () => {
        open = true;
        status.socket('open');
      },
      closed: (event) => {
        open = false;
        status.socket('retrying');
        const { code, reason } = event as { code?: number; reason?: string };
        console.warn(`subscription socket closed (${code ?? '?'} ${reason ?? ''}), reconnecting`);
      },
      error: () => status.socket('retrying'),
    },
  });
  let open = false;
  const socket: SocketEvents = {
    isOpen: () => open,
    // graphql-ws calls its listeners in order and its own close handling (which starts the
    // reconnect) comes last: a listener that throws would leave the socket closed for good.
    on: (event, listener) => ws.on(event, guarded(event, listener)),
  };
  const urql = new Client({
    url: options.httpUrl,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}` } }),
    requestPolicy: 'network-only',
    // POST only: the gateway's CSRF prevention refuses GET queries without a preflight header.
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onResult(result) {
          const network = result.error?.networkError;
          const unauthorised = result.error?.response?.status === 401;
          if (unauthorised) options.onAuthError();
          status.http(!network && !unauthorised);
          return result;
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { urql, ws, socket, dispose: () => void ws.dispose() };
}
