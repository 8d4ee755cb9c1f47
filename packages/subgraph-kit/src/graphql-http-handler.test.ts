import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLHttpHandler, isPlainGraphQLPost } from './graphql-http-handler.js';

const request = (method: string, url: string, headers: Record<string, string> = {}) =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe('isPlainGraphQLPost', () => {
  const json = { 'content-type': 'application/json' };
  it('takes a JSON POST to /graphql, with or without a query string and a utf-8 charset', () => {
    expect(isPlainGraphQLPost(request('POST', '/graphql', json))).toBe(true);
    expect(isPlainGraphQLPost(request('POST', '/graphql?x=1', json))).toBe(true);
    expect(
      isPlainGraphQLPost(
        request('POST', '/graphql', { 'content-type': 'Application/JSON; charset=UTF-8' }),
      ),
    ).toBe(true);
  });
  it('leaves other methods, paths, types, charsets and compressed bodies to Express', () => {
    expect(isPlainGraphQLPost(request('GET', '/graphql', json))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphqlx', json))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql/x', json))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql'))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'text/plain' }))).toBe(
      false,
    );
    expect(
      isPlainGraphQLPost(
        request('POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }),
      ),
    ).toBe(false);
    expect(
      isPlainGraphQLPost(request('POST', '/graphql', { ...json, 'content-encoding': 'gzip' })),
    ).toBe(false);
  });
});

describe('createGraphQLHttpHandler', () => {
  let server: Server;
  let apollo: ApolloServer<{ who: string }>;
  let url: string;

  beforeAll(async () => {
    apollo = new ApolloServer<{ who: string }>({
      typeDefs: 'type Query { hello(name: String!): String! whoami: String! }',
      resolvers: {
        Query: {
          hello: (_p: unknown, { name }: { name: string }) => `hello ${name}`,
          whoami: (_p: unknown, _a: unknown, ctx: { who: string }) => ctx.who,
        },
      },
    });
    await apollo.start();
    const handler = createGraphQLHttpHandler(apollo, {
      context: async (req) => ({ who: String(req.headers['x-who']) }),
      maxBodyBytes: 1000,
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await apollo.stop();
    await new Promise((r) => server.close(r));
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers a query with variables and the context built from the request', async () => {
    const res = await post(
      JSON.stringify({
        query: 'query Q($n: String!) { hello(name: $n) whoami }',
        variables: { n: 'city' },
      }),
      { 'x-who': 'ops' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ data: { hello: 'hello city', whoami: 'ops' } });
  });

  it('returns Apollo errors as Apollo builds them (validation error: 400)', async () => {
    const res = await post(JSON.stringify({ query: '{ nope }' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an unparsable body with a JSON 400 carrying BAD_REQUEST', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(JSON.stringify({ query: `{ hello(name: "${'x'.repeat(2000)}") }` }));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
