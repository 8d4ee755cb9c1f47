import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { createS3Client } from '../src/s3/create-s3-client.js';
import { uniqueName } from '../src/testing.js';

const config = loadInfraConfig(process.env, { warn: () => {} });

/** Yields `data` in uneven pieces, as a Parquet writer streaming row groups would. */
function chunked(data: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let offset = 0, size = 1; offset < data.length; size = (size * 7) % 300_000 || 1) {
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(pieces);
}

async function getBytes(client: ReturnType<typeof createS3Client>, key: string) {
  const object = await client.send(new GetObjectCommand({ Bucket: config.s3Bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('S3', () => {
  const client = createS3Client(config);
  const prefix = `${uniqueName('infra-test')}/`;
  // ~5 MB: the size of a batch Parquet file; random so no accidental equality.
  const data = randomBytes(5 * 1024 * 1024 + 12_345);

  afterAll(async () => {
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: config.s3Bucket, Prefix: prefix }),
    );
    const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key! }));
    if (keys.length > 0) {
      await client.send(
        new DeleteObjectsCommand({ Bucket: config.s3Bucket, Delete: { Objects: keys } }),
      );
    }
    client.destroy();
  });

  it('stores a streamed multipart upload byte for byte', async () => {
    const key = `${prefix}date=2026-01-02/part-0.parquet`;
    await new Upload({
      client,
      params: { Bucket: config.s3Bucket, Key: key, Body: chunked(data) },
    }).done();

    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: config.s3Bucket, Prefix: prefix }),
    );
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([[key, data.length]]);
    expect((await getBytes(client, key)).equals(data)).toBe(true);
  });

  it('stores a PutObject with a stream body byte for byte', async () => {
    const key = `${prefix}put-stream.parquet`;
    await client.send(
      new PutObjectCommand({
        Bucket: config.s3Bucket,
        Key: key,
        Body: chunked(data),
        ContentLength: data.length,
        ContentType: 'application/vnd.apache.parquet',
      }),
    );
    const stored = await getBytes(client, key);
    expect(stored.length).toBe(data.length);
    expect(stored.equals(data)).toBe(true);
  });
});
