// npm run infra:fetch: downloads the Kafka broker jars from Maven Central unless present.
import { loadInfraConfig } from '../config.js';
import { fetchKafka } from '../kafka/fetch-kafka.js';
import { runCli } from './run-cli.js';

runCli('infra:fetch', async () => {
  const config = loadInfraConfig();
  fetchKafka({ libsDir: config.kafkaLibsDir, say: console.log });
});
