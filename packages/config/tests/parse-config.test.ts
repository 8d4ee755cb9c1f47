import { describe, expect, it } from 'vitest';
import { ConfigError } from '@city/errors';
import { env, parseConfig } from '../src/index.js';

const spec = {
  port: env.port('PORT', { default: 4000 }),
  brokers: env.list('KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
  mode: env.oneOf('MODE', ['live', 'replay'], { default: 'live' }),
  verbose: env.bool('VERBOSE', { default: false }),
  redisUrl: env.url('REDIS_URL', { protocols: ['redis'] }),
};

describe('parseConfig', () => {
  it('parses values and applies defaults into a frozen object', () => {
    const config = parseConfig(spec, {
      source: { PORT: '4100', REDIS_URL: 'redis://localhost:6379', VERBOSE: 'yes' },
    });
    expect(config).toEqual({
      port: 4100,
      brokers: ['127.0.0.1:9092'],
      mode: 'live',
      verbose: true,
      redisUrl: 'redis://localhost:6379',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('names every invalid variable', () => {
    let caught: unknown;
    try {
      parseConfig(spec, { source: { PORT: '99999', MODE: 'fast', REDIS_URL: 'http://x' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain('PORT must be between 0 and 65535');
    expect(message).toContain('MODE must be one of live, replay');
    expect(message).toContain('REDIS_URL must use redis');
  });

  it('requires variables without a default', () => {
    expect(() => parseConfig(spec, { source: {} })).toThrow(/REDIS_URL is required/);
  });

  it('uses a development secret loudly, and refuses it in production', () => {
    const secretSpec = {
      jwt: env.secret('JWT_SECRET', { developmentValue: 'dev-secret-not-for-prod' }),
    };
    const warnings: string[] = [];
    const config = parseConfig(secretSpec, { source: {}, warn: (m) => warnings.push(m) });
    expect(config.jwt).toBe('dev-secret-not-for-prod');
    expect(warnings[0]).toMatch(/JWT_SECRET is not set/);
    expect(() => parseConfig(secretSpec, { source: { NODE_ENV: 'production' } })).toThrow(
      /JWT_SECRET is required in production/,
    );
    expect(() => parseConfig(secretSpec, { source: { JWT_SECRET: 'short' } })).toThrow(
      /JWT_SECRET must be at least 16 characters/,
    );
  });
});
