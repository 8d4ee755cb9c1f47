/** Parsers for the original generator's field formats. Unparseable input comes back unchanged. */

const COMPASS = [
  'n',
  'nne',
  'ne',
  'ene',
  'e',
  'ese',
  'se',
  'sse',
  's',
  'ssw',
  'sw',
  'wsw',
  'w',
  'wnw',
  'nw',
  'nnw',
] as const;
const WORDS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** `"North-East"`, `"NE"`, `"north east"`, `"NNW"`, `"45"` or 45 -> degrees in [0, 360). */
export function parseDirection(value: unknown): unknown {
  if (typeof value === 'number' && Number.isFinite(value)) return ((value % 360) + 360) % 360;
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseDirection(Number(text));
  const words = text.split(/[\s_-]+/).filter(Boolean);
  const code = words.every((w) => w in WORDS)
    ? words.map((w) => WORDS[w]).join('')
    : words.length === 1
      ? words[0]!.replace(
          /^(north|south)(east|west)$/,
          (_m, a: string, b: string) => WORDS[a]! + WORDS[b]!,
        )
      : text;
  const i = COMPASS.indexOf(code as (typeof COMPASS)[number]);
  return i < 0 ? value : i * 22.5;
}

const SPEED_UNITS: Readonly<Record<string, number>> = {
  'km/h': 1,
  kmh: 1,
  kph: 1,
  kmph: 1,
  mph: 1.609344,
  'mi/h': 1.609344,
  'm/s': 3.6,
  mps: 3.6,
  kn: 1.852,
  kt: 1.852,
  knots: 1.852,
};

/** A number (km/h, the generator's unit) or `"35 mph"`, `"10 m/s"`, `"20 km/h"` -> km/h. */
export function parseSpeedKmh(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z/]*)\s*$/i.exec(value);
  if (!m) return value;
  const factor = m[2] === '' ? 1 : SPEED_UNITS[m[2]!.toLowerCase()];
  return factor === undefined ? value : Math.round(Number(m[1]) * factor * 1000) / 1000;
}

/**
 * `location` as `[lat, lon]` (a Python tuple serialised by json.dumps), `"(lat, lon)"`,
 * `"lat,lon"` or `{ latitude, longitude }` / `{ lat, lon }`. Null when absent or unparseable (the
 * contract's latitude/longitude then fail validation by name).
 */
export function parseLocation(value: unknown): { latitude: unknown; longitude: unknown } | null {
  let pair: unknown[] | null = null;
  if (Array.isArray(value)) pair = value;
  else if (typeof value === 'string') {
    const m = /^\s*[([]?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*[)\]]?\s*$/.exec(value);
    if (m) pair = [Number(m[1]), Number(m[2])];
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return { latitude: o.latitude ?? o.lat, longitude: o.longitude ?? o.lon ?? o.lng };
  }
  if (!pair || pair.length !== 2) return null;
  const [latitude, longitude] = pair.map((v) => (typeof v === 'string' ? Number(v) : v));
  return { latitude, longitude };
}

/** Lower-case snake form of a capitalised enum value: `"Partly Cloudy"` -> `partly_cloudy`. */
export function enumValue(value: unknown): unknown {
  return typeof value === 'string'
    ? value
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
