import {
  CreateBucketCommand,
  HeadBucketCommand,
  S3Client,
  type S3ClientConfig as AwsS3ClientConfig,
} from '@aws-sdk/client-s3';

export interface S3ClientConfig {
  readonly s3Endpoint: string;
  readonly s3Region: string;
  readonly s3AccessKeyId: string;
  readonly s3SecretAccessKey: string;
}

export interface CreateS3ClientOptions {
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
}

/**
 * An S3 client for the configured endpoint. Checksums are only computed when an operation
 * requires one: with the SDK default (WHEN_SUPPORTED) streamed uploads are sent aws-chunked with
 * a trailing checksum, which s3rver (and some other S3-compatible stores) store verbatim, so the
 * object silently contains the chunk framing instead of the data.
 */
export function createS3Client(
  config: S3ClientConfig,
  options: CreateS3ClientOptions = {},
): S3Client {
  const settings: AwsS3ClientConfig = {
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    credentials: {
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
    },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
  if (options.requestTimeoutMs) {
    settings.requestHandler = {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.requestTimeoutMs,
    };
  }
  return new S3Client(settings);
}

/** Creates the bucket unless it exists. Returns true when it created it. */
export async function ensureBucket(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return false;
  } catch (error) {
    const name = (error as Error).name;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (name !== 'NotFound' && name !== 'NoSuchBucket' && status !== 404) throw error;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return false;
    throw error;
  }
}
