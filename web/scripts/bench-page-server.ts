import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createWebServer } from '../server/create-web-server.js';

/**
 * Serves the built console (building it first when `dist/bench.html` is missing) on a free port
 * with no gateway behind it: the map benchmarks drive `bench.html`, which feeds its own data.
 */
export async function startBenchPageServer(): Promise<{ base: string; stop(): Promise<void> }> {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  if (!existsSync(`${dist}/bench.html`)) {
    const built = spawnSync('npm', ['run', 'build', '-w', '@city/web'], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(1);
  }
  const web = createWebServer({
    distDir: dist,
    gatewayUrl: 'http://127.0.0.1:9/graphql',
    publicGatewayUrl: '',
    mapboxToken: '',
    devSignIn: false,
    jwtSecret: '',
    port: 0,
    host: '127.0.0.1',
  });
  return { base: await web.start(), stop: () => web.stop() };
}
