import type { TopicName } from '@city/contracts';
import { deriveEventId } from '../pipeline/derive-event-id.js';
import { pm25ForAqi } from './legacy-air-quality.js';
import {
  enumValue,
  isUuid,
  parseDirection,
  parseLocation,
  parseSpeedKmh,
} from './legacy-fields.js';
import { LEGACY_TIME_ZONE, normaliseTimestamp } from './legacy-time.js';

export const LEGACY_SOURCE = 'legacy-generator';

/**
 * Values the contracts require but the legacy generator never sent. Each is a neutral stand-in,
 * and every event built with them has `source: "legacy-generator"` so consumers can tell.
 */
export const LEGACY_DEFAULTS = Object.freeze({
  /** GPS accuracy (1 sigma) of a consumer receiver, metres. */
  accuracyM: 10,
  /** Odometer: unknown. */
  odometerKm: 0,
  /** ISA standard sea-level pressure, hPa. */
  pressureHpa: 1013.25,
  /** Wind direction: unknown (reported as calm-from-north). */
  windDirectionDeg: 0,
  /** Pollutants other than the PM2.5 that carries a legacy airQualityIndex, and noise: unknown. */
  unknownPollutant: 0,
});

type Obj = Record<string, unknown>;

const WEATHER_CONDITIONS: Readonly<Record<string, string>> = {
  sunny: 'clear',
  clear: 'clear',
  fair: 'clear',
  partly_cloudy: 'partly_cloudy',
  cloudy: 'cloudy',
  overcast: 'cloudy',
  fog: 'fog',
  foggy: 'fog',
  mist: 'fog',
  drizzle: 'drizzle',
  rain: 'rain',
  rainy: 'rain',
  heavy_rain: 'heavy_rain',
  storm: 'thunderstorm',
  thunderstorm: 'thunderstorm',
  windy: 'windy',
};
const INCIDENT_TYPES: Readonly<Record<string, string>> = { police: 'crime' };
const INCIDENT_STATUSES: Readonly<Record<string, string>> = {
  active: 'reported',
  open: 'reported',
  new: 'reported',
  closed: 'resolved',
  enroute: 'en_route',
  onscene: 'on_scene',
  canceled: 'cancelled',
};
const POWERTRAINS: Readonly<Record<string, string>> = {
  gasoline: 'petrol',
  gas: 'petrol',
  ev: 'electric',
};
const VEHICLE_TYPE_ALIASES: Readonly<Record<string, string>> = {
  private: 'car',
  van: 'delivery_van',
  delivery: 'delivery_van',
  fire_truck: 'fire_engine',
};

const mapped = (table: Readonly<Record<string, string>>, value: unknown) => {
  const v = enumValue(value);
  return typeof v === 'string' ? (table[v] ?? v) : v;
};

/** Legacy vehicles are private cars. */
const vehicleType = (value: unknown) => mapped(VEHICLE_TYPE_ALIASES, value ?? 'private');

/** Envelope of a legacy message: eventId from its `id` or, failing that, from its content. */
function envelope(topic: TopicName, v: Obj) {
  return {
    schemaVersion: 1,
    eventId: isUuid(v.id) ? v.id.toLowerCase() : deriveEventId('legacy', topic, JSON.stringify(v)),
    timestamp: normaliseTimestamp(v.timestamp, LEGACY_TIME_ZONE),
    source: LEGACY_SOURCE,
  };
}

function position(v: Obj) {
  const loc = parseLocation(v.location);
  if (loc) return loc;
  if (v.latitude !== undefined || v.longitude !== undefined) {
    return { latitude: v.latitude, longitude: v.longitude };
  }
  return {};
}

/** Drops undefined so a missing legacy field surfaces as "is required" in validation. */
function defined(o: Obj): Obj {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const LEGACY: Partial<Record<TopicName, (v: Obj) => Obj>> = {
  gps_data: (v) => ({
    ...envelope('gps_data', v),
    vehicleId: v.vehicleId ?? v.deviceId,
    vehicleType: vehicleType(v.vehicleType),
    ...position(v),
    speedKmh: parseSpeedKmh(v.speed ?? v.speedKmh),
    headingDeg: parseDirection(v.direction ?? v.heading),
    accuracyM: v.accuracy ?? LEGACY_DEFAULTS.accuracyM,
  }),
  vehicle_data: (v) => ({
    ...envelope('vehicle_data', v),
    vehicleId: v.vehicleId ?? v.deviceId,
    vehicleType: vehicleType(v.vehicleType),
    make: v.make,
    model: v.model,
    year: typeof v.year === 'string' ? Number(v.year) : v.year,
    powertrain: mapped(POWERTRAINS, v.fuelType ?? v.powertrain),
    odometerKm: v.odometer ?? v.odometerKm ?? LEGACY_DEFAULTS.odometerKm,
  }),
  traffic_camera_data: (v) => ({
    // No counts, node or interval in the legacy shape: validation names them and the message
    // goes to the DLQ. The snapshot (image bytes) is never carried; only a URI would be.
    ...envelope('traffic_camera_data', v),
    cameraId: v.cameraId ?? v.deviceId,
    nodeId: v.nodeId,
    ...position(v),
    intervalSeconds: v.intervalSeconds,
    approaches: v.approaches,
    snapshotRef: typeof v.snapshot === 'string' && v.snapshot.includes('://') ? v.snapshot : '',
  }),
  weather_data: (v) => ({
    ...envelope('weather_data', v),
    stationId: v.stationId ?? v.deviceId,
    ...position(v),
    temperatureC: v.temperature ?? v.temperatureC,
    humidityPct: v.humidity ?? v.humidityPct,
    windSpeedKmh: parseSpeedKmh(v.windSpeed ?? v.windSpeedKmh),
    windDirectionDeg:
      v.windDirection === undefined
        ? LEGACY_DEFAULTS.windDirectionDeg
        : parseDirection(v.windDirection),
    precipitationMmPerH: v.precipitation ?? v.precipitationMmPerH,
    pressureHpa: v.pressure ?? v.pressureHpa ?? LEGACY_DEFAULTS.pressureHpa,
    condition: mapped(WEATHER_CONDITIONS, v.weatherCondition ?? v.condition),
  }),
  air_quality_data: (v) => legacyAirQuality(v),
  emergency_incident_data: (v) => ({
    ...envelope('emergency_incident_data', v),
    incidentId: v.incidentId,
    type: mapped(INCIDENT_TYPES, v.type),
    status: mapped(INCIDENT_STATUSES, v.status),
    ...position(v),
    description: v.description ?? '',
    details: v.details ?? {},
    severity: v.severity === undefined ? undefined : enumValue(v.severity),
    reportedBy: v.reportedBy ?? v.deviceId ?? LEGACY_SOURCE,
  }),
};

/**
 * A legacy weather message's `airQualityIndex` as an air_quality_data event: the index becomes
 * the PM2.5 concentration with that AQI (see pm25ForAqi); the other pollutants and noise are
 * unknown (LEGACY_DEFAULTS.unknownPollutant).
 */
export function legacyAirQuality(v: Obj): Obj {
  const aqi = v.airQualityIndex;
  return defined({
    ...envelope('air_quality_data', v),
    stationId: v.stationId ?? v.deviceId,
    ...position(v),
    pm25UgPerM3: typeof aqi === 'number' ? pm25ForAqi(aqi) : aqi,
    pm10UgPerM3: LEGACY_DEFAULTS.unknownPollutant,
    o3Ppb: LEGACY_DEFAULTS.unknownPollutant,
    no2Ppb: LEGACY_DEFAULTS.unknownPollutant,
    coPpm: LEGACY_DEFAULTS.unknownPollutant,
    noiseDbA: LEGACY_DEFAULTS.unknownPollutant,
  });
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Maps a message of the original pipeline onto the topic's contract; a message that already has
 * a `schemaVersion` (the platform's own producers) is returned untouched. The result is validated
 * by the runtime: what cannot be mapped stays missing or malformed, so the dead letter names the
 * field.
 */
export function normalise(topic: TopicName, value: unknown): unknown {
  if (!isObject(value) || 'schemaVersion' in value) return value;
  const map = LEGACY[topic];
  return map ? defined(map(value)) : value;
}

/**
 * Extra events a legacy message carries for other topics: a legacy vehicle_data message's
 * position and speed as a gps_data fix, and a legacy weather message's airQualityIndex as an
 * air_quality_data reading. Their eventIds derive from the message, so a redelivery repeats them.
 */
export function derivedFromLegacy(
  topic: TopicName,
  value: unknown,
): { topic: TopicName; value: unknown }[] {
  if (!isObject(value) || 'schemaVersion' in value) return [];
  const base = envelope(topic, value);
  const id = (target: string) => deriveEventId('legacy-derived', target, base.eventId);
  if (topic === 'vehicle_data' && value.location !== undefined) {
    const fix = LEGACY.gps_data!({ ...value, vehicleType: value.vehicleType ?? 'private' });
    return [{ topic: 'gps_data', value: defined({ ...fix, eventId: id('gps_data') }) }];
  }
  if (topic === 'weather_data' && value.airQualityIndex !== undefined) {
    return [
      {
        topic: 'air_quality_data',
        value: { ...legacyAirQuality(value), eventId: id('air_quality_data') },
      },
    ];
  }
  return [];
}
