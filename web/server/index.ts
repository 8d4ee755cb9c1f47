import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createLogger } from '@city/log';
import { loadWebConfig } from './config.js';
import { createWebServer } from './create-web-server.js';

const log = createLogger({ service: 'web' });
const config = loadWebConfig();
const production = config.nodeEnv === 'production';
const distDir = config.distDir || fileURLToPath(new URL('../dist', import.meta.url));

// `npm run up` on a fresh clone: build once when there is no build yet.
if (!existsSync(`${distDir}/index.html`)) {
  log.info({ distDir }, 'no build found: running npm run build -w @city/web');
  const result = spawnSync('npm', ['run', 'build', '-w', '@city/web'], { stdio: 'inherit' });
  if (result.status !== 0) {
    log.error({ status: result.status }, 'build failed');
    process.exit(1);
  }
}

const web = createWebServer({
  distDir,
  gatewayUrl: config.gatewayUrl,
  publicGatewayUrl: config.publicGatewayUrl,
  mapboxToken: config.mapboxToken,
  devSignIn: config.devSignIn && !production,
  jwtSecret: config.jwtSecret,
  port: config.port,
  host: config.host,
});
const url = await web.start();
log.info({ url, gateway: config.gatewayUrl, mapbox: Boolean(config.mapboxToken) }, 'console up');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping');
    void web.stop().then(() => process.exit(0));
  });
}
