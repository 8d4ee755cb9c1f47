import type { ClientOptions } from 'graphql-ws';
import { reconnectDelayMs } from './reconnect-delay.js';

/**
 * How long a subscription socket may stay connecting, and then wait for `connection_ack`,
 * before it is closed and retried. graphql-ws bounds neither by default: a handshake or an
 * acknowledgement that never comes leaves the client waiting forever, never retrying. Longer
 * than the console server's own upgrade bound (10 s), so that one answers first.
 */
export const SOCKET_BOUNDS = { connectMs: 15_000, ackMs: 15_000 };

interface SocketLike {
  readonly readyState: number;
  close(): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
}

/**
 * The part of a WebSocket class (the browser's, or `ws` in tests) the bound needs. A mixin's
 * base must take `any[]` (TypeScript's rule for extending a generic class).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WebSocketClass = (new (...args: any[]) => SocketLike) & { readonly CONNECTING: number };

/** `Impl` whose sockets close themselves if still connecting after `timeoutMs`. */
export function withConnectTimeout<T extends WebSocketClass>(Impl: T, timeoutMs: number): T {
  const Bounded = class extends Impl {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      const timer = setTimeout(() => {
        // Closing a connecting socket fails it (error, then close 1006): graphql-ws retries.
        if (this.readyState === Impl.CONNECTING) this.close();
      }, timeoutMs);
      const clear = () => clearTimeout(timer);
      this.addEventListener('open', clear);
      this.addEventListener('close', clear);
    }
  };
  return Bounded;
}

/**
 * The console's reconnect policy for graphql-ws: lazy, retried forever with capped backoff
 * (reconnect-delay.ts) after any failure but a refusal (4403) or an expired token (4401), which
 * go to `onAuthError`; every wait of a connection attempt is bounded (SOCKET_BOUNDS).
 */
export function reconnectingSocketOptions(
  Impl: WebSocketClass,
  onAuthError: () => void,
  bounds: { connectMs: number; ackMs: number } = SOCKET_BOUNDS,
): Pick<
  ClientOptions,
  | 'lazy'
  | 'retryAttempts'
  | 'retryWait'
  | 'shouldRetry'
  | 'connectionAckWaitTimeout'
  | 'webSocketImpl'
> {
  return {
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((r) => setTimeout(r, reconnectDelayMs(retries))),
    shouldRetry: (event) => {
      const code = (event as { code?: number }).code;
      if (code === 4401 || code === 4403) {
        onAuthError();
        return false;
      }
      return true;
    },
    connectionAckWaitTimeout: bounds.ackMs,
    webSocketImpl: withConnectTimeout(Impl, bounds.connectMs),
  };
}
