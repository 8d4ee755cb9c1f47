// npm run up: the whole city. Starts Kafka and S3 (unless external ones answer), creates topics and
// the bucket, migrates the database, then runs every platform service in the foreground until
// Ctrl-C. Kafka and S3 keep running afterwards (npm run infra:down stops them).
import { spawnSync } from 'node:child_process';
import { loadInfraConfig } from '../config.js';
import { localInfraFromConfig } from '../local-infra.js';
import { REPO_ROOT } from '../paths.js';
import { availableServices } from '../stack/services.js';
import {
  startService,
  stopServices,
  waitForHttp,
  type RunningService,
} from '../stack/supervisor.js';
import { upInfra } from '../up.js';

function npmRun(script: string): void {
  console.log(`==> npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}

async function main(): Promise<void> {
  // Node 20 is supported by the SDK until 2027; its notice would repeat on every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = loadInfraConfig();
  const { missing } = await upInfra(config, localInfraFromConfig(config), console.log);
  if (missing.length > 0) {
    for (const problem of missing) console.error(`MISSING: ${problem}`);
    process.exit(1);
  }
  npmRun('db:generate');
  npmRun('db:migrate');

  const env = {
    ...process.env,
    KAFKA_BROKERS: config.kafkaBrokers.join(','),
    S3_ENDPOINT: config.s3Endpoint,
  };
  const running: RunningService[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping services... (Kafka and S3 keep running: npm run infra:down stops them)');
    await stopServices(running);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (const spec of availableServices()) {
    const service = startService(spec, env, (line) => console.log(line));
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(`${spec.name} exited (code ${code}); stopping the stack`);
        void stop(1);
      }
    });
    if (spec.healthUrl && !(await waitForHttp(spec.healthUrl, 60_000))) {
      console.error(`${spec.name} did not become healthy at ${spec.healthUrl}`);
      await stop(1);
    }
  }

  console.log('\nThe city is up:');
  console.log(`  Kafka      ${config.kafkaBrokers.join(',')}`);
  console.log(`  S3         ${config.s3Endpoint} (bucket ${config.s3Bucket})`);
  console.log(`  Redis      ${config.redisUrl}`);
  console.log(`  PostgreSQL ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`);
  for (const service of running) {
    console.log(`  ${service.spec.name.padEnd(10)} ${service.spec.url ?? 'running'}`);
  }
  console.log('Ctrl-C stops the services.\n');
}

main().catch((error: unknown) => {
  console.error(`up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
