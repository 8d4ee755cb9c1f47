// npm run infra:down: stops the Kafka and S3 servers that infra:up started (data is kept).
import { loadInfraConfig } from '../config.js';
import { downInfra } from '../down.js';
import { localInfraFromConfig } from '../local-infra.js';
import { runCli } from './run-cli.js';

runCli('infra:down', async () => {
  const config = loadInfraConfig();
  await downInfra(localInfraFromConfig(config), {
    timeoutMs: config.stopTimeoutMs,
    say: console.log,
  });
});
