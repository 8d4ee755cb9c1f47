const W = 80;
const H = 20;

/**
 * Polyline point lists of evenly spaced values scaled into a W×H box; a null value (nothing
 * known) ends a run, so gaps stay visible.
 */
export function sparkRuns(values: readonly (number | null)[]): { x: number; y: number }[][] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const span = Math.max(...known) - min || 1;
  const runs: { x: number; y: number }[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) {
      if (runs.at(-1)!.length > 0) runs.push([]);
      return;
    }
    const x = values.length > 1 ? (i / (values.length - 1)) * W : 0;
    runs.at(-1)!.push({ x, y: H - ((v - min) / span) * H });
  });
  return runs.filter((r) => r.length > 0);
}

/** A tiny inline SVG line chart of evenly spaced values (no axes); nulls break the line. */
export function Sparkline({
  values,
  label,
}: {
  values: readonly (number | null)[];
  label: string;
}) {
  if (values.filter((v) => v !== null).length < 2)
    return <svg className="spark" role="img" aria-label={`${label}: no history yet`} />;
  return (
    <svg
      className="spark"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${label} over the last hour`}
    >
      {sparkRuns(values).map((run, i) =>
        run.length === 1 ? (
          <circle key={i} cx={run[0]!.x} cy={run[0]!.y} r="1" fill="currentColor" />
        ) : (
          <polyline
            key={i}
            points={run.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        ),
      )}
    </svg>
  );
}
