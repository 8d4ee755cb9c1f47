// npm run infra:up: starts local Kafka and S3 (unless running), creates topics and the bucket,
// checks Redis and PostgreSQL. Running it again is harmless.
import { loadInfraConfig } from '../config.js';
import { localInfraFromConfig } from '../local-infra.js';
import { upInfra } from '../up.js';
import { runCli } from './run-cli.js';

runCli('infra:up', async () => {
  const config = loadInfraConfig();
  const { missing } = await upInfra(config, localInfraFromConfig(config), console.log);
  console.log(`Kafka: KAFKA_BROKERS=${config.kafkaBrokers.join(',')}`);
  console.log(`S3: S3_ENDPOINT=${config.s3Endpoint} S3_BUCKET=${config.s3Bucket}`);
  for (const problem of missing) console.error(`MISSING: ${problem}`);
  return missing.length > 0 ? 1 : 0;
});
