import { describe, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.js';

/** A Kafka stand-in whose commits resolve or fail when the test says so. */
function broker() {
  const calls: { offset: string; settle: (error?: Error) => void }[] = [];
  const errors: bigint[] = [];
  const queue = new CommitQueue({
    send: (offset) =>
      new Promise<void>((resolve, reject) =>
        calls.push({ offset, settle: (error) => (error ? reject(error) : resolve()) }),
      ),
    onError: (_error, offset) => errors.push(offset),
  });
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { calls, errors, queue, flush };
}

describe('CommitQueue', () => {
  it('sends a request at once without making the caller wait', () => {
    const b = broker();
    b.queue.request('10');
    expect(b.calls.map((c) => c.offset)).toEqual(['10']);
    expect(b.queue.committed).toBeUndefined();
    expect(b.queue.requested).toBe(10n);
  });

  it('keeps one commit in flight and coalesces the requests made meanwhile into the newest', async () => {
    const b = broker();
    b.queue.request('10');
    b.queue.request('20');
    b.queue.request('30');
    expect(b.calls.map((c) => c.offset)).toEqual(['10']);
    b.calls[0]!.settle();
    await b.flush();
    expect(b.queue.committed).toBe(10n);
    expect(b.calls.map((c) => c.offset)).toEqual(['10', '30']);
    b.calls[1]!.settle();
    await b.flush();
    expect(b.queue.committed).toBe(30n);
  });

  it('never goes backwards', async () => {
    const b = broker();
    b.queue.request('30');
    b.calls[0]!.settle();
    await b.flush();
    b.queue.request('20');
    b.queue.request('30');
    expect(b.calls).toHaveLength(1);
  });

  it('keeps a failed offset until the next request or retry, then sends it again', async () => {
    const b = broker();
    b.queue.request('10');
    b.calls[0]!.settle(new Error('rebalancing'));
    await b.flush();
    expect(b.errors).toEqual([10n]);
    expect(b.calls).toHaveLength(1);
    expect(b.queue.requested).toBe(10n);
    b.queue.retry();
    expect(b.calls.map((c) => c.offset)).toEqual(['10', '10']);
    b.calls[1]!.settle();
    await b.flush();
    expect(b.queue.committed).toBe(10n);
  });

  it('a newer request after a failure replaces the failed offset', async () => {
    const b = broker();
    b.queue.request('10');
    b.queue.request('20');
    b.calls[0]!.settle(new Error('timeout'));
    await b.flush();
    // 20 was asked for while 10 was in flight: it stays pending (not overwritten by 10), unsent.
    expect(b.calls).toHaveLength(1);
    b.queue.request('25');
    expect(b.calls.map((c) => c.offset)).toEqual(['10', '25']);
  });

  it('drain waits until Kafka has the newest offset and reports a final failure', async () => {
    const b = broker();
    b.queue.request('10');
    b.queue.request('20');
    let drained = false;
    const draining = b.queue.drain().then(() => (drained = true));
    b.calls[0]!.settle();
    await b.flush();
    expect(drained).toBe(false);
    b.calls[1]!.settle();
    await draining;
    expect(b.queue.committed).toBe(20n);

    b.queue.request('30');
    const failing = b.queue.drain();
    b.calls[2]!.settle(new Error('broker gone'));
    await expect(failing).rejects.toThrow('broker gone');
    expect(b.queue.requested).toBe(30n);
  });
});
