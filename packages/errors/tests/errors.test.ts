import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConfigError,
  RetriableError,
  ValidationError,
  isRetriable,
} from '../src/index.js';

describe('error tree', () => {
  it('keeps code, cause and retriable', () => {
    const cause = new Error('socket hang up');
    const error = new RetriableError('redis unavailable', { cause });
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('RetriableError');
  });

  it('names the variable of a config error', () => {
    const error = new ConfigError('KAFKA_BROKERS', 'must not be empty');
    expect(error.message).toBe('KAFKA_BROKERS: must not be empty');
    expect(error.retriable).toBe(false);
  });

  it('lists every field of a validation error', () => {
    const error = new ValidationError('gps_data event', [
      { path: '/latitude', message: 'must be <= 90' },
      { path: '/speedKmh', message: 'must be number' },
    ]);
    expect(error.message).toContain('/latitude must be <= 90');
    expect(error.message).toContain('/speedKmh must be number');
    expect(error.code).toBe('BAD_USER_INPUT');
  });

  it('classifies transient failures', () => {
    expect(isRetriable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(new AppError('X', 'wrapped', { cause: new RetriableError('y') }))).toBe(
      false,
    );
    expect(isRetriable(new Error('outer', { cause: new RetriableError('inner') }))).toBe(true);
    expect(isRetriable(new ValidationError('e', []))).toBe(false);
    expect(isRetriable('string')).toBe(false);
  });
});
