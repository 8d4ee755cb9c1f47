import { AppError } from './app-error.js';

const RETRIABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Whether an error may succeed on retry: our own errors say so; Node socket errors and anything
 * wrapping a retriable cause are treated as transient.
 */
export function isRetriable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof AppError) return error.retriable;
  const { code, retriable, cause } = error as {
    code?: unknown;
    retriable?: unknown;
    cause?: unknown;
  };
  if (typeof retriable === 'boolean') return retriable;
  if (typeof code === 'string' && RETRIABLE_NODE_CODES.has(code)) return true;
  return isRetriable(cause, depth + 1);
}
