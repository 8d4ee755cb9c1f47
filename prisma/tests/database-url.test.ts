import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, quoteIdent, withDatabase } from '../src/database-url.js';

describe('parseDatabaseUrl', () => {
  it('splits off Prisma’s schema parameter and keeps the rest', () => {
    expect(
      parseDatabaseUrl(
        'postgresql://app:s3cret@db:5432/smart_city?schema=tenant_1&sslmode=disable',
      ),
    ).toEqual({
      connectionString: 'postgresql://app:s3cret@db:5432/smart_city?sslmode=disable',
      database: 'smart_city',
      schema: 'tenant_1',
    });
  });

  it('defaults to public and lets an explicit schema win', () => {
    expect(parseDatabaseUrl('postgres://h/db').schema).toBe('public');
    expect(parseDatabaseUrl('postgres://h/db?schema=a', 'b').schema).toBe('b');
  });

  it('rejects URLs that are not PostgreSQL or name no database', () => {
    expect(() => parseDatabaseUrl('mysql://h/db')).toThrow(/postgresql/);
    expect(() => parseDatabaseUrl('postgresql://h')).toThrow(/database/);
  });
});

describe('withDatabase / quoteIdent', () => {
  it('switches the database only', () => {
    expect(withDatabase('postgresql://u@h:1/a?sslmode=disable', 'postgres')).toBe(
      'postgresql://u@h:1/postgres?sslmode=disable',
    );
  });

  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
});
