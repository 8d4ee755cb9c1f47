import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';

// graphql's CommonJS build, the one @apollo/subgraph builds the schema with: Node resolves
// `import 'graphql'` to it too, but Vite (vitest) picks the ESM build, whose realm checks reject
// the schema.
const { execute, getOperationAST, parse, specifiedRules, validate } = createRequire(
  import.meta.url,
)('graphql') as typeof GraphQL;

/** Query texts kept parsed and validated; past it the cache starts over. */
const MAX_DOCUMENTS = 1000;

export interface PlainQueryExecutor {
  /**
   * The response body (HTTP 200, `application/json; charset=utf-8`) of a query that executes
   * without errors, or null when Apollo Server has to answer the request.
   */
  run(
    body: unknown,
    headers: IncomingHttpHeaders,
    context: () => Promise<object>,
  ): Promise<string | null>;
}

const jsonAccept = (accept: string | undefined) =>
  accept === undefined || accept === '*/*' || accept === 'application/json';

/**
 * graphql-js `execute` on the schema without Apollo Server's request pipeline (query hash,
 * document store, plugin hooks, response head), for the requests whose answer is Apollo's
 * anyway: a query (not a mutation) with plain `query`/`variables`/`operationName`, a JSON
 * Accept, no federated trace asked for, that parses, validates with graphql-js' rules (the
 * subgraphs add none) and executes without errors; the body is then Apollo's
 * `JSON.stringify({ data }) + '\n'`. Anything else returns null and goes to Apollo, which
 * re-executes an erroring query so that its errors are formatted and logged as before. The
 * pipeline cost ~100 µs of CPU per request against ~175 µs for the execution itself
 * (docs/benchmarks.md, gateway).
 */
export function createPlainQueryExecutor(schema: GraphQLSchema): PlainQueryExecutor {
  // null: the query text does not parse or validate, Apollo answers.
  const documents = new Map<string, DocumentNode | null>();
  function documentOf(query: string): DocumentNode | null {
    let document = documents.get(query);
    if (document !== undefined) return document;
    try {
      document = parse(query);
      if (validate(schema, document, specifiedRules).length > 0) document = null;
    } catch {
      document = null;
    }
    if (documents.size >= MAX_DOCUMENTS) documents.clear();
    documents.set(query, document);
    return document;
  }

  return {
    async run(body, headers, context) {
      if (!jsonAccept(headers.accept) || headers['apollo-federation-include-trace'] !== undefined)
        return null;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
      const { query, variables, operationName, ...rest } = body as Record<string, unknown>;
      if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
      if (
        variables !== undefined &&
        (typeof variables !== 'object' || variables === null || Array.isArray(variables))
      )
        return null;
      if (operationName !== undefined && typeof operationName !== 'string') return null;
      const document = documentOf(query);
      if (!document) return null;
      if (getOperationAST(document, operationName)?.operation !== 'query') return null;
      const result = await execute({
        schema,
        document,
        contextValue: await context(),
        variableValues: variables as Record<string, unknown> | undefined,
        operationName,
      });
      if (result.errors) return null;
      return `${JSON.stringify({ data: result.data })}\n`;
    },
  };
}
