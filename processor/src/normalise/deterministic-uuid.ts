import { createHash } from 'node:crypto';

/**
 * A UUID derived from content (SHA-1, formatted as an RFC 9562 version-5 UUID), so the same input
 * always yields the same id: a re-delivered message or a re-derived event keeps its eventId and
 * the idempotent sinks collapse the repeat.
 */
export function deterministicUuid(...parts: readonly (string | number)[]): string {
  const hash = createHash('sha1').update(parts.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
