import { PM25_TABLE } from '../domains/environment/aqi.js';

/**
 * PM2.5 concentration (µg/m³, 1 decimal) whose US EPA AQI is `aqi`: the inverse of the 2024
 * PM2.5 breakpoints. The legacy generator sent a bare `airQualityIndex`; the platform stores
 * concentrations, so the index is attributed to PM2.5, the usual dominant pollutant, and the
 * environment pipeline then computes the same index back. Above 500 it is capped at the table top.
 */
export function pm25ForAqi(aqi: number): number {
  const index = Math.max(0, Math.min(500, Math.round(aqi)));
  for (const [cLo, cHi, iLo, iHi] of PM25_TABLE) {
    if (index <= iHi) {
      const c = cLo + ((index - iLo) * (cHi - cLo)) / (iHi - iLo);
      return Math.round(Math.max(c, cLo) * 10) / 10;
    }
  }
  return PM25_TABLE[PM25_TABLE.length - 1]![1];
}
