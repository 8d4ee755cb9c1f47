/** Longest wait between two reconnect attempts of the subscription socket. */
export const MAX_RECONNECT_DELAY_MS = 8_000;

/**
 * Wait before reconnect attempt `retries` (0 = the first): 1 s doubling up to 8 s, plus up to
 * 1 s of jitter so consoles do not reconnect in step. graphql-ws's default doubles without a
 * bound (a gateway down for a minute left consoles waiting another minute or more).
 */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RECONNECT_DELAY_MS, 1_000 * 2 ** Math.min(retries, 10));
  return base + Math.floor(random() * 1_000);
}
