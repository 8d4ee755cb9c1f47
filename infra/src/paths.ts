import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file lives at infra/src/paths.ts. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const INFRA_DIR = path.join(REPO_ROOT, 'infra');
export const KAFKA_POM = path.join(INFRA_DIR, 'kafka', 'pom.xml');
export const KAFKA_LOG4J_CONFIG = path.join(INFRA_DIR, 'kafka', 'log4j2.properties');
/** Entry point of the detached S3 server process. */
export const S3_SERVER_ENTRY = path.join(INFRA_DIR, 'src', 's3-server.ts');
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, '.cache');
