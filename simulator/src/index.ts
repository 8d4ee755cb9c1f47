import { createLogger } from '@city/log';
import { startSimulator } from './app.js';
import { FLAGS, loadSimulatorConfig } from './config.js';

const config = loadSimulatorConfig();
if (config.help) {
  console.log(
    `Usage: npm run sim -- [--flag value]...\nFlags (each overrides its environment variable):`,
  );
  for (const [flag, variable] of Object.entries(FLAGS))
    console.log(`  --${flag.padEnd(20)} ${variable}`);
  process.exit(0);
}
const logger = createLogger({ service: 'simulator', level: config.logLevel });
const handle = await startSimulator(config, { logger });

let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down: flushing the producer');
    void handle.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

try {
  await handle.done;
  await handle.stop();
} catch (error) {
  logger.error({ err: error }, 'simulator failed');
  await handle.stop().catch(() => {});
  process.exitCode = 1;
}
