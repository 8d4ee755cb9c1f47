import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { AppError } from '@city/errors';
import { KAFKA_POM } from '../paths.js';

/** True when `libsDir` holds a Kafka broker jar. */
export function kafkaLibsPresent(libsDir: string): boolean {
  try {
    return fs.readdirSync(libsDir).some((name) => /^kafka_2\.13-.*\.jar$/.test(name));
  } catch {
    return false;
  }
}

function onPath(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export interface FetchKafkaOptions {
  readonly libsDir: string;
  readonly pom?: string;
  readonly say?: (message: string) => void;
}

/**
 * Copies the Kafka broker jars from Maven Central into `libsDir` unless they are there.
 * Returns whether it downloaded anything.
 */
export function fetchKafka(options: FetchKafkaOptions): boolean {
  const say = options.say ?? (() => {});
  if (kafkaLibsPresent(options.libsDir)) {
    say(`Kafka jars already in ${options.libsDir}`);
    return false;
  }
  if (!onPath('java', ['-version'])) {
    throw new AppError(
      'JAVA_MISSING',
      'java not found: Kafka needs a Java 17+ runtime (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17)',
    );
  }
  if (!onPath('mvn', ['-v'])) {
    throw new AppError(
      'MAVEN_MISSING',
      'mvn not found: Maven fetches the Kafka jars (Debian/Ubuntu: apt-get install -y maven; macOS: brew install maven)',
    );
  }
  say(`Fetching Kafka jars with Maven into ${options.libsDir} ...`);
  fs.mkdirSync(options.libsDir, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      options.pom ?? KAFKA_POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${options.libsDir}`,
      '-DincludeScope=runtime',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0 || !kafkaLibsPresent(options.libsDir)) {
    throw new AppError(
      'KAFKA_FETCH_FAILED',
      `Maven could not fetch Kafka (exit ${result.status ?? result.signal}); see its output above`,
    );
  }
  say('Kafka jars fetched.');
  return true;
}
