import { createLogger, type Logger } from '@city/log';
import type { SubgraphServer } from './create-subgraph-server.js';

/** The config fields a subgraph process starts from (subgraphConfigFields and LOG_LEVEL). */
export interface SubgraphProcessConfig {
  readonly logLevel: string;
  readonly port: number;
  readonly host: string;
  readonly gatewaySecret: string;
  readonly nodeEnv: string;
}

export interface SubgraphProcess {
  readonly log: Logger;
  /** The server options every subgraph takes from its config, to spread into its factory. */
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly gatewaySecret: string;
    readonly production: boolean;
    readonly log: Logger;
  };
  /** Closes `resource` with `close` once the server stopped; returns the resource. */
  closeOnStop<T>(resource: T, close: (resource: T) => Promise<unknown>): T;
}

/**
 * The bootstrap of a subgraph's process: a logger named `subgraph-<name>`, the server built by
 * `build` and started, and on SIGINT/SIGTERM the server stopped, then every resource registered
 * with `closeOnStop` closed (Redis, Prisma, Kafka producer), then exit.
 */
export async function runSubgraph(
  name: string,
  config: SubgraphProcessConfig,
  build: (process: SubgraphProcess) => SubgraphServer | Promise<SubgraphServer>,
): Promise<SubgraphServer> {
  const log = createLogger({ service: `subgraph-${name}`, level: config.logLevel });
  const closers: (() => Promise<unknown>)[] = [];
  const server = await build({
    log,
    server: {
      port: config.port,
      host: config.host,
      gatewaySecret: config.gatewaySecret,
      production: config.nodeEnv === 'production',
      log,
    },
    closeOnStop(resource, close) {
      closers.push(() => close(resource));
      return resource;
    },
  });
  await server.start();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'stopping');
      void server
        .stop()
        .then(() => Promise.all(closers.map((close) => close())))
        .finally(() => process.exit(0));
    });
  }
  return server;
}
