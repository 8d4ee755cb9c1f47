/**
 * US EPA Air Quality Index from the breakpoints of the Technical Assistance Document for the
 * Reporting of Daily Air Quality (EPA-454/B-24-002, May 2024: PM2.5 Good ends at 9.0 µg/m³).
 * Concentrations are truncated to the table's precision before interpolating:
 *   I = (I_hi - I_lo) / (C_hi - C_lo) × (C - C_lo) + I_lo, rounded to the nearest integer.
 * Concentrations above the top breakpoint report 500 ("beyond the AQI").
 */
export type Pollutant = 'pm25' | 'pm10' | 'o3' | 'no2' | 'co';
export const POLLUTANTS: readonly Pollutant[] = ['pm25', 'pm10', 'o3', 'no2', 'co'];

export const AQI_CATEGORIES = [
  'Good',
  'Moderate',
  'Unhealthy for Sensitive Groups',
  'Unhealthy',
  'Very Unhealthy',
  'Hazardous',
] as const;
export type AqiCategory = (typeof AQI_CATEGORIES)[number];

/** [C_lo, C_hi, I_lo, I_hi] rows. */
type Table = readonly (readonly [number, number, number, number])[];

const INDEX = [
  [0, 50],
  [51, 100],
  [101, 150],
  [151, 200],
  [201, 300],
  [301, 500],
] as const;

const table = (concentrations: readonly (readonly [number, number] | null)[]): Table =>
  concentrations.flatMap((c, i) => (c ? [[c[0], c[1], INDEX[i]![0], INDEX[i]![1]] as const] : []));

/** PM2.5 24-hour, µg/m³, 1 decimal. */
export const PM25_TABLE = table([
  [0.0, 9.0],
  [9.1, 35.4],
  [35.5, 55.4],
  [55.5, 125.4],
  [125.5, 225.4],
  [225.5, 325.4],
]);
/** PM10 24-hour, µg/m³, integer. */
export const PM10_TABLE = table([
  [0, 54],
  [55, 154],
  [155, 254],
  [255, 354],
  [355, 424],
  [425, 604],
]);
/** O3 8-hour, ppb (the TAD's ppm × 1000), integer; undefined above 200 ppb. */
export const O3_8H_TABLE = table([[0, 54], [55, 70], [71, 85], [86, 105], [106, 200], null]);
/** O3 1-hour, ppb, integer; only defined from 125 ppb (AQI 101). */
export const O3_1H_TABLE = table([null, null, [125, 164], [165, 204], [205, 404], [405, 604]]);
/** NO2 1-hour, ppb, integer. */
export const NO2_TABLE = table([
  [0, 53],
  [54, 100],
  [101, 360],
  [361, 649],
  [650, 1249],
  [1250, 2049],
]);
/** CO 8-hour, ppm, 1 decimal. */
export const CO_TABLE = table([
  [0.0, 4.4],
  [4.5, 9.4],
  [9.5, 12.4],
  [12.5, 15.4],
  [15.5, 30.4],
  [30.5, 50.4],
]);

const truncate = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  // The epsilon keeps 35.4 (stored as 35.39999...) from truncating to 35.3.
  return Math.floor(value * f + 1e-9) / f;
};

/** AQI of a concentration in a table (already in the table's units), or null below its range. */
export function indexFrom(tbl: Table, concentration: number, decimals: number): number | null {
  const c = truncate(Math.max(0, concentration), decimals);
  if (c < tbl[0]![0]) return null;
  for (const [cLo, cHi, iLo, iHi] of tbl) {
    if (c <= cHi) {
      // Values in the gap between two rows (only possible without truncation) use the upper row.
      const from = Math.max(c, cLo);
      return Math.round(((iHi - iLo) / (cHi - cLo)) * (from - cLo) + iLo);
    }
  }
  return 500;
}

export const pm25Aqi = (ugPerM3: number) => indexFrom(PM25_TABLE, ugPerM3, 1)!;
export const pm10Aqi = (ugPerM3: number) => indexFrom(PM10_TABLE, ugPerM3, 0)!;
export const no2Aqi = (ppb: number) => indexFrom(NO2_TABLE, ppb, 0)!;
export const coAqi = (ppm: number) => indexFrom(CO_TABLE, ppm, 1)!;

/**
 * Ozone: the 8-hour average's AQI; where the 8-hour table ends (above 200 ppb) or the 1-hour
 * average reaches 125 ppb, the 1-hour table applies too and the higher index is reported, as the
 * TAD prescribes.
 */
export function o3Aqi(eightHourPpb: number, oneHourPpb: number): number {
  const c8 = truncate(eightHourPpb, 0);
  const eight = c8 <= 200 ? indexFrom(O3_8H_TABLE, c8, 0)! : null;
  const one = indexFrom(O3_1H_TABLE, oneHourPpb, 0);
  // Above 200 ppb the 8-hour average defines no index; it is past Very Unhealthy's top.
  if (eight === null) return Math.max(one ?? 0, 301);
  return Math.max(eight, one ?? 0);
}

export function aqiCategory(aqi: number): AqiCategory {
  if (aqi <= 50) return 'Good';
  if (aqi <= 100) return 'Moderate';
  if (aqi <= 150) return 'Unhealthy for Sensitive Groups';
  if (aqi <= 200) return 'Unhealthy';
  if (aqi <= 300) return 'Very Unhealthy';
  return 'Hazardous';
}

export function categoryRank(category: AqiCategory): number {
  return AQI_CATEGORIES.indexOf(category);
}

/** Machine-friendly category code, e.g. `unhealthy_for_sensitive_groups`. */
export function categoryCode(category: AqiCategory): string {
  return category.toLowerCase().replaceAll(' ', '_');
}

export interface AqiResult {
  readonly aqi: number;
  readonly category: AqiCategory;
  readonly dominantPollutant: Pollutant;
  readonly byPollutant: Readonly<Record<Pollutant, number>>;
}

/** Overall AQI: the highest pollutant index; ties go to the earlier pollutant of POLLUTANTS. */
export function overallAqi(byPollutant: Readonly<Record<Pollutant, number>>): AqiResult {
  let dominant: Pollutant = 'pm25';
  for (const p of POLLUTANTS) if (byPollutant[p] > byPollutant[dominant]) dominant = p;
  const aqi = byPollutant[dominant];
  return { aqi, category: aqiCategory(aqi), dominantPollutant: dominant, byPollutant };
}
