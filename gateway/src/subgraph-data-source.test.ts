import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { describe, expect, it } from 'vitest';
import { SubgraphDataSource } from './subgraph-data-source.js';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type ProcessOptions = Parameters<RemoteGraphQLDataSource['process']>[0];

/** A fetcher answering `status` with `body`, recording what it was sent. */
function stubFetcher(status: number, body: string, contentType = 'application/json') {
  const calls: { url: string; init: unknown }[] = [];
  const fetcher = (async (url: string, init: unknown) => {
    calls.push({ url, init });
    const headers = new Map([['content-type', contentType]]);
    return {
      url,
      status,
      statusText: status === 200 ? 'OK' : 'Internal Server Error',
      ok: status >= 200 && status < 300,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      json: async () => JSON.parse(body) as unknown,
      text: async () => body,
    } as unknown as FetcherResponse;
  }) as Fetcher;
  return { fetcher, calls };
}

async function processWith(
  DataSource: typeof RemoteGraphQLDataSource,
  status: number,
  body: string,
  contentType?: string,
) {
  const { fetcher, calls } = stubFetcher(status, body, contentType);
  const source = new DataSource({
    url: 'http://subgraph.test/graphql',
    fetcher,
    willSendRequest({ request }) {
      request.http?.headers.set('x-gateway-secret', 's');
    },
  });
  const result = await source
    .process({
      // GraphQLDataSourceRequestKind.HEALTH_CHECK; the enum is not importable from ESM.
      kind: 'health check',
      context: {},
      request: { query: '{ a }', variables: { v: 1 } },
    } as unknown as ProcessOptions)
    .then(
      (r) => ({ data: r.data, errors: r.errors }),
      (e: Error & { extensions?: unknown }) => ({
        thrown: e.message,
        extensions: e.extensions,
      }),
    );
  return { result, calls };
}

describe('SubgraphDataSource', () => {
  const cases: [string, number, string, string?][] = [
    ['a JSON answer', 200, '{"data":{"a":1}}'],
    ['an answer with errors', 200, '{"data":null,"errors":[{"message":"no"}]}'],
    ['a non-2xx status', 500, '{"errors":[{"message":"boom"}]}'],
    ['a non-JSON body', 200, 'plain', 'text/plain'],
  ];
  for (const [name, status, body, contentType] of cases) {
    it(`sends and answers as RemoteGraphQLDataSource does: ${name}`, async () => {
      const ours = await processWith(SubgraphDataSource, status, body, contentType);
      const apollos = await processWith(RemoteGraphQLDataSource, status, body, contentType);
      expect(ours.result).toEqual(apollos.result);
      expect(ours.calls).toEqual(apollos.calls);
    });
  }

  it('calls the fetcher with the URL, headers and JSON body', async () => {
    const { calls } = await processWith(SubgraphDataSource, 200, '{"data":{}}');
    expect(calls).toEqual([
      {
        url: 'http://subgraph.test/graphql',
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-gateway-secret': 's' },
          body: '{"query":"{ a }","variables":{"v":1}}',
        },
      },
    ]);
  });
});
