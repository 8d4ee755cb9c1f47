import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLHttpHandler } from './graphql-http-handler.js';
import { createPlainQueryExecutor, type PlainQueryExecutor } from './plain-query-executor.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Vehicle @key(fields: "id") { id: ID! speed(unit: String = "kmh"): Float! name: String }
  type Query { vehicles(limit: Int!): [Vehicle!]! broken: String! who: String }
  type Mutation { touch: Int! }
`);
const vehicle = (id: string) => ({ id, speed: 31.5 });
const resolvers = {
  Query: {
    vehicles: async (_p: unknown, { limit }: { limit: number }) =>
      Array.from({ length: limit }, (_v, i) => vehicle(`v${i}`)),
    broken: () => {
      throw new Error('boom');
    },
    who: (_p: unknown, _a: unknown, ctx: { who: string }) => ctx.who,
  },
  Mutation: { touch: () => 1 },
  Vehicle: {
    __resolveReference: ({ id }: { id: string }) => (id === 'gone' ? null : vehicle(id)),
    speed: (v: { speed: number }, { unit }: { unit: string }) =>
      unit === 'mph' ? v.speed / 1.609 : v.speed,
  },
};

describe('createPlainQueryExecutor', () => {
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
  let apollo: ApolloServer<{ who: string }>;
  const servers: Server[] = [];
  const urls: string[] = [];
  let answered = 0;

  beforeAll(async () => {
    apollo = new ApolloServer<{ who: string }>({
      schema,
      plugins: [ApolloServerPluginCacheControlDisabled()],
    });
    await apollo.start();
    const plain = createPlainQueryExecutor(schema);
    const counting: PlainQueryExecutor = {
      run: async (...args) => {
        const text = await plain.run(...args);
        if (text !== null) answered++;
        return text;
      },
    };
    for (const plainQueries of [undefined, counting]) {
      const handler = createGraphQLHttpHandler(apollo, {
        context: async (req) => ({ who: String(req.headers['x-who']) }),
        ...(plainQueries ? { plainQueries } : {}),
      });
      const server = createServer((req, res) => void handler(req, res));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    }
  });
  afterAll(async () => {
    await apollo.stop();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  /** Status, content type and body from Apollo alone and with the plain executor. */
  async function both(body: unknown, headers: Record<string, string> = {}) {
    return Promise.all(
      urls.map(async (url) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-who': 'ops', ...headers },
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          length: res.headers.get('content-length'),
          chunked: res.headers.get('transfer-encoding'),
          body: await res.text(),
        };
      }),
    );
  }

  const entities = {
    query:
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Vehicle{id speed(unit:"mph") name}}}',
    variables: {
      representations: [
        { __typename: 'Vehicle', id: 'a' },
        { __typename: 'Vehicle', id: 'gone' },
      ],
    },
  };
  const plainCases: [string, unknown, Record<string, string>?][] = [
    [
      'a query with variables',
      { query: 'query($n:Int!){vehicles(limit:$n){id speed}}', variables: { n: 3 } },
    ],
    ['an _entities fetch as the gateway sends it', entities, { accept: '*/*' }],
    [
      'a named operation of several',
      { query: 'query A{who} query B{vehicles(limit:1){id}}', operationName: 'B' },
    ],
    ['a query reading the context', { query: '{ who }' }, { accept: 'application/json' }],
  ];
  for (const [name, body, headers] of plainCases) {
    it(`answers as Apollo does without it: ${name}`, async () => {
      const before = answered;
      const [apolloOnly, withPlain] = await both(body, headers);
      expect(withPlain).toEqual(apolloOnly);
      expect(apolloOnly!.status).toBe(200);
      expect(answered).toBe(before + 1);
    });
  }

  const apolloCases: [string, unknown, Record<string, string>?][] = [
    ['a resolver error', { query: '{ broken who }' }],
    ['a validation error', { query: '{ nope }' }],
    ['a syntax error', { query: '{ who ' }],
    [
      'a variable error',
      { query: 'query($n:Int!){vehicles(limit:$n){id}}', variables: { n: 'x' } },
    ],
    ['a mutation', { query: 'mutation { touch }' }],
    ['an unknown operation name', { query: '{ who }', operationName: 'X' }],
    ['extensions', { query: '{ who }', extensions: { a: 1 } }],
    ['no query', { variables: {} }],
    ['another Accept', { query: '{ who }' }, { accept: 'application/graphql-response+json' }],
    ['a federated trace', { query: '{ who }' }, { 'apollo-federation-include-trace': 'ftv1' }],
  ];
  for (const [name, body, headers] of apolloCases) {
    it(`leaves it to Apollo: ${name}`, async () => {
      const before = answered;
      const [apolloOnly, withPlain] = await both(body, headers);
      if (headers?.['apollo-federation-include-trace']) {
        // The trace holds timings: only the shape can match.
        expect(withPlain!.status).toBe(apolloOnly!.status);
        expect(JSON.parse(withPlain!.body)).toHaveProperty('extensions.ftv1');
      } else expect(withPlain).toEqual(apolloOnly);
      expect(answered).toBe(before);
    });
  }
});
