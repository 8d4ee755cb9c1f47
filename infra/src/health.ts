import { HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createKafka } from './kafka/create-kafka.js';
import { createS3Client, type S3ClientConfig } from './s3/create-s3-client.js';

/** Result of one probe: ok, or the reason in words. */
export type Probe = { ok: true; detail: string } | { ok: false; detail: string };

function failed(error: unknown): Probe {
  return { ok: false, detail: error instanceof Error ? error.message : String(error) };
}

/** Asks the brokers for cluster metadata, the same request clients start with. */
export async function probeKafka(brokers: readonly string[], timeoutMs = 3000): Promise<Probe> {
  const kafka = createKafka(
    { kafkaBrokers: brokers, kafkaClientId: 'infra-probe' },
    {
      overrides: {
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        retry: { retries: 0 },
      },
    },
  );
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return {
      ok: true,
      detail: `${cluster.brokers.length} broker(s), cluster ${cluster.clusterId}`,
    };
  } catch (error) {
    return failed(error);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Lists buckets and, when `bucket` is given, checks it exists. */
export async function probeS3(config: S3ClientConfig, bucket?: string): Promise<Probe> {
  const client = createS3Client(config, { requestTimeoutMs: 3000, maxAttempts: 1 });
  try {
    await client.send(new ListBucketsCommand({}));
    if (bucket) await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return { ok: true, detail: bucket ? `bucket ${bucket} present` : 'answers' };
  } catch (error) {
    const name = (error as Error).name;
    if (bucket && (name === 'NotFound' || name === 'NoSuchBucket')) {
      return { ok: false, detail: `bucket ${bucket} does not exist` };
    }
    return failed(error);
  } finally {
    client.destroy();
  }
}

export async function probeRedis(url: string, timeoutMs = 3000): Promise<Probe> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {}); // reported through connect()
  try {
    await redis.connect();
    const pong = await redis.ping();
    return { ok: true, detail: pong };
  } catch (error) {
    return failed(error);
  } finally {
    redis.disconnect();
  }
}

export async function probePostgres(url: string, timeoutMs = 3000): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version() as version');
    return { ok: true, detail: rows[0]?.version.split(' ').slice(0, 2).join(' ') ?? 'answers' };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') return { ok: false, detail: (error as Error).message };
    return failed(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates the database named in `url` when the server answers but the database is missing.
 * Returns true when it created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return false;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return false; // created concurrently
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
