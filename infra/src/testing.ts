import { randomBytes } from 'node:crypto';

/**
 * A name no other run uses: `<prefix>-<time>-<random>`, lowercase and safe for Kafka topics,
 * consumer groups, Redis key prefixes, S3 keys and (with `_` separators) SQL identifiers.
 */
export function uniqueName(prefix: string, separator: '-' | '_' = '-'): string {
  const stamp = Date.now().toString(36);
  const random = randomBytes(4).toString('hex');
  return [prefix, stamp, random].join(separator).toLowerCase();
}

export interface WaitForOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Named in the timeout error so a failing test says what it was waiting for. */
  readonly description?: string;
}

/**
 * Polls `condition` until it returns a value other than `undefined`/`false`/`null` and returns
 * that value. Errors thrown by the condition count as "not yet"; the last one is reported on
 * timeout.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | null | undefined>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, false | null | undefined>;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? 'condition';
      const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
