import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Logger } from '@city/log';

export interface UpstreamClients {
  /** The graphql-ws client of a subgraph (one connection per subgraph, shared by all). */
  get(serviceName: string): Client;
  close(): Promise<void>;
}

/** Exponential backoff with jitter, 250 ms doubling to 5 s. */
export function retryDelayMs(retries: number, random = Math.random): number {
  return Math.min(5000, 250 * 2 ** retries) * (0.5 + random() / 2);
}

/**
 * One graphql-ws connection per subgraph, opened on first use and closed when idle. The secret
 * goes in `connection_init`; claims travel per operation. When a subgraph restarts, the client
 * reconnects with backoff and re-subscribes every active operation by itself.
 */
export function createUpstreamClients(options: {
  subgraphUrls: Record<string, string>;
  gatewaySecret: string;
  log: Logger;
  keepAliveMs?: number;
  onConnected?: (serviceName: string, wasRetry: boolean) => void;
}): UpstreamClients {
  const clients = new Map<string, Client>();
  return {
    get(serviceName) {
      let client = clients.get(serviceName);
      if (client) return client;
      const url = options.subgraphUrls[serviceName];
      if (!url) throw new Error(`no URL configured for subgraph ${serviceName}`);
      const log = options.log.child({ subgraph: serviceName });
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { gatewaySecret: options.gatewaySecret },
        lazy: true,
        lazyCloseTimeout: 5000,
        keepAlive: options.keepAliveMs ?? 10_000,
        retryAttempts: Number.POSITIVE_INFINITY,
        retryWait: (retries) => new Promise((r) => setTimeout(r, retryDelayMs(retries))),
        // Every close but a refusal is worth retrying: the subgraph may be restarting.
        shouldRetry: (e) => !(e && typeof e === 'object' && 'code' in e && e.code === 4403),
        on: {
          connected: (_socket, _payload, wasRetry) => {
            if (wasRetry) log.info('re-connected to subgraph; subscriptions resumed');
            options.onConnected?.(serviceName, wasRetry);
          },
          closed: (event) => {
            const code = (event as { code?: number }).code;
            if (code !== 1000) log.warn({ code }, 'subgraph subscription socket closed');
          },
        },
      });
      clients.set(serviceName, client);
      return client;
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.dispose()));
      clients.clear();
    },
  };
}
