/** A tiny inline SVG line chart of the values (no axes). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  if (values.length < 2)
    return <svg className="spark" role="img" aria-label={`${label}: no history yet`} />;
  const w = 80;
  const h = 20;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map(
      (v, i) =>
        `${((i / (values.length - 1)) * w).toFixed(1)},${(h - ((v - min) / span) * h).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      className="spark"
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`${label} over the last hour`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
