import { createHash } from 'node:crypto';

/** Prisma's checksum of a migration script: SHA-256 of the file as written, lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/** Hex without zero padding per byte: what schema engines before prisma-engines#1887 stored. */
function legacyChecksum(script: string): string {
  const digest = createHash('sha256').update(script, 'utf8').digest();
  return Array.from(digest, (byte) => byte.toString(16)).join('');
}

/**
 * Whether `script` is the one recorded with `checksum`, accepted exactly as Prisma does: the
 * script as is, with CRLF turned into LF, or LF into CRLF (git may rewrite line endings on
 * checkout), and the legacy unpadded format for old rows.
 */
export function checksumMatches(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  const render = checksum.length === 64 ? migrationChecksum : legacyChecksum;
  return variants.some((variant) => render(variant) === checksum);
}
