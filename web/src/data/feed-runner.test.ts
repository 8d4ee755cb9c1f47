import type { Client } from 'urql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCityStore, type CityStore } from './city-store.js';
import { runFeed, type Feed, type SocketEvents } from './feed-runner.js';

/** A socket whose connect and close the test drives. */
function fakeSocket() {
  let open = false;
  const listeners = { connected: new Set<() => void>(), closed: new Set<() => void>() };
  const socket: SocketEvents = {
    isOpen: () => open,
    on(event, listener) {
      listeners[event].add(listener);
      return () => void listeners[event].delete(listener);
    },
  };
  return {
    socket,
    connect() {
      open = true;
      listeners.connected.forEach((l) => l());
    },
    close() {
      open = false;
      listeners.closed.forEach((l) => l());
    },
  };
}

/** A feed whose snapshot the test resolves by hand and whose events it emits. */
function fakeFeed() {
  const log: string[] = [];
  let emit: (e: string) => void = () => {};
  let release: (() => void) | null = null;
  let subscribed = 0;
  const feed: Feed<string> = {
    name: 'test',
    pollMs: 1_000,
    snapshot: () =>
      new Promise<void>((resolve) => {
        log.push('snapshot');
        release = () => {
          log.push('snapshot applied');
          resolve();
        };
      }),
    live: {
      field: 'thingChanged',
      subscribe(_client, e) {
        subscribed++;
        emit = e;
        return () => subscribed--;
      },
      apply: (_store, events) => log.push(`apply ${events.join(',')}`),
    },
  };
  return {
    feed,
    log,
    emit: (e: string) => emit(e),
    release: () => release?.(),
    subscribed: () => subscribed,
  };
}

const client = {} as Client;
let store: CityStore;
beforeEach(() => {
  vi.useFakeTimers();
  store = createCityStore();
});
afterEach(() => vi.useRealTimers());

describe('runFeed', () => {
  it('loads a snapshot on every (re)connect, holding events that arrive meanwhile until after it', async () => {
    const s = fakeSocket();
    const f = fakeFeed();
    const stop = runFeed(f.feed, {
      client,
      store,
      socket: s.socket,
      subscriptionFields: new Set(['thingChanged']),
    });
    expect(f.subscribed()).toBe(1);
    expect(f.log).toEqual([]);
    s.connect();
    f.emit('e1');
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log).toEqual(['snapshot']);
    f.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log).toEqual(['snapshot', 'snapshot applied', 'apply e1']);
    f.emit('e2');
    f.emit('e3');
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log.at(-1)).toBe('apply e2,e3');

    // Socket down: poll the snapshot; back up: one more snapshot, then events only.
    s.close();
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log.at(-1)).toBe('snapshot');
    f.release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.log.filter((l) => l === 'snapshot')).toHaveLength(3);
    f.release();
    s.connect();
    await vi.advanceTimersByTimeAsync(10);
    f.release();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.log.filter((l) => l === 'snapshot')).toHaveLength(4);

    stop();
    expect(f.subscribed()).toBe(0);
  });

  it('loads the history with the snapshot on every (re)connect, never on a poll', async () => {
    const s = fakeSocket();
    const f = fakeFeed();
    const histories: (() => void)[] = [];
    const feed: Feed<string> = {
      ...f.feed,
      history: () =>
        new Promise<void>((resolve) => {
          f.log.push('history');
          histories.push(() => {
            f.log.push('history applied');
            resolve();
          });
        }),
    };
    const stop = runFeed(feed, {
      client,
      store,
      socket: s.socket,
      subscriptionFields: new Set(['thingChanged']),
    });
    s.connect();
    f.emit('e1');
    await vi.advanceTimersByTimeAsync(10);
    f.release();
    await vi.advanceTimersByTimeAsync(10);
    // Events wait for the history too.
    expect(f.log).toEqual(['snapshot', 'history', 'snapshot applied']);
    histories.shift()!();
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log.slice(-2)).toEqual(['history applied', 'apply e1']);

    // Polls while the socket is down load the snapshot only; the reconnect loads both.
    s.close();
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(10);
      f.release();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(f.log.filter((l) => l === 'history')).toHaveLength(1);
    s.connect();
    await vi.advanceTimersByTimeAsync(10);
    expect(f.log.filter((l) => l === 'history')).toHaveLength(2);
    f.release();
    histories.shift()!();
    stop();
  });

  it('while it only polls, loads the history until one load succeeded', async () => {
    const s = fakeSocket();
    const f = fakeFeed();
    let calls = 0;
    const feed: Feed<string> = {
      ...f.feed,
      history: async () => {
        calls++;
        if (calls === 1) throw new Error('gateway down');
      },
    };
    const stop = runFeed(feed, { client, store, socket: s.socket, subscriptionFields: new Set() });
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(10);
      f.release();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(calls).toBe(2);
    stop();
  });

  it('polls when the gateway does not serve the subscription', async () => {
    const s = fakeSocket();
    const f = fakeFeed();
    const stop = runFeed(f.feed, {
      client,
      store,
      socket: s.socket,
      subscriptionFields: new Set(),
    });
    expect(f.subscribed()).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    f.release();
    await vi.advanceTimersByTimeAsync(1_000);
    f.release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.log.filter((l) => l === 'snapshot')).toHaveLength(3);
    stop();
    f.release();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.log.filter((l) => l === 'snapshot')).toHaveLength(3);
  });
});
