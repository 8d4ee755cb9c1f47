import { parseArgs } from 'node:util';

/** Parses `--name value` flags into numbers/strings with defaults (all flags are optional). */
export function parseFlags<T extends Record<string, string | number>>(
  argv: readonly string[],
  defaults: T,
): T {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }])),
    strict: true,
  });
  const out: Record<string, string | number> = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    out[k] = typeof defaults[k] === 'number' ? Number(v) : String(v);
    if (typeof defaults[k] === 'number' && !Number.isFinite(out[k]))
      throw new Error(`--${k}: not a number: ${String(v)}`);
  }
  return out as T;
}
