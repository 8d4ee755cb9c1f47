/** Zone in which the legacy generator's naive (zone-less) timestamps are read: the city's. */
export const LEGACY_TIME_ZONE = 'America/Los_Angeles';

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at the instant `utcMs` (local - UTC, ms). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return local - Math.floor(utcMs / 1000) * 1000;
}

/**
 * UTC instant of a wall-clock time in `timeZone`. In the repeated hour when clocks fall back the
 * earlier (daylight) instant is taken; a time in the skipped spring-forward hour maps as if the
 * clock had not yet jumped (both are what a naive logger most plausibly meant).
 */
export function wallClockToUtc(naiveUtcMs: number, timeZone: string): number {
  const first = zoneOffsetMs(naiveUtcMs, timeZone);
  const candidates = [naiveUtcMs - first];
  const second = zoneOffsetMs(naiveUtcMs - first, timeZone);
  if (second !== first) candidates.push(naiveUtcMs - second);
  const valid = candidates.filter((u) => u + zoneOffsetMs(u, timeZone) === naiveUtcMs);
  return valid.length > 0 ? Math.min(...valid) : candidates[0]!;
}

/**
 * A legacy timestamp as ISO-8601 UTC with a Z: zoned ISO strings are converted, naive ones
 * (Python's `datetime.now().isoformat()`) are read as wall-clock time in `timeZone`, numbers as
 * epoch seconds (below 1e11) or milliseconds. Anything else is returned unchanged, so validation
 * names `/timestamp`.
 */
export function normaliseTimestamp(value: unknown, timeZone = LEGACY_TIME_ZONE): unknown {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  }
  if (typeof value !== 'string') return value;
  const s = value.trim();
  if (ZONED.test(s)) {
    const ms = Date.parse(s.replace(' ', 'T'));
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  const m = NAIVE.exec(s);
  if (!m) return value;
  const [, y, mo, d, h, mi, sec, frac] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const naive = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(sec ?? 0),
    ms,
  );
  if (Number.isNaN(naive)) return value;
  return new Date(wallClockToUtc(naive, timeZone)).toISOString();
}
