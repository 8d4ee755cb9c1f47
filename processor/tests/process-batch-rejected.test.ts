// processBatch with offsets a sink refused (BatchOptions.rejected), with fakes for every sink:
// the refused event is dead-lettered, not archived, not applied; its offset stays in the
// checkpoint, so a replay after a restart archives every other offset and this one never.
import { EXAMPLE_EVENTS, type DeadLetter } from '@city/contracts';
import { createLogger } from '@city/log';
import { describe, expect, it } from 'vitest';
import { createProcessorMetrics } from '../src/metrics/processor-metrics.js';
import type { DomainStage, InputEvent } from '../src/pipeline/types.js';
import type { RawMessage } from '../src/runtime/decode-message.js';
import { CommitQueue } from '../src/runtime/commit-queue.js';
import { PartitionState } from '../src/runtime/partition-state.js';
import { processBatch, type BatchDeps } from '../src/runtime/process-batch.js';
import type { Checkpoint } from '../src/sinks/checkpoint-store.js';

const TOPIC = 'emergency_incident_data' as const;

function harness() {
  const applied: string[] = [];
  const letters: DeadLetter[] = [];
  const checkpoints = new Map<string, Checkpoint>();
  const commits: string[] = [];
  const stage: DomainStage<{ n: number }> = {
    domain: 'emergencies',
    topics: [TOPIC],
    tables: [],
    createState: () => ({ n: 0 }),
    apply(input: InputEvent, state) {
      state.n++;
      applied.push(input.offset);
      return { hot: [], durable: [], changes: [], emits: [], counters: {} };
    },
    snapshot: (state) => state,
    restore: (snapshot) => ({ ...(snapshot as { n: number }) }),
  };
  const metrics = createProcessorMetrics();
  const deps: BatchDeps<{ n: number }> = {
    stage,
    settings: {
      allowedLatenessMs: 30_000,
      maxFutureMs: 300_000,
      parquetMaxRows: 1_000,
      parquetMaxAgeMs: 3_600_000,
      retryBaseMs: 1,
      retryMaxMs: 1,
      redisKeyPrefix: 't:',
    },
    sinks: {
      postgres: { write: async () => undefined },
      parquet: { write: async () => [] } as unknown as BatchDeps<unknown>['sinks']['parquet'],
      hot: {
        write: async () => undefined,
        checkpoint: async (key, checkpoint) => void checkpoints.set(key, checkpoint),
      },
      feed: { publish: async () => undefined } as unknown as BatchDeps<unknown>['sinks']['feed'],
      kafka: {
        send: async (_emits, deadLetters) => {
          letters.push(...deadLetters);
          return { invalid: [], sent: {} };
        },
      },
    },
    metrics,
    log: createLogger({ service: 'test', level: 'silent' }),
    clock: () => Date.now(),
    normalise: (_topic, parsed) => parsed,
    ownsDeadLetters: true,
    stopping: () => false,
  };
  const control = {
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    pause: () => () => undefined,
  };
  const newPart = () => {
    const part = new PartitionState<{ n: number }>(TOPIC, `${TOPIC}.x`, 0, true);
    part.restore(stage, [...checkpoints.values()][0]);
    part.commits = new CommitQueue({ send: async (offset) => void commits.push(offset) });
    return part;
  };
  return { deps, control, applied, letters, checkpoints, commits, metrics, newPart };
}

const messages: RawMessage[] = [0, 1, 2].map((i) => ({
  key: Buffer.from(`inc-${i}`),
  value: Buffer.from(
    JSON.stringify({
      ...EXAMPLE_EVENTS[TOPIC],
      incidentId: `inc-${i}`,
      timestamp: new Date(Date.now() - 1_000 + i).toISOString(),
    }),
  ),
  offset: String(i),
  timestamp: String(Date.now()),
}));

const rejection = { sink: 'postgres', code: '22003', message: 'value out of range' };

describe('processBatch with refused offsets', () => {
  it('dead-letters the refused event instead of archiving and applying it', async () => {
    const h = harness();
    const part = h.newPart();
    const result = await processBatch(h.deps, part, messages, h.control, {
      rejected: new Map([['1', rejection]]),
    });
    expect(result).toMatchObject({ applied: 2, deadLetters: 1 });
    expect(h.applied).toEqual(['0', '2']);
    expect(part.buffer!.rows.map((r) => r.offset)).toEqual(['0', '2']);
    expect(h.letters).toEqual([
      expect.objectContaining({
        reason: 'sink_rejected',
        originalTopic: `${TOPIC}.x`,
        partition: 0,
        offset: '1',
        key: 'inc-1',
        payload: messages[1]!.value!.toString(),
        errors: [{ path: '', message: 'postgres refused the write (22003): value out of range' }],
        sink: { name: 'postgres', code: '22003', message: 'value out of range' },
      }),
    ]);
    const checkpoint = [...h.checkpoints.values()][0]!;
    expect(checkpoint).toMatchObject({ offset: '2', rejected: ['1'] });
    const counted = (await h.metrics.deadLetters.get()).values;
    expect(counted).toEqual([
      expect.objectContaining({
        labels: expect.objectContaining({ reason: 'sink_rejected' }),
        value: 1,
      }),
    ]);
  });

  it('a replay after a restart archives every offset but the refused one, and sends nothing', async () => {
    const h = harness();
    await processBatch(h.deps, h.newPart(), messages, h.control, {
      rejected: new Map([['1', rejection]]),
    });
    // The buffer was never uploaded: the commit stayed at its first row, Kafka re-delivers all.
    expect(h.commits).toEqual(['0']);
    const restarted = h.newPart();
    expect([...restarted.rejected]).toEqual(['1']);
    const replay = await processBatch(h.deps, restarted, messages, h.control);
    expect(replay).toMatchObject({ applied: 0, replayed: 2, deadLetters: 0 });
    expect(restarted.buffer!.rows.map((r) => r.offset)).toEqual(['0', '2']);
    expect(h.letters).toHaveLength(1);
    expect(h.applied).toEqual(['0', '2']);
  });

  it('does not commit past the rows of an upload that failed while the batch ran', async () => {
    const h = harness();
    const part = h.newPart();
    // Offset 0's row left the buffer for an upload that fails for good during the next batch.
    part.upload = { firstOffset: '0', done: new Promise(() => undefined) };
    const failingUpload = {
      ...h.deps,
      sinks: {
        ...h.deps.sinks,
        postgres: {
          write: async () => {
            part.uploadError = new Error('S3 refused the file');
            part.upload = undefined;
          },
        },
      },
    };
    await processBatch(failingUpload, part, messages.slice(1), h.control);
    expect(h.commits).toEqual([]);
  });

  it('forgets refused offsets once the commit has passed them', async () => {
    const h = harness();
    const part = h.newPart();
    await processBatch(h.deps, part, messages.slice(0, 2), h.control, {
      rejected: new Map([['1', rejection]]),
    });
    expect([...part.rejected]).toEqual(['1']);
    // The rows reached S3 and a commit passed offset 1 (as the idle flush does).
    part.buffer!.take();
    part.commits!.request(2n);
    await new Promise((resolve) => setImmediate(resolve));
    expect(part.committed).toBe(2n);
    await processBatch(h.deps, part, messages.slice(2), h.control);
    expect([...part.rejected]).toEqual([]);
    expect([...h.checkpoints.values()][0]).toMatchObject({ offset: '2', rejected: [] });
  });

  it('does not send a dead letter again that an earlier attempt of the batch sent', async () => {
    const h = harness();
    const bad = { ...messages[1]!, value: Buffer.from('{not json') };
    const sentDeadLetters = new Set<string>();
    const failing = {
      ...h.deps,
      sinks: {
        ...h.deps.sinks,
        postgres: {
          write: async () => {
            throw Object.assign(new Error('out of range'), { code: '22003' });
          },
        },
      },
    };
    const batch = [messages[0]!, bad, messages[2]!];
    await expect(
      processBatch(failing, h.newPart(), batch, h.control, { sentDeadLetters }),
    ).rejects.toThrow('out of range');
    expect(h.letters.map((l) => l.offset)).toEqual(['1']);
    expect([...sentDeadLetters]).toEqual(['1']);
    const result = await processBatch(h.deps, h.newPart(), batch, h.control, { sentDeadLetters });
    expect(result).toMatchObject({ deadLetters: 1 });
    expect(h.letters.map((l) => l.offset)).toEqual(['1']);
    const counted = (await h.metrics.deadLetters.get()).values;
    expect(counted).toEqual([
      expect.objectContaining({
        labels: expect.objectContaining({ reason: 'invalid_json' }),
        value: 1,
      }),
    ]);
  });
});
