import { describe, expect, it } from 'vitest';
import { parseHostPort } from '../src/ports.js';
import { uniqueName, waitFor } from '../src/testing.js';

describe('uniqueName', () => {
  it('is prefixed, lowercase, safe for topics and SQL, and different each call', () => {
    const a = uniqueName('My-Topic');
    expect(a).toMatch(/^my-topic-[a-z0-9]+-[0-9a-f]{8}$/);
    expect(uniqueName('schema', '_')).toMatch(/^schema_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 100 }, () => uniqueName('x'))).size).toBe(100);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value, treating errors as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not ready');
        return calls === 3 ? false : { calls };
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 4 });
  });

  it('names what it waited for and the last error on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5, description: 'the broker' },
      ),
    ).rejects.toThrow(/waiting for the broker; last error: connection refused/);
  });
});

describe('parseHostPort', () => {
  it('parses IPv4, names and bracketed IPv6', () => {
    expect(parseHostPort('127.0.0.1:9092')).toEqual({ host: '127.0.0.1', port: 9092 });
    expect(parseHostPort('kafka:9092')).toEqual({ host: 'kafka', port: 9092 });
    expect(parseHostPort('[::1]:9092')).toEqual({ host: '::1', port: 9092 });
    expect(() => parseHostPort('kafka')).toThrow(/host:port/);
  });
});
