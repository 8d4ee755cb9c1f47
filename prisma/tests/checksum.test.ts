import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumMatches, migrationChecksum } from '../src/migrate/checksum.js';

describe('migrationChecksum', () => {
  it('is the lowercase hex SHA-256 of the script, zero padded (Prisma engine test vector)', () => {
    expect(migrationChecksum('hello')).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });

  it('hashes UTF-8 bytes', () => {
    const script = "INSERT INTO t VALUES ('µg/m³');\n";
    expect(migrationChecksum(script)).toBe(
      createHash('sha256').update(Buffer.from(script, 'utf8')).digest('hex'),
    );
  });
});

describe('checksumMatches', () => {
  it('accepts the same script and rejects any other', () => {
    expect(checksumMatches('abc', migrationChecksum('abc'))).toBe(true);
    expect(checksumMatches('abc', migrationChecksum('abcd'))).toBe(false);
    expect(checksumMatches('abc\n', migrationChecksum('abc'))).toBe(false);
  });

  it('ignores LF versus CRLF line endings, in both directions', () => {
    const unix = 'ab\ncd\nef\n';
    const windows = 'ab\r\ncd\r\nef\r\n';
    expect(checksumMatches(unix, migrationChecksum(windows))).toBe(true);
    expect(checksumMatches(windows, migrationChecksum(unix))).toBe(true);
  });

  it('accepts the unpadded checksums old schema engines stored', () => {
    const script = 'CREATE TABLE t (id int);';
    const digest = createHash('sha256').update(script).digest();
    const unpadded = Array.from(digest, (byte) => byte.toString(16)).join('');
    // Only meaningful when some byte is < 0x10, which this script's digest has.
    expect(unpadded.length).toBeLessThan(64);
    expect(checksumMatches(script, unpadded)).toBe(true);
    expect(checksumMatches(`${script} `, unpadded)).toBe(false);
  });
});
