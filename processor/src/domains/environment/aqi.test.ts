import { describe, expect, it } from 'vitest';
import { aqiCategory, coAqi, no2Aqi, o3Aqi, overallAqi, pm10Aqi, pm25Aqi } from './aqi.js';
import { noiseCategory } from './noise.js';
import { pmNowCast, rollingMean } from './nowcast.js';

describe('US EPA AQI (2024 breakpoints)', () => {
  it('reproduces the Technical Assistance Document examples', () => {
    expect(o3Aqi(78, 0)).toBe(126); // 8-hour ozone 0.078 ppm
    expect(pm25Aqi(35.9)).toBe(102);
  });

  it.each([
    [0, 0],
    [9.0, 50],
    [9.1, 51],
    [12.0, 56], // Good under the pre-2024 table, Moderate now
    [35.4, 100],
    [35.5, 101],
    [55.4, 150],
    [55.5, 151],
    [125.4, 200],
    [125.5, 201],
    [225.4, 300],
    [225.5, 301],
    [325.4, 500],
    [600, 500],
    [9.09, 50], // truncated to 9.0 before interpolation
  ])('PM2.5 %f µg/m³ -> %i', (c, aqi) => {
    expect(pm25Aqi(c)).toBe(aqi);
  });

  it.each([
    [54, 50],
    [55, 51],
    [154, 100],
    [155, 101],
    [425, 301],
    [604, 500],
  ])('PM10 %i µg/m³ -> %i', (c, aqi) => {
    expect(pm10Aqi(c)).toBe(aqi);
  });

  it.each([
    [4.4, 50],
    [8.0, 86],
    [9.5, 101],
    [50.4, 500],
  ])('CO %f ppm -> %i', (c, aqi) => {
    expect(coAqi(c)).toBe(aqi);
  });

  it.each([
    [53, 50],
    [100, 100],
    [101, 101],
    [360, 150],
    [2049, 500],
  ])('NO2 %i ppb -> %i', (c, aqi) => {
    expect(no2Aqi(c)).toBe(aqi);
  });

  it('uses the 1-hour ozone table when it gives the higher index or the 8-hour table ends', () => {
    expect(o3Aqi(60, 100)).toBe(67);
    expect(o3Aqi(60, 130)).toBe(107);
    expect(o3Aqi(205, 150)).toBe(301);
    expect(o3Aqi(210, 450)).toBe(346); // (500 - 301) / (604 - 405) × 45 + 301
  });

  it.each([
    [50, 'Good'],
    [51, 'Moderate'],
    [100, 'Moderate'],
    [101, 'Unhealthy for Sensitive Groups'],
    [151, 'Unhealthy'],
    [201, 'Very Unhealthy'],
    [301, 'Hazardous'],
  ] as const)('AQI %i is %s', (aqi, category) => {
    expect(aqiCategory(aqi)).toBe(category);
  });

  it('reports the highest index as the AQI with its dominant pollutant', () => {
    const r = overallAqi({ pm25: 80, pm10: 30, o3: 120, no2: 10, co: 5 });
    expect(r).toMatchObject({
      aqi: 120,
      dominantPollutant: 'o3',
      category: 'Unhealthy for Sensitive Groups',
    });
    expect(overallAqi({ pm25: 40, pm10: 40, o3: 1, no2: 1, co: 1 }).dominantPollutant).toBe('pm25');
  });
});

describe('PM NowCast', () => {
  it('is the plain value for steady concentrations', () => {
    expect(pmNowCast([30, 30, 30, 30])).toBeCloseTo(30, 10);
  });

  it('weights recent hours by w* = max(min/max, 0.5)', () => {
    expect(pmNowCast([12, 15, 13])).toBeCloseTo(32.32 / 2.44, 10); // w = 0.8
    expect(pmNowCast([5, 50])).toBeCloseTo(30 / 1.5, 10); // w = 0.1 -> 0.5
  });

  it('skips missing hours but needs two of the three newest', () => {
    expect(pmNowCast([10, null, 20])).toBeCloseTo((10 + 0.25 * 20) / 1.25, 10);
    expect(pmNowCast([null, null, 10, 10])).toBeNull();
    expect(pmNowCast([0, 0])).toBe(0);
  });

  it('uses at most twelve hours', () => {
    const thirteen = [...new Array<number>(12).fill(10), 1000];
    expect(pmNowCast(thirteen)).toBeCloseTo(10, 10);
  });

  it('averages the available hours for 8-hour means', () => {
    expect(rollingMean([10, null, 20, 30, 40, 50, 60, 70, 1000], 8)).toBeCloseTo(40, 10);
    expect(rollingMean([null, null], 8)).toBeNull();
  });
});

describe('noise categories', () => {
  it.each([
    [30, 'quiet'],
    [45, 'moderate'],
    [55, 'loud'],
    [70, 'very_loud'],
    [85, 'harmful'],
  ] as const)('%f dB(A) is %s', (db, category) => {
    expect(noiseCategory(db)).toBe(category);
  });
});
