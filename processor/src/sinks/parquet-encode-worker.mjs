// Worker thread of the Parquet encoder pool (parquet-encoder-pool.ts): encodes off the event loop.
import { parentPort } from 'node:worker_threads';
import { encodeRows } from './parquet-encode-core.mjs';

parentPort.on('message', async ({ id, topic, fields, rows, metadata }) => {
  try {
    const body = await encodeRows(topic, fields, rows, metadata);
    // Copy into a standalone ArrayBuffer so it can be transferred, not cloned.
    const out = new Uint8Array(body.length);
    out.set(body);
    parentPort.postMessage({ id, body: out }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
