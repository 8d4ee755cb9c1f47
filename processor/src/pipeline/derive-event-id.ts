import { hash } from 'node:crypto';

const VARIANT = '89ab';

/**
 * A UUID (version 5 layout) derived from its inputs: a derived event gets the same id every time
 * its input is re-processed, so a replay re-emits duplicates that consumers can recognise.
 * (One-shot `crypto.hash`: this runs once per GPS fix, and createHash costs twice as much.)
 */
export function deriveEventId(...parts: readonly (string | number)[]): string {
  const hex = hash('sha1', parts.join('\u0000'), 'hex');
  const variant = VARIANT[Number.parseInt(hex[16]!, 16) & 0x3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
