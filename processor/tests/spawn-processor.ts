import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROCESSOR_NODE_OPTIONS } from '@city/infra';
import { infra, type TestEnv } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The processor as deployed — its own process from `processor/src/index.ts` with the production
 * Node flags — on a test environment's topics, schema, Redis key prefix and S3 prefix, the vehicles
 * domain only; `env` adds or overrides variables (PROCESSOR_DOMAINS, batch settings, …).
 */
export function spawnProcessor(
  testEnv: TestEnv,
  port: number,
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  const databaseUrl = new URL(infra.databaseUrl);
  databaseUrl.searchParams.set('schema', testEnv.schema);
  return spawn(
    process.execPath,
    [...PROCESSOR_NODE_OPTIONS, '--import', 'tsx', 'processor/src/index.ts'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        // Development: production refuses the local S3 server's well-known credentials.
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        DATABASE_URL: databaseUrl.toString(),
        REDIS_KEY_PREFIX: testEnv.redisKeyPrefix,
        PROCESSOR_S3_PREFIX: testEnv.s3Prefix,
        PROCESSOR_DOMAINS: 'vehicles',
        PROCESSOR_TOPIC_SUFFIX: testEnv.topicSuffix,
        PROCESSOR_GROUP_PREFIX: testEnv.groupPrefix,
        PROCESSOR_PORT: String(port),
        ...env,
      },
    },
  );
}
