import { describe, expect, it } from 'vitest';
import { SocketSender, type FrameSocket } from './socket-sender.js';

function fakeSocket() {
  const written: string[] = [];
  const callbacks: (() => void)[] = [];
  const socket: FrameSocket & { buffered: number } = {
    buffered: 0,
    get bufferedAmount() {
      return this.buffered;
    },
    readyState: 1,
    send(data, cb) {
      written.push(data);
      if (cb) callbacks.push(() => cb());
    },
  };
  return { socket, written, flush: () => callbacks.splice(0).forEach((c) => c()) };
}

function counters() {
  const c = { sent: 0, conflated: 0, dropped: 0 };
  return {
    c,
    counters: {
      sent: () => (c.sent += 1),
      conflated: () => (c.conflated += 1),
      dropped: () => (c.dropped += 1),
    },
  };
}

describe('SocketSender', () => {
  it('writes straight through while the socket keeps up', () => {
    const { socket, written } = fakeSocket();
    const { c, counters: k } = counters();
    const sender = new SocketSender(socket, { highWaterBytes: 100, queueLimit: 2 }, k);
    sender.send('a');
    sender.send('b', 'sub-1');
    expect(written).toEqual(['a', 'b']);
    expect(c.sent).toBe(2);
  });

  it('queues over the high-water mark, conflates by key, drops oldest when full, drains in order', () => {
    const { socket, written, flush } = fakeSocket();
    const { c, counters: k } = counters();
    const sender = new SocketSender(socket, { highWaterBytes: 100, queueLimit: 3 }, k);
    sender.send('first');
    socket.buffered = 1000;
    sender.send('pos-1', 'positions');
    sender.send('e1');
    sender.send('pos-2', 'positions');
    sender.send('e2');
    sender.send('e3');
    expect(c.conflated).toBe(1);
    expect(c.dropped).toBe(1);
    expect(sender.queued).toBe(3);
    socket.buffered = 0;
    flush();
    // pos-2 replaced pos-1 in place and was then the oldest, dropped for e3.
    expect(written).toEqual(['first', 'e1', 'e2', 'e3']);
  });

  it('writes nothing to a closed socket', () => {
    const { socket, written } = fakeSocket();
    const { counters: k } = counters();
    (socket as { readyState: number }).readyState = 3;
    new SocketSender(socket, { highWaterBytes: 100, queueLimit: 3 }, k).send('x');
    expect(written).toEqual([]);
  });
});
