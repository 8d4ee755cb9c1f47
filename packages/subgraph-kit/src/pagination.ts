import { badUserInput } from './errors.js';

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: PageInfo;
  readonly totalCount?: number;
}

/** Opaque cursor: base64url of a JSON value (a keyset position, never an offset into live data). */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, field = 'after'): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw badUserInput(field, 'is not a cursor returned by this API');
  }
}

/** Validates `first` against a maximum and returns the page size. */
export function pageSize(
  first: number | null | undefined,
  defaults: { default: number; max: number },
): number {
  if (first === null || first === undefined) return defaults.default;
  if (!Number.isInteger(first) || first < 1 || first > defaults.max) {
    throw badUserInput('first', `must be between 1 and ${defaults.max}`);
  }
  return first;
}

/**
 * A connection from `rows` fetched with one extra row beyond `size` (so hasNextPage needs no
 * count query); `cursorOf` gives each node's keyset position.
 */
export function connectionFromRows<T>(
  rows: readonly T[],
  size: number,
  cursorOf: (node: T) => unknown,
  hasPreviousPage: boolean,
): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
