import { isRetriable } from '@city/errors';

export interface RetryOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Stop retrying (rethrow the last error) once this returns true, e.g. on shutdown. */
  readonly aborted?: () => boolean;
  readonly retriable?: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PostgreSQL SQLSTATE classes that may pass on retry: connection, resources, operator action. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|40001|40P01)/;

/** Whether a sink error may pass on retry: @city/errors' rule plus transient database states. */
export function isTransient(error: unknown, depth = 0): boolean {
  if (isRetriable(error)) return true;
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, cause, originalCode } = error as {
    code?: unknown;
    cause?: unknown;
    originalCode?: unknown;
  };
  for (const c of [code, originalCode]) {
    if (typeof c === 'string' && TRANSIENT_SQLSTATE.test(c)) return true;
  }
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    /ECONNREFUSED|ECONNRESET|Connection is closed|timeout/i.test(message)
  )
    return true;
  return isTransient(cause, depth + 1);
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 20));
  // Full jitter on the upper half keeps retrying processes from hitting a recovering service together.
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

/** Runs `fn` until it succeeds; retriable failures are retried with exponential backoff, forever. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const retriable = options.retriable ?? isTransient;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!retriable(error) || options.aborted?.()) throw error;
      const delay = backoffDelay(attempt, options.baseMs, options.maxMs);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
