/** A vehicle as the processor keeps it in its Redis hash (`vehicle:<id>`). */
export interface VehicleRecord {
  readonly id: string;
  /** Contracts spelling: car, taxi, bus, delivery_van, ambulance, fire_engine, police. */
  readonly type: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly speedKmh: number;
  readonly headingDeg: number;
  readonly segmentId: number | null;
  readonly speedLimitKmh: number | null;
  readonly speeding: boolean;
  readonly active: boolean;
  readonly timestamp: string;
}

export interface TelemetryRecord {
  readonly make: string;
  readonly model: string;
  readonly year: number;
  readonly powertrain: string;
  readonly odometerKm: number;
  readonly fuelLevelPct: number | null;
  readonly batteryLevelPct: number | null;
  readonly passengers: number | null;
  readonly capacity: number | null;
  readonly timestamp: string;
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The fields of the vehicle hash `parseVehicleHash` reads (all the processor writes). */
export const VEHICLE_FIELDS = [
  'vehicleType',
  'latitude',
  'longitude',
  'speedKmh',
  'headingDeg',
  'segmentId',
  'speedLimitKmh',
  'speeding',
  'active',
  'timestamp',
] as const;

/** Parses the hash; null when it is missing or was never a position (e.g. only `active`). */
export function parseVehicleHash(id: string, h: Record<string, string>): VehicleRecord | null {
  if (!h.vehicleType || !h.timestamp) return null;
  const segmentId = num(h.segmentId);
  const limit = num(h.speedLimitKmh);
  return {
    id,
    type: h.vehicleType,
    latitude: num(h.latitude) ?? 0,
    longitude: num(h.longitude) ?? 0,
    speedKmh: num(h.speedKmh) ?? 0,
    headingDeg: num(h.headingDeg) ?? 0,
    segmentId: segmentId !== null && segmentId >= 0 ? segmentId : null,
    speedLimitKmh: limit !== null && limit >= 0 ? limit : null,
    speeding: h.speeding === '1',
    active: h.active !== '0',
    timestamp: h.timestamp,
  };
}

export function parseTelemetryHash(h: Record<string, string>): TelemetryRecord | null {
  if (!h.make || !h.timestamp) return null;
  return {
    make: h.make,
    model: h.model ?? '',
    year: num(h.year) ?? 0,
    powertrain: h.powertrain ?? 'petrol',
    odometerKm: num(h.odometerKm) ?? 0,
    fuelLevelPct: num(h.fuelLevelPct),
    batteryLevelPct: num(h.batteryLevelPct),
    passengers: num(h.passengers),
    capacity: num(h.capacity),
    timestamp: h.timestamp,
  };
}
