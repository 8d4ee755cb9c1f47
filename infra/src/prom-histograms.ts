/** Cumulative buckets of one histogram series: upper bound (s) -> count, ascending. */
export interface HistogramSeries {
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

/** Histograms of a Prometheus text exposition, keyed `name{labels without le, sorted}`. */
export type HistogramSnapshot = ReadonlyMap<string, HistogramSeries>;

const LINE = /^([a-zA-Z_:][\w:]*?)_(bucket|sum|count)(?:\{(.*)\})?\s+(\S+)$/;

/** Parses every histogram of a Prometheus text exposition (label values assumed free of `,"`). */
export function parseHistograms(text: string): HistogramSnapshot {
  const out = new Map<
    string,
    { buckets: { le: number; count: number }[]; sum: number; count: number }
  >();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, name, part, labelText = '', value] = m;
    let le = NaN;
    const labels = labelText
      .split(',')
      .filter((l) => l !== '')
      .filter((l) => {
        if (!l.startsWith('le=')) return true;
        le = l === 'le="+Inf"' ? Infinity : Number(l.slice(4, -1));
        return false;
      });
    const key = `${name}{${labels.sort().join(',')}}`;
    let series = out.get(key);
    if (!series) out.set(key, (series = { buckets: [], sum: 0, count: 0 }));
    if (part === 'bucket') series.buckets.push({ le, count: Number(value) });
    else if (part === 'sum') series.sum = Number(value);
    else series.count = Number(value);
  }
  for (const s of out.values()) s.buckets.sort((a, b) => a.le - b.le);
  return out;
}

/** What a series gained between two snapshots (a restarted process: `after` alone). */
export function histogramDelta(
  before: HistogramSeries | undefined,
  after: HistogramSeries,
): HistogramSeries {
  if (!before || after.count < before.count) return after;
  return {
    buckets: after.buckets.map((b, i) => ({
      le: b.le,
      count: b.count - (before.buckets[i]?.count ?? 0),
    })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** Quantile from cumulative buckets, linear within the bucket (NaN when empty). */
export function histogramQuantile(series: HistogramSeries, q: number): number {
  const total = series.buckets.at(-1)?.count ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of series.buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return prevLe;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / Math.max(1, b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** p50/p99/mean of a series, scaled (1000: seconds to ms) and rounded to a tenth. */
export function percentiles(series: HistogramSeries, scale: number): Percentiles {
  const r = (v: number) => Math.round(v * scale * 10) / 10;
  return {
    n: series.count,
    p50: r(histogramQuantile(series, 0.5)),
    p99: r(histogramQuantile(series, 0.99)),
    mean: r(series.count > 0 ? series.sum / series.count : NaN),
  };
}

const EMPTY: HistogramSeries = { buckets: [], sum: 0, count: 0 };

/** What the series `key` gained between two snapshots (empty when `after` lacks it). */
export function snapshotDelta(
  before: HistogramSnapshot | undefined,
  after: HistogramSnapshot,
  key: string,
): HistogramSeries {
  const a = after.get(key);
  return a ? histogramDelta(before?.get(key), a) : EMPTY;
}
