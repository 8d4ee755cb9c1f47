import type { IncidentEvent } from '@city/contracts';
import { badUserInput } from '@city/subgraph-kit';

export type Details = IncidentEvent['details'];
export type DetailsInput = { readonly [K in keyof Details]?: Details[K] | null };

const COUNT_FIELDS = [
  'injuries',
  'fatalities',
  'vehiclesInvolved',
  'peopleTrapped',
  'lanesBlocked',
] as const;
const FLAG_FIELDS = ['hazardousMaterial', 'weaponsReported', 'patientConscious'] as const;
const MAX_COUNT = 10_000;
const MAX_UNITS = 20;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export function parsePosition(
  field: string,
  input: { latitude: number; longitude: number },
): { latitude: number; longitude: number } {
  if (!Number.isFinite(input.latitude) || input.latitude < -90 || input.latitude > 90)
    throw badUserInput(`${field}.latitude`, 'must be a latitude in [-90, 90]');
  if (!Number.isFinite(input.longitude) || input.longitude < -180 || input.longitude > 180)
    throw badUserInput(`${field}.longitude`, 'must be a longitude in [-180, 180]');
  return { latitude: input.latitude, longitude: input.longitude };
}

export function parseDescription(field: string, value: string): string {
  const text = value.trim();
  if (text.length === 0) throw badUserInput(field, 'must not be empty');
  if (text.length > 2000) throw badUserInput(field, 'must be at most 2000 characters');
  return text;
}

/** The details input without nulls, counts checked against the contract's range. */
export function parseDetails(field: string, input: DetailsInput | null | undefined): Details {
  const out: Record<string, unknown> = {};
  if (!input) return out as Details;
  for (const k of COUNT_FIELDS) {
    const v = input[k];
    if (v === null || v === undefined) continue;
    if (!Number.isInteger(v) || v < 0 || v > MAX_COUNT)
      throw badUserInput(`${field}.${k}`, `must be an integer in [0, ${MAX_COUNT}]`);
    out[k] = v;
  }
  for (const k of FLAG_FIELDS) if (typeof input[k] === 'boolean') out[k] = input[k];
  if (input.buildingType) out.buildingType = input.buildingType;
  return out as Details;
}

/** 1-20 distinct unit ids in the contracts' id alphabet. */
export function parseUnitIds(field: string, ids: readonly string[]): string[] {
  if (ids.length === 0) throw badUserInput(field, 'must name at least one unit');
  if (ids.length > MAX_UNITS) throw badUserInput(field, `at most ${MAX_UNITS} units at once`);
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!ID_PATTERN.test(id)) throw badUserInput(`${field}[${i}]`, 'is not a unit id');
    if (seen.has(id)) throw badUserInput(`${field}[${i}]`, `unit ${id} is listed twice`);
    seen.add(id);
  });
  return [...ids];
}
