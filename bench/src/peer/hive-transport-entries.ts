import type { TransportEntryAdditions } from '@graphql-hive/gateway';

/**
 * Hive Gateway transport entries for our subgraphs: each subgraph's URL (the supergraph has
 * placeholders), queries over HTTP, subscriptions over graphql-ws to the same `/graphql` path
 * (Hive's default for Federation subgraphs is HTTP/SSE, which our subgraphs do not serve) with the
 * shared secret in `connection_init`, as our subgraphs require.
 */
export function hiveTransportEntries(
  urls: Record<string, string>,
  gatewaySecret: string,
): TransportEntryAdditions {
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [
      name,
      {
        location: url,
        options: {
          subscriptions: {
            kind: 'ws',
            location: new URL(url).pathname,
            options: { connectionParams: { gatewaySecret } },
          },
        },
      },
    ]),
  );
}
