import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { historyInstants, MINUTE_MS, parseInstant, samplesAt } from './minute-history.js';

const T = Date.UTC(2026, 11, 6, 10, 0, 0);

describe('historyInstants', () => {
  it('lists whole minutes up to the current one, oldest first', () => {
    expect(historyInstants('minutes', 3, T + 42_000)).toEqual([
      T - 2 * MINUTE_MS,
      T - MINUTE_MS,
      T,
    ]);
  });

  it('refuses counts outside 1-180 with BAD_USER_INPUT naming the argument', () => {
    for (const bad of [0, -1, 181, 1.5]) {
      let error: unknown;
      try {
        historyInstants('minutes', bad, T);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'minutes',
      });
    }
    expect(historyInstants('minutes', 180, T)).toHaveLength(180);
  });
});

describe('samplesAt', () => {
  const s = (minute: number, partition: number, value: number) => ({
    minute: T + minute * MINUTE_MS,
    partition,
    value,
  });

  it('takes the newest sample of each partition at or before the instant', () => {
    const samples = [s(1, 0, 10), s(0, 0, 5), s(0, 1, 7), s(2, 1, 9)];
    const at = [0, 1, 2].map((m) => T + m * MINUTE_MS);
    expect(samplesAt(at, samples).map((list) => list.map((x) => x.value).sort())).toEqual([
      [5, 7],
      [10, 7],
      [10, 9],
    ]);
  });

  it('carries a partition over missing minutes for at most carryMs', () => {
    const samples = [s(0, 0, 5)];
    const at = [1, 2, 3].map((m) => T + m * MINUTE_MS);
    expect(samplesAt(at, samples, 2 * MINUTE_MS).map((l) => l.length)).toEqual([1, 1, 0]);
    expect(samplesAt([T - MINUTE_MS], samples)).toEqual([[]]);
  });
});

describe('parseInstant', () => {
  it('parses DateTime keys and rejects anything else', () => {
    expect(parseInstant(new Date(T).toISOString())).toBe(T);
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant(42)).toBeNull();
  });
});
