export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles of a sample (NaN when empty). */
export function summarise(values: readonly number[]): LatencySummary {
  const s = Float64Array.from(values).sort();
  const at = (p: number) =>
    s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)]!;
  return {
    n: s.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

/** Keeps at most `limit` samples (reservoir), so long runs stay bounded in memory. */
export class Reservoir {
  readonly values: number[] = [];
  seen = 0;
  constructor(private readonly limit = 200_000) {}
  add(value: number): void {
    this.seen++;
    if (this.values.length < this.limit) this.values.push(value);
    else {
      const j = Math.floor(Math.random() * this.seen);
      if (j < this.limit) this.values[j] = value;
    }
  }
  clear(): void {
    this.values.length = 0;
    this.seen = 0;
  }
  summary(): LatencySummary {
    return summarise(this.values);
  }
}
