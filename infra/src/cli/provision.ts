// npm run infra:provision: for servers someone else runs (docker compose, a cloud): creates the
// topics and the bucket, starts nothing.
import { loadInfraConfig } from '../config.js';
import { createS3Client, ensureBucket } from '../s3/create-s3-client.js';
import { createPlatformTopics, describeTopics } from '../up.js';
import { runCli } from './run-cli.js';

runCli('infra:provision', async () => {
  const config = loadInfraConfig();
  console.log(describeTopics(await createPlatformTopics(config)));
  const s3 = createS3Client(config);
  try {
    await ensureBucket(s3, config.s3Bucket);
    console.log(`Bucket ${config.s3Bucket} ready at ${config.s3Endpoint}`);
  } finally {
    s3.destroy();
  }
});
