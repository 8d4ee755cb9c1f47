import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { PlainQueryExecutor } from './plain-query-executor.js';

export interface GraphQLHttpHandlerOptions<Context extends BaseContext> {
  readonly context: (req: IncomingMessage, res: ServerResponse) => Promise<Context>;
  /** Largest accepted body; larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** Answers the queries it can without Apollo's request pipeline (plain-query-executor.ts). */
  readonly plainQueries?: PlainQueryExecutor;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Whether the plain handler can take this request: a POST to exactly `path` with a JSON body that
 * is neither compressed nor in another charset. Anything else stays on the Express route, which
 * keeps its body-parser behaviour for the unusual cases.
 */
export function isPlainGraphQLPost(req: IncomingMessage, path = '/graphql'): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (!(url === path || (url.startsWith(path) && url.charCodeAt(path.length) === 63) /* ? */))
    return false;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  if (!type) return false;
  const [media, ...params] = type.split(';');
  if (media!.trim().toLowerCase() !== 'application/json') return false;
  return params.every((p) => {
    const [name, value] = p.split('=');
    return name!.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value?.trim() ?? '');
  });
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      ),
    );
    req.on('error', reject);
  });
}

/**
 * Apollo Server on node:http without Express for POST /graphql: read the body, parse JSON, run
 * `executeHTTPGraphQLRequest`, write the response in one `end`. Express's router, body-parser
 * and `res.send` (which hashed every body for an ETag) cost about a tenth of a subgraph's CPU per
 * request (docs/benchmarks.md, gateway). Responses are the ones Apollo builds, as before (with
 * `plainQueries`, error-free queries skip its pipeline for the same bytes); an unparsable body
 * gets a JSON 400 with `extensions.code` BAD_REQUEST.
 */
export function createGraphQLHttpHandler<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  options: GraphQLHttpHandlerOptions<Context>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res) => {
    let body: unknown;
    try {
      const text = await readBody(req, limit);
      try {
        body = text.length ? JSON.parse(text) : undefined;
      } catch {
        sendError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
        return;
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        sendError(res, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
      } else if (!res.headersSent) sendError(res, 400, 'BAD_REQUEST', 'request body not read');
      return;
    }
    if (options.plainQueries) {
      let text: string | null = null;
      try {
        text = await options.plainQueries.run(body, req.headers, () => options.context(req, res));
      } catch {
        // Apollo answers, with its own error handling (context failures included).
      }
      if (text !== null) {
        // Not writeHead: headers written before the body is known make the response chunked;
        // this way Node sends Content-Length and one write, as for Apollo's answers.
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(text);
        return;
      }
    }
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: 'POST',
          headers,
          search: q < 0 ? '' : url.slice(q),
          body,
        },
        context: () => options.context(req, res),
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      else res.destroy(error as Error);
    }
  };
}
