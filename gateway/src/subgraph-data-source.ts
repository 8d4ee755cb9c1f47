import { RemoteGraphQLDataSource } from '@apollo/gateway';

type GatewayRequest = Parameters<RemoteGraphQLDataSource['didEncounterError']>[4] & object;
type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type FetchRequest = Parameters<RemoteGraphQLDataSource['didEncounterError']>[1];
type FetchResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;

/**
 * RemoteGraphQLDataSource without the node-fetch `Request` its `sendRequest` builds on every
 * subgraph call only to hand to `parseBody` and `didEncounterError` (~3% of the gateway's CPU,
 * most of it node-fetch's URL parsing). The base `parseBody` and `didEncounterError` never read
 * it, so they get `undefined`: a subclass that overrides them must not rely on it. Everything
 * else (body, headers, errors, the response) is as in @apollo/gateway 2.x's `sendRequest`.
 */
export class SubgraphDataSource<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RemoteGraphQLDataSource's bound
  TContext extends Record<string, any> = Record<string, any>,
> extends RemoteGraphQLDataSource<TContext> {
  constructor(config?: ConstructorParameters<typeof RemoteGraphQLDataSource<TContext>>[0]) {
    super(config);
    // `sendRequest` is private in the declarations, so it is replaced on the instance.
    Object.assign(this, { sendRequest: this.send });
  }

  private async send(request: GatewayRequest, context: TContext): Promise<GatewayResponse> {
    if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
    const { http, ...requestWithoutHttp } = request;
    const requestInit = {
      method: http.method,
      headers: Object.fromEntries(http.headers),
      body: JSON.stringify(requestWithoutHttp),
    };
    const noRequest = undefined as unknown as FetchRequest;
    let fetchResponse: FetchResponse | undefined;
    try {
      fetchResponse = await this.fetcher(http.url, requestInit);
      if (!fetchResponse.ok) throw await this.errorFromResponse(fetchResponse);
      const body = await this.parseBody(fetchResponse, noRequest, context);
      if (typeof body !== 'object' || body === null)
        throw new Error(`Expected JSON response body, but received: ${String(body)}`);
      return { ...body, http: fetchResponse };
    } catch (error) {
      this.didEncounterError(error as Error, noRequest, fetchResponse, context, request);
      throw error;
    }
  }
}
