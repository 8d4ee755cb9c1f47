import { categoryCode, type AqiCategory } from '@city/processor/domains/environment/aqi.js';

/** An air-quality station as the processor keeps it in `env:aq:<id>`. */
export interface AirQualityRecord {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly timestamp: string;
  readonly pm25: number;
  readonly pm10: number;
  readonly o3: number;
  readonly no2: number;
  readonly co: number;
  readonly noise: number;
  readonly noiseCategory: string | null;
  readonly aqi: number;
  /** Category code, e.g. `unhealthy_for_sensitive_groups`. */
  readonly category: string;
  readonly dominantPollutant: string;
  readonly pollutantAqi: Readonly<Record<'pm25' | 'pm10' | 'o3' | 'no2' | 'co', number>>;
  readonly pm25NowCast: number | null;
}

export interface WeatherRecord {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly timestamp: string;
  readonly temperatureC: number;
  readonly humidityPct: number;
  readonly windSpeedKmh: number;
  readonly windDirectionDeg: number;
  readonly precipitationMmPerH: number;
  readonly pressureHpa: number;
  readonly condition: string;
}

export interface AlertRecord {
  readonly id: string;
  readonly stationId: string;
  readonly status: string;
  readonly category: string;
  readonly aqi: number;
  readonly peakAqi: number;
  readonly dominantPollutant: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

const n = (v: string | undefined) => (v === undefined || v === '' ? NaN : Number(v));
const opt = (v: string | undefined) => (Number.isFinite(n(v)) ? n(v) : null);

export function parseAirQualityHash(
  id: string,
  h: Record<string, string>,
): AirQualityRecord | null {
  if (!h.timestamp || h.aqi === undefined) return null;
  return {
    id,
    latitude: n(h.latitude),
    longitude: n(h.longitude),
    timestamp: h.timestamp,
    pm25: n(h.pm25UgPerM3),
    pm10: n(h.pm10UgPerM3),
    o3: n(h.o3Ppb),
    no2: n(h.no2Ppb),
    co: n(h.coPpm),
    noise: n(h.noiseDbA),
    noiseCategory: h.noiseCategory || null,
    aqi: n(h.aqi),
    category: h.categoryCode || categoryCode((h.category ?? 'Good') as AqiCategory),
    dominantPollutant: h.dominantPollutant ?? 'pm25',
    pollutantAqi: {
      pm25: n(h.aqiPm25),
      pm10: n(h.aqiPm10),
      o3: n(h.aqiO3),
      no2: n(h.aqiNo2),
      co: n(h.aqiCo),
    },
    pm25NowCast: opt(h.pm25NowCast),
  };
}

export function parseWeatherHash(id: string, h: Record<string, string>): WeatherRecord | null {
  if (!h.timestamp || h.temperatureC === undefined) return null;
  return {
    id,
    latitude: n(h.latitude),
    longitude: n(h.longitude),
    timestamp: h.timestamp,
    temperatureC: n(h.temperatureC),
    humidityPct: n(h.humidityPct),
    windSpeedKmh: n(h.windSpeedKmh),
    windDirectionDeg: n(h.windDirectionDeg),
    precipitationMmPerH: n(h.precipitationMmPerH),
    pressureHpa: n(h.pressureHpa),
    condition: h.condition ?? '',
  };
}

/** The alert hash keeps the display category ("Unhealthy"); the API uses codes. */
export function parseAlertHash(id: string, h: Record<string, string>): AlertRecord | null {
  if (!h.stationId || !h.startedAt) return null;
  const category = h.category ?? 'Unhealthy for Sensitive Groups';
  return {
    id,
    stationId: h.stationId,
    status: h.status ?? 'active',
    category:
      category.includes(' ') || /^[A-Z]/.test(category)
        ? categoryCode(category as AqiCategory)
        : category,
    aqi: n(h.aqi),
    peakAqi: n(h.peakAqi),
    dominantPollutant: h.dominantPollutant ?? 'pm25',
    startedAt: h.startedAt,
    endedAt: h.endedAt || null,
  };
}
