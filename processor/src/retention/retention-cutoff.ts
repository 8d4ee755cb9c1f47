const DAY_MS = 86_400_000;

/**
 * The instant before which a table's rows are deleted: `nowMs` − `days` days; null for 0 days
 * (keep forever). Rows exactly at the cut-off are kept (the delete compares with `<`).
 */
export function retentionCutoff(nowMs: number, days: number): Date | null {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`retention days must be a whole number >= 0, got ${days}`);
  }
  if (days === 0) return null;
  return new Date(nowMs - days * DAY_MS);
}
