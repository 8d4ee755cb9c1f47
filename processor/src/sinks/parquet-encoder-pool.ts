import { Worker } from 'node:worker_threads';
import { RetriableError } from '@city/errors';
import type { ArchivedRow, ParquetEncoder } from './parquet-file.js';
import { parquetFieldsFor } from './parquet-schema.js';

export interface ParquetEncoderPool {
  readonly encode: ParquetEncoder;
  close(): Promise<void>;
}

interface Pending {
  resolve(body: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

const WORKER_URL = new URL('./parquet-encode-worker.mjs', import.meta.url);

/**
 * Parquet encoding (parquetjs-lite's row shredding, CPU- and allocation-heavy) in worker threads,
 * so it runs beside the event loop instead of stalling every partition's batch. Jobs go to the
 * slot with the fewest in flight. A worker that dies fails its jobs with a retriable error (the
 * sink retries) and is replaced on the next job.
 */
export function createParquetEncoderPool(size = 1): ParquetEncoderPool {
  const slots: (Slot | undefined)[] = Array.from({ length: Math.max(1, size) }, () => undefined);
  let nextId = 0;

  function spawn(index: number): Slot {
    const worker = new Worker(WORKER_URL);
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    const fail = (error: Error) => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    };
    worker.on('message', (m: { id: number; body?: Uint8Array; error?: string }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.body) p.resolve(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength));
      else p.reject(new Error(`parquet encoding failed: ${m.error}`));
    });
    worker.on('error', (error) => fail(new RetriableError(`parquet worker: ${error.message}`)));
    worker.on('exit', (code) => fail(new RetriableError(`parquet worker exited (${code})`)));
    return (slots[index] = slot);
  }

  function pick(): Slot {
    let best = 0;
    for (let i = 1; i < slots.length; i++) {
      if ((slots[i]?.pending.size ?? 0) < (slots[best]?.pending.size ?? 0)) best = i;
    }
    return slots[best] ?? spawn(best);
  }

  return {
    encode(topic, rows: readonly ArchivedRow[], metadata = {}) {
      const slot = pick();
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, topic, fields: parquetFieldsFor(topic), rows, metadata });
      });
    },
    async close() {
      const running = slots.filter((s): s is Slot => s !== undefined);
      slots.fill(undefined);
      await Promise.all(running.map((s) => s.worker.terminate()));
    },
  };
}
