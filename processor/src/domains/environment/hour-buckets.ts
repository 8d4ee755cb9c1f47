export const HOUR_MS = 3_600_000;

/** Sums, minima and maxima of a fixed list of measures over one event-time hour. */
export interface HourBucket {
  readonly start: number;
  count: number;
  readonly sum: number[];
  readonly min: number[];
  readonly max: number[];
  /** A categorical value of the newest reading in the hour (e.g. the weather condition). */
  last: string | null;
  lastAt: number;
  /** Highest derived index seen in the hour (e.g. the AQI) and its label (dominant pollutant). */
  peak: number;
  peakLabel: string | null;
}

export function newHourBucket(start: number, measures: number): HourBucket {
  return {
    start,
    count: 0,
    sum: new Array<number>(measures).fill(0),
    min: new Array<number>(measures).fill(Number.POSITIVE_INFINITY),
    max: new Array<number>(measures).fill(Number.NEGATIVE_INFINITY),
    last: null,
    lastAt: Number.NEGATIVE_INFINITY,
    peak: Number.NEGATIVE_INFINITY,
    peakLabel: null,
  };
}

export function addToHour(
  bucket: HourBucket,
  values: readonly number[],
  at: number,
  last: string | null = null,
): void {
  bucket.count += 1;
  values.forEach((v, i) => {
    bucket.sum[i]! += v;
    bucket.min[i] = Math.min(bucket.min[i]!, v);
    bucket.max[i] = Math.max(bucket.max[i]!, v);
  });
  if (at >= bucket.lastAt) {
    bucket.lastAt = at;
    bucket.last = last;
  }
}

export function notePeak(bucket: HourBucket, value: number, label: string): void {
  if (value > bucket.peak) {
    bucket.peak = value;
    bucket.peakLabel = label;
  }
}

export const mean = (b: HourBucket, i: number) => b.sum[i]! / b.count;

/**
 * Per-hour means of measure `i`, newest first, over `hours` hours ending with the hour starting
 * at `newest` (null for hours without readings).
 */
export function hourlyMeans(
  buckets: ReadonlyMap<number, HourBucket>,
  newest: number,
  hours: number,
  i: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let h = 0; h < hours; h++) {
    const b = buckets.get(newest - h * HOUR_MS);
    out.push(b && b.count > 0 ? mean(b, i) : null);
  }
  return out;
}

/** Drops hours that start more than `keepHours` before `newest`. */
export function pruneHours(buckets: Map<number, HourBucket>, newest: number, keepHours: number) {
  for (const start of buckets.keys()) {
    if (start <= newest - keepHours * HOUR_MS) buckets.delete(start);
  }
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** JSON-safe form (infinities of empty buckets become null). */
export function serialiseHour(b: HourBucket) {
  return {
    s: b.start,
    n: b.count,
    sum: b.sum,
    min: b.min.map(finite),
    max: b.max.map(finite),
    l: b.last,
    la: finite(b.lastAt),
    pk: finite(b.peak),
    pl: b.peakLabel,
  };
}

export function restoreHour(s: ReturnType<typeof serialiseHour>): HourBucket {
  return {
    start: s.s,
    count: s.n,
    sum: [...s.sum],
    min: s.min.map((v) => v ?? Number.POSITIVE_INFINITY),
    max: s.max.map((v) => v ?? Number.NEGATIVE_INFINITY),
    last: s.l,
    lastAt: s.la ?? Number.NEGATIVE_INFINITY,
    peak: s.pk ?? Number.NEGATIVE_INFINITY,
    peakLabel: s.pl,
  };
}
