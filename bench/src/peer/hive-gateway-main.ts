// Child-process entry: Hive Gateway (@graphql-hive/gateway, as a library) over our supergraph and
// the bench's four subgraphs, HTTP and graphql-ws on one port, fully offline (no Hive console or
// registry: the supergraph is gateway/supergraph.graphql, the subgraph URLs come from the env).
// The server wiring is what the hive-gateway CLI does for Node (startNodeHttpServer), minus TLS.
import fs from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { cityAuthPlugin } from './hive-auth-plugin.js';
import { hiveTransportEntries } from './hive-transport-entries.js';

const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const port = Number(required('HIVE_GATEWAY_PORT'));
const gatewaySecret =
  process.env.GATEWAY_SHARED_SECRET ?? 'development-gateway-secret-not-for-production';
const jwtSecret = process.env.JWT_SECRET ?? 'development-jwt-secret-not-for-production';

const runtime = createGatewayRuntime({
  supergraph: fs.readFileSync(required('HIVE_SUPERGRAPH'), 'utf8'),
  transportEntries: hiveTransportEntries(
    {
      vehicles: required('VEHICLES_SUBGRAPH_URL'),
      emergencies: required('EMERGENCIES_SUBGRAPH_URL'),
      environment: required('ENVIRONMENT_SUBGRAPH_URL'),
      traffic: required('TRAFFIC_SUBGRAPH_URL'),
    },
    gatewaySecret,
  ),
  plugins: () => [cityAuthPlugin({ jwtSecret, gatewaySecret })],
  logging: process.env.HIVE_LOG_LEVEL === 'debug' ? 'debug' : 'warn',
  graphiql: false,
  landingPage: false,
  maskedErrors: false,
});

const server = createServer(runtime);
const wss = new WebSocketServer({ server, path: runtime.graphqlEndpoint });
const ws = useServer(
  getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => ({
    req: ctx.extra.request,
    socket: ctx.extra.socket,
    request: new runtime.fetchAPI.Request(`http://127.0.0.1:${port}${runtime.graphqlEndpoint}`, {
      headers: Object.entries(ctx.extra.request.headers).flatMap(([k, v]) =>
        typeof v === 'string' ? [[k, v] as [string, string]] : [],
      ),
    }),
  })),
  wss,
);
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ msg: 'hive gateway listening', port })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const client of wss.clients) client.close(1001, 'Going away');
  await ws.dispose();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await runtime.dispose();
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
