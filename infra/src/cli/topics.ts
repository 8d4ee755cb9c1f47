// npm run infra:topics: creates (or grows) every contract topic and its dead-letter topic.
import { loadInfraConfig } from '../config.js';
import { createPlatformTopics, describeTopics } from '../up.js';
import { runCli } from './run-cli.js';

runCli('infra:topics', async () => {
  const config = loadInfraConfig();
  const result = await createPlatformTopics(config);
  console.log(describeTopics(result));
  for (const topic of result.created) console.log(`  created ${topic}`);
  for (const topic of result.grown) console.log(`  grown ${topic}`);
});
