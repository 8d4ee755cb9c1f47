import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with service, child bindings and redacted secrets', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'processor', destination });
    log.child({ topic: 'gps_data', partition: 3 }).info({ token: 'abc' }, 'batch committed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'processor',
      topic: 'gps_data',
      partition: 3,
      level: 'info',
      msg: 'batch committed',
      token: '[redacted]',
    });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 's', level: 'warn', destination });
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
