/**
 * EPA NowCast for particulate matter: a weighted mean of up to 12 hourly averages, newest first,
 * with weight factor w* = max(min/max over the hours, 0.5) and weights w*^(hours ago). It needs
 * two of the three newest hours; otherwise there is no NowCast (null).
 *
 * `hourly[i]` is the average of the hour i hours before the newest (null when missing).
 */
export function pmNowCast(hourly: readonly (number | null)[]): number | null {
  const hours = hourly.slice(0, 12);
  const recent = hours.slice(0, 3).filter((c) => c !== null).length;
  if (recent < 2) return null;
  const present = hours.filter((c): c is number => c !== null);
  const max = Math.max(...present);
  const min = Math.min(...present);
  if (max === 0) return 0;
  const w = Math.max(min / max, 0.5);
  let num = 0;
  let den = 0;
  hours.forEach((c, i) => {
    if (c === null) return;
    const weight = w ** i;
    num += weight * c;
    den += weight;
  });
  return num / den;
}

/** Mean of the hourly averages available in the newest `hours` hours (null when none). */
export function rollingMean(hourly: readonly (number | null)[], hours: number): number | null {
  const present = hourly.slice(0, hours).filter((c): c is number => c !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}
