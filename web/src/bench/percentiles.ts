export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Nearest-rank percentiles (p50, p99) and the maximum, rounded to 0.1. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return {
    n: sorted.length,
    p50: round(at(50)),
    p99: round(at(99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** a / b rounded to 0.01; null when b is 0. */
export const ratio = (a: number, b: number): number | null =>
  b === 0 ? null : Math.round((a / b) * 100) / 100;
