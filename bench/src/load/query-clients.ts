import { Agent, request } from 'node:http';
import { Reservoir } from '../measure/percentiles.js';

export const FEDERATED_QUERY = `query Bench($bbox: BoundingBox) { vehicles(filter: { bbox: $bbox, limit: 25 }) {
  id speed position { latitude longitude } roadSegment { id name currentSpeed congestionLevel } } }`;

/** The response's GraphQL errors ([] when none); undefined when the body is not JSON (a proxy's page). */
function graphqlErrors(body: string): { extensions?: { code?: string } }[] | undefined {
  try {
    return (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
  } catch {
    return undefined;
  }
}

/**
 * M HTTP clients sending the federated query (vehicles from one subgraph, their road segment from
 * traffic) at a fixed total rate. Latency is measured from the scheduled send time, so a slow
 * gateway cannot hide its queueing (no coordinated omission).
 */
export class QueryClients {
  readonly latency = new Reservoir();
  ok = 0;
  failed = 0;
  /** Failures by reason: the first error's extensions.code, `HTTP <status>`, or the exception's name (TimeoutError: no answer in 10 s). */
  readonly failureReasons: Record<string, number> = {};
  measuring = false;
  private running = false;
  private loops: Promise<void>[] = [];

  private readonly target: URL;
  private agent = new Agent({ keepAlive: true });

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.target = new URL(url);
  }

  start(clients: number, ratePerSecond: number): void {
    if (clients <= 0 || ratePerSecond <= 0) return;
    this.running = true;
    this.agent = new Agent({ keepAlive: true, maxSockets: clients });
    const period = (1000 * clients) / ratePerSecond;
    for (let c = 0; c < clients; c++) this.loops.push(this.loop(c, period, clients));
  }

  private async loop(c: number, period: number, clients: number): Promise<void> {
    let next = performance.now() + (period * c) / clients;
    let i = c;
    while (this.running) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!this.running) break;
      const scheduled = next;
      next += period;
      const lat = 37.72 + ((i * 0.0137) % 0.08);
      const lon = -122.5 + ((i * 0.0211) % 0.12);
      i += clients;
      try {
        const { status, body } = await this.post(
          JSON.stringify({
            query: FEDERATED_QUERY,
            variables: {
              bbox: { minLat: lat, minLon: lon, maxLat: lat + 0.015, maxLon: lon + 0.015 },
            },
          }),
        );
        const errors = graphqlErrors(body);
        if (status === 200 && errors?.length === 0) this.ok++;
        else this.fail(errors?.[0]?.extensions?.code ?? `HTTP ${status}`);
      } catch (error) {
        this.fail((error as NodeJS.ErrnoException).code ?? (error as Error).name);
      }
      if (this.measuring) this.latency.add(performance.now() - scheduled);
    }
  }

  /**
   * One POST on a keep-alive connection. node:http, not fetch: 7.8 % CPU at 300 requests/s
   * against fetch's 19.5 % (measured in `npm run bench`), CPU the client takes from the stack
   * under test on the same cores. No answer within 10 s: TimeoutError.
   */
  private post(payload: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.target,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${this.token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      const deadline = setTimeout(
        () => req.destroy(Object.assign(new Error('no answer in 10 s'), { name: 'TimeoutError' })),
        10_000,
      );
      req.on('close', () => clearTimeout(deadline));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private fail(reason: string): void {
    this.failed++;
    this.failureReasons[reason] = (this.failureReasons[reason] ?? 0) + 1;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
    this.agent.destroy();
  }
}
