import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths.js';

export interface ServiceSpec {
  readonly name: string;
  /** Entry file relative to the repository root; the service is skipped until it exists. */
  readonly entry: string;
  /** Extra environment for this service. */
  readonly env?: Readonly<Record<string, string>>;
  /** URL printed once it runs, and polled (HTTP 2xx) to know it is ready. */
  readonly url?: string;
  readonly healthUrl?: string;
  /** Node/V8 flags before the entry. */
  readonly nodeOptions?: readonly string[];
}

/**
 * The processor's V8 flags, wherever it is started (npm scripts, Dockerfile/compose, `npm run up`,
 * the benchmark and e2e stacks): a 64 MiB young generation semi-space. Its event loop allocates
 * per event and spent 28 % of its busy time in GC with the default 16 MiB; measured 1.24× the
 * throughput alone and, in the full stack at 20,000 events/s, keeping up instead of falling 4 %
 * behind (docs/benchmarks.md, processor, 2026-12-07).
 */
export const PROCESSOR_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=64'];

/**
 * Every service `npm run up` starts, in start order. A part of the platform joins this list in the
 * same change that builds it.
 */
export const PLATFORM_SERVICES: readonly ServiceSpec[] = [
  {
    name: 'processor',
    entry: 'processor/src/index.ts',
    nodeOptions: PROCESSOR_NODE_OPTIONS,
    url: 'http://127.0.0.1:4010/metrics',
    healthUrl: 'http://127.0.0.1:4010/health',
  },
  { name: 'simulator', entry: 'simulator/src/index.ts' },
  {
    name: 'subgraph-vehicles',
    entry: 'subgraphs/vehicles/src/index.ts',
    url: 'http://127.0.0.1:4001/graphql',
    healthUrl: 'http://127.0.0.1:4001/health',
  },
  {
    name: 'subgraph-emergencies',
    entry: 'subgraphs/emergencies/src/index.ts',
    url: 'http://127.0.0.1:4002/graphql',
    healthUrl: 'http://127.0.0.1:4002/health',
  },
  {
    name: 'subgraph-environment',
    entry: 'subgraphs/environment/src/index.ts',
    url: 'http://127.0.0.1:4003/graphql',
    healthUrl: 'http://127.0.0.1:4003/health',
  },
  {
    name: 'subgraph-traffic',
    entry: 'subgraphs/traffic/src/index.ts',
    url: 'http://127.0.0.1:4004/graphql',
    healthUrl: 'http://127.0.0.1:4004/health',
  },
  {
    name: 'gateway',
    entry: 'gateway/src/index.ts',
    url: 'http://127.0.0.1:4000/graphql',
    healthUrl: 'http://127.0.0.1:4000/health',
  },
  {
    // Serves web/dist (built on first start when missing) and proxies /graphql to the gateway.
    name: 'web',
    entry: 'web/server/index.ts',
    url: 'http://127.0.0.1:3000/',
    healthUrl: 'http://127.0.0.1:3000/health',
  },
];

export function availableServices(
  services: readonly ServiceSpec[] = PLATFORM_SERVICES,
  root = REPO_ROOT,
): ServiceSpec[] {
  return services.filter((service) => existsSync(path.join(root, service.entry)));
}
