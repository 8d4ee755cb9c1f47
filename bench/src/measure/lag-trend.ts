/**
 * Least-squares slope of a lag series (events per second): ~0 when the processor keeps up, the
 * rate it falls behind at otherwise. Commits land in steps (whole batches, Parquet files), so
 * single samples swing by a batch; the fitted line over the window does not.
 */
export function lagTrendPerSecond(points: readonly { t: number; lag: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const ml = points.reduce((s, p) => s + p.lag, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.lag - ml);
    den += (p.t - mt) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
