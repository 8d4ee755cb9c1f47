import { loadInfraConfig, uniqueName } from '@city/infra';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createArchiveFence, newArchiveWriter } from '../src/sinks/archive-fence.js';

const infra = loadInfraConfig(process.env, { warn: () => {} });
const redis = new Redis(infra.redisUrl);
const prefix = `${uniqueName('fence')}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('archive fence (real Redis)', () => {
  const fence = createArchiveFence(redis, prefix, { pollMs: 5 });

  it('lets the newest owner write and fences out an older one', async () => {
    const older = newArchiveWriter();
    const newer = newArchiveWriter();
    const writes: string[] = [];
    expect(await fence.run('gps_data', 0, older, async () => void writes.push('older'))).toBe(true);
    expect(await fence.run('gps_data', 0, newer, async () => void writes.push('newer'))).toBe(true);
    expect(await fence.run('gps_data', 0, older, async () => void writes.push('late'))).toBe(false);
    expect(writes).toEqual(['older', 'newer']);
    // Other partitions are independent.
    expect(await fence.run('gps_data', 1, older, async () => void writes.push('p1'))).toBe(true);
  });

  it('makes a new owner wait for an older write in flight, which lands first', async () => {
    const older = newArchiveWriter();
    const newer = newArchiveWriter();
    const order: string[] = [];
    const release = deferred();
    const started = deferred();
    const olderWrite = fence.run('gps_data', 2, older, async () => {
      order.push('older started');
      started.resolve();
      await release.promise;
      order.push('older done');
    });
    await started.promise;
    const newerWrite = fence.run('gps_data', 2, newer, async () => void order.push('newer'));
    // The newer owner has claimed the partition but cannot write while the lease is held.
    await expect
      .poll(() => redis.get(`${prefix}processor:archive:owner:gps_data:2`))
      .toBe(newer.token);
    expect(order).toEqual(['older started']);
    release.resolve();
    expect(await olderWrite).toBe(true);
    expect(await newerWrite).toBe(true);
    expect(order).toEqual(['older started', 'older done', 'newer']);
  });

  it('aborts a write before its lease runs out', async () => {
    const short = createArchiveFence(redis, prefix, { leaseMs: 200, pollMs: 5 });
    const writer = newArchiveWriter();
    let aborted = false;
    await expect(
      short.run(
        'gps_data',
        3,
        writer,
        (signal) =>
          new Promise<void>((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason as Error);
            });
          }),
      ),
    ).rejects.toThrow();
    expect(aborted).toBe(true);
    // The lease was released: the next write goes through at once.
    expect(await short.run('gps_data', 3, writer, async () => undefined)).toBe(true);
  });

  it('claims again when Redis lost the owner key', async () => {
    const writer = newArchiveWriter();
    expect(await fence.run('gps_data', 4, writer, async () => undefined)).toBe(true);
    await redis.del(`${prefix}processor:archive:owner:gps_data:4`);
    expect(await fence.run('gps_data', 4, writer, async () => undefined)).toBe(true);
    expect(await redis.get(`${prefix}processor:archive:owner:gps_data:4`)).toBe(writer.token);
  });
});
