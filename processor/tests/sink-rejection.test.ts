import { RetriableError, ValidationError } from '@city/errors';
import { describe, expect, it } from 'vitest';
import { sinkRejectionOf, tagSink } from '../src/runtime/sink-rejection.js';

const tagged = <E>(error: E, sink: string): E => {
  tagSink(error, sink);
  return error;
};

/** What Prisma 7 with the pg driver adapter throws for a raw statement the database refuses. */
const prismaRawError = (code: string, message: string) =>
  Object.assign(new Error(`Raw query failed. Code: \`${code}\`. Message: \`${message}\``), {
    code: 'P2010',
    meta: {
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: code, originalMessage: message, kind: 'postgres' },
      },
    },
  });

const replyError = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('sinkRejectionOf', () => {
  it('pins PostgreSQL data exceptions and integrity violations on the data', () => {
    expect(
      sinkRejectionOf(tagged(prismaRawError('22003', 'value out of range'), 'postgres')),
    ).toEqual({ sink: 'postgres', code: '22003', message: 'value out of range' });
    expect(
      sinkRejectionOf(tagged(prismaRawError('23514', 'violates check constraint'), 'postgres')),
    ).toMatchObject({ code: '23514' });
    // node-postgres' own error shape.
    expect(
      sinkRejectionOf(
        tagged(Object.assign(new Error('invalid byte sequence'), { code: '22021' }), 'postgres'),
      ),
    ).toEqual({ sink: 'postgres', code: '22021', message: 'invalid byte sequence' });
  });

  it('does not split on errors that would fail every event alike', () => {
    for (const error of [
      prismaRawError('42P01', 'relation "incidents" does not exist'),
      prismaRawError('42501', 'permission denied'),
      prismaRawError('40001', 'could not serialize access'),
      new Error('permission denied for table'),
    ])
      expect(sinkRejectionOf(tagged(error, 'postgres'))).toBeUndefined();
    // A data error from a sink that writes whole batches (checkpoint, Parquet, commit).
    expect(sinkRejectionOf(tagged(prismaRawError('22003', 'x'), 'checkpoint'))).toBeUndefined();
    expect(sinkRejectionOf(tagged(prismaRawError('22003', 'x'), 'parquet'))).toBeUndefined();
    // Untagged: not from a sink at all.
    expect(sinkRejectionOf(prismaRawError('22003', 'x'))).toBeUndefined();
    expect(sinkRejectionOf(tagged(new RetriableError('timeout'), 'postgres'))).toBeUndefined();
  });

  it('pins Redis replies about a command, not about the server', () => {
    expect(
      sinkRejectionOf(tagged(replyError('ERR invalid longitude,latitude pair 10.0,89.0'), 'redis')),
    ).toEqual({
      sink: 'redis',
      code: 'ERR',
      message: 'ERR invalid longitude,latitude pair 10.0,89.0',
    });
    expect(sinkRejectionOf(tagged(replyError('WRONGTYPE Operation'), 'redis'))).toMatchObject({
      code: 'WRONGTYPE',
    });
    for (const message of [
      'OOM command not allowed when used memory > maxmemory',
      'READONLY You cannot write against a read only replica.',
      'LOADING Redis is loading the dataset in memory',
      'ERR max number of clients reached',
    ])
      expect(sinkRejectionOf(tagged(replyError(message), 'redis'))).toBeUndefined();
    expect(sinkRejectionOf(tagged(new Error('Connection is closed.'), 'redis'))).toBeUndefined();
  });

  it('pins Kafka record errors and invalid dead letters', () => {
    const tooLarge = Object.assign(
      new Error('The request included a message larger than the max'),
      {
        name: 'KafkaJSProtocolError',
        type: 'MESSAGE_TOO_LARGE',
        retriable: false,
      },
    );
    expect(sinkRejectionOf(tagged(tooLarge, 'kafka'))).toMatchObject({
      sink: 'kafka',
      code: 'MESSAGE_TOO_LARGE',
    });
    const invalid = new ValidationError('dead letter', [{ path: '/key', message: 'bad' }]);
    expect(sinkRejectionOf(tagged(invalid, 'kafka'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const unauthorised = Object.assign(new Error('Not authorized'), {
      type: 'TOPIC_AUTHORIZATION_FAILED',
      retriable: false,
    });
    expect(sinkRejectionOf(tagged(unauthorised, 'kafka'))).toBeUndefined();
  });
});
