import type { GpsEvent, VehicleTelemetryEvent } from '@city/contracts';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import {
  RUN_IDLE_MS,
  continuesRun,
  extendRun,
  minuteOf,
  runObservation,
  startRun,
  type SegmentRun,
} from './segment-run.js';
import {
  emptyWrites,
  type DomainStage,
  type InputEvent,
  type StageContext,
  type Writes,
} from '../../pipeline/types.js';
import { createVehiclesRebuild } from './vehicles-rebuild.js';
import type { MapMatcher } from './map-matcher.js';
import {
  createVehiclesState,
  restoreVehiclesState,
  type VehicleMemory,
  type VehiclesState,
} from './vehicles-state.js';
import {
  GEOFENCE_TRANSITIONS_TABLE,
  SPEEDING_EVENTS_TABLE,
  VEHICLE_COUNT_MINUTES_TABLE,
  VEHICLES_TABLE,
  VEHICLES_TABLES,
} from './vehicles-tables.js';
import type { ZoneIndex } from './zone-index.js';
import { settleZones } from './zone-hysteresis.js';

export interface VehiclesStageOptions {
  readonly matcher: MapMatcher;
  readonly zones: ZoneIndex;
  /** A vehicle without a fix for this long leaves the active set. */
  readonly staleSeconds: number;
  /** Speeding = faster than the segment's limit by more than this many percent. */
  readonly speedingTolerancePct: number;
  readonly hotTtlSeconds: number;
}

/** Relative Redis keys of the vehicles domain (the sink adds REDIS_KEY_PREFIX). */
export const VEHICLE_KEYS = {
  vehicle: (id: string) => `vehicle:${id}`,
  telemetry: (id: string) => `vehicle:${id}:telemetry`,
  geo: 'vehicles:geo',
  active: 'vehicles:active',
  speeding: 'vehicles:speeding',
  zoneMembers: (zoneId: string) => `zone:${zoneId}:vehicles`,
} as const;

const EMERGENCY = new Set(['ambulance', 'fire_engine', 'police']);
/** Below this a fix counts as standing still (GPS speed noise on a stopped vehicle). */
const STANDING_KMH = 2;
/**
 * Standing still longer than this (longer than a signal cycle) means parked or at its base: it no
 * longer describes the traffic on the segment, so it is not a traffic observation. Queues at red
 * lights and in congestion stop for less and still count.
 */
export const PARKED_AFTER_MS = 180_000;
const TELEMETRY_TTL_SECONDS = 24 * 3600;
const MINUTE_MS = 60_000;

const observationOf = (vehicleId: string, run: SegmentRun) =>
  ({ topic: 'segment_observations', event: runObservation(vehicleId, run) }) as const;

function applyGps(
  options: VehiclesStageOptions,
  input: InputEvent,
  state: VehiclesState,
  ctx: StageContext,
): Writes {
  const e = input.event as GpsEvent;
  const out = emptyWrites();
  const time = Date.parse(e.timestamp);
  const prev: VehicleMemory | undefined = state.vehicles[e.vehicleId];
  if (prev && time < prev.f) {
    // Per-key order is by partition, but a device can send an old fix late: it is archived by
    // the runtime, and must not move the vehicle back.
    out.counters.out_of_order_fixes = 1;
    return out;
  }
  const match = options.matcher.match(e.longitude, e.latitude, e.vehicleType, prev?.m);
  const zones = settleZones(
    prev?.z,
    options.zones.containing(e.longitude, e.latitude),
    e.longitude,
    e.latitude,
    options.zones,
  );
  const limit = match?.limitKmh ?? null;
  const speeding =
    limit !== null &&
    !EMERGENCY.has(e.vehicleType) &&
    e.speedKmh > limit * (1 + options.speedingTolerancePct / 100);

  state.partition = input.partition;
  const id = e.vehicleId;
  const fields = {
    vehicleType: e.vehicleType,
    latitude: e.latitude,
    longitude: e.longitude,
    speedKmh: e.speedKmh,
    headingDeg: e.headingDeg,
    segmentId: match?.segmentId ?? -1,
    speedLimitKmh: limit ?? -1,
    speeding: speeding ? 1 : 0,
    active: 1,
    timestamp: e.timestamp,
  };
  out.hot.push(
    { op: 'hset', key: VEHICLE_KEYS.vehicle(id), fields, ttlSeconds: options.hotTtlSeconds },
    {
      op: 'geoadd',
      key: VEHICLE_KEYS.geo,
      member: id,
      longitude: e.longitude,
      latitude: e.latitude,
    },
    { op: 'zadd', key: VEHICLE_KEYS.active, member: id, score: time },
  );
  out.durable.push({
    table: VEHICLES_TABLE.table,
    row: {
      id,
      vehicle_type: e.vehicleType,
      latitude: e.latitude,
      longitude: e.longitude,
      speed_kmh: e.speedKmh,
      heading_deg: e.headingDeg,
      segment_id: match?.segmentId ?? null,
      last_seen_at: e.timestamp,
    },
  });
  out.changes.push({
    domain: 'vehicles',
    entity: 'Vehicle',
    id,
    fields: Object.keys(fields),
    data: { id, ...fields },
    produceTime: input.produceTime,
  });

  const standingSince =
    e.speedKmh < STANDING_KMH
      ? prev?.p !== undefined && prev.p <= time
        ? prev.p
        : time
      : undefined;
  const parked = standingSince !== undefined && time - standingSince >= PARKED_AFTER_MS;
  // Traffic observations: a vehicle's consecutive fixes on one segment within one minute leave as
  // one observation (mean speed, fix count) when the run ends, not one message per fix.
  let run = prev?.r;
  if (match && !parked && continuesRun(run, match.segmentId, time)) {
    extendRun(run!, time, e.speedKmh);
  } else {
    if (run) out.emits.push(observationOf(id, run));
    run = match && !parked ? startRun(match.segmentId, time, e.speedKmh, e.eventId) : undefined;
    if (match && parked) out.counters.parked_fixes = 1;
    else if (!match) out.counters.unmatched_fixes = 1;
  }
  state.newest = Math.max(state.newest ?? time, time);

  if (speeding) {
    out.counters.speeding_fixes = 1;
    if (!prev?.o) {
      out.counters.speeding_episodes = 1;
      out.hot.push({ op: 'zadd', key: VEHICLE_KEYS.speeding, member: id, score: time });
      out.durable.push({
        table: SPEEDING_EVENTS_TABLE.table,
        row: {
          id: e.eventId,
          vehicle_id: id,
          vehicle_type: e.vehicleType,
          segment_id: match!.segmentId,
          speed_kmh: e.speedKmh,
          limit_kmh: limit,
          latitude: e.latitude,
          longitude: e.longitude,
          occurred_at: e.timestamp,
        },
      });
    }
  } else if (prev?.o) {
    out.hot.push({ op: 'zrem', key: VEHICLE_KEYS.speeding, member: id });
  }

  const before = new Set(prev?.z ?? []);
  const after = new Set(zones);
  const transitions = [
    ...zones.filter((z) => !before.has(z)).map((z) => ['enter', z] as const),
    ...(prev?.z ?? []).filter((z) => !after.has(z)).map((z) => ['exit', z] as const),
  ];
  for (const [transition, zoneId] of transitions) {
    const zone = options.zones.get(zoneId);
    const zoneKind = zone?.kind ?? (zoneId.startsWith('nbhd:') ? 'neighborhood' : 'operator');
    const eventId = deriveEventId('geofence_events', e.eventId, zoneId, transition);
    out.emits.push({
      topic: 'geofence_events',
      event: {
        schemaVersion: 1,
        eventId,
        timestamp: e.timestamp,
        source: 'processor',
        vehicleId: id,
        zoneId,
        zoneKind,
        transition,
        latitude: e.latitude,
        longitude: e.longitude,
      },
    });
    out.durable.push({
      table: GEOFENCE_TRANSITIONS_TABLE.table,
      row: {
        id: eventId,
        vehicle_id: id,
        zone_id: zoneId,
        zone_kind: zoneKind,
        transition,
        latitude: e.latitude,
        longitude: e.longitude,
        occurred_at: e.timestamp,
      },
    });
    out.hot.push({
      op: transition === 'enter' ? 'sadd' : 'srem',
      key: VEHICLE_KEYS.zoneMembers(zoneId),
      member: id,
    });
    out.changes.push({
      domain: 'vehicles',
      entity: 'Zone',
      id: zoneId,
      fields: ['vehicles'],
      data: { vehicleId: id, transition },
      produceTime: input.produceTime,
    });
    out.counters[`geofence_${transition}`] = (out.counters[`geofence_${transition}`] ?? 0) + 1;
  }

  state.vehicles[id] = { f: time, s: ctx.now, z: zones, o: speeding, a: true };
  if (match) state.vehicles[id].m = match.segmentId;
  if (standingSince !== undefined) state.vehicles[id].p = standingSince;
  if (run) state.vehicles[id].r = run;
  return out;
}

function applyTelemetry(input: InputEvent, options: VehiclesStageOptions): Writes {
  const e = input.event as VehicleTelemetryEvent;
  const out = emptyWrites();
  const fields: Record<string, string | number> = {
    vehicleType: e.vehicleType,
    make: e.make,
    model: e.model,
    year: e.year,
    powertrain: e.powertrain,
    odometerKm: e.odometerKm,
    timestamp: e.timestamp,
  };
  if (e.fuelLevelPct !== undefined) fields.fuelLevelPct = e.fuelLevelPct;
  if (e.batteryLevelPct !== undefined) fields.batteryLevelPct = e.batteryLevelPct;
  if (e.passengers !== undefined) fields.passengers = e.passengers;
  if (e.capacity !== undefined) fields.capacity = e.capacity;
  out.hot.push({
    op: 'hset',
    key: VEHICLE_KEYS.telemetry(e.vehicleId),
    fields,
    ttlSeconds: Math.max(options.hotTtlSeconds, TELEMETRY_TTL_SECONDS),
  });
  out.changes.push({
    domain: 'vehicles',
    entity: 'Vehicle',
    id: e.vehicleId,
    fields: Object.keys(fields).map((f) => `telemetry.${f}`),
    data: { id: e.vehicleId, telemetry: fields },
    produceTime: input.produceTime,
  });
  return out;
}

/** Vehicles that stopped reporting leave the active set; long-silent ones are forgotten. */
function flushVehicles(
  options: VehiclesStageOptions,
  state: VehiclesState,
  ctx: StageContext,
): Writes {
  const out = emptyWrites();
  const staleMs = options.staleSeconds * 1000;
  const forgetMs = Math.max(staleMs, options.hotTtlSeconds * 1000);
  let active = 0;
  const newest = state.newest ?? 0;
  const newestMinute = minuteOf(newest);
  for (const [id, v] of Object.entries(state.vehicles)) {
    const silentMs = ctx.now - v.s;
    // A run ends with the vehicle's next fix elsewhere; one whose vehicle fell silent, or whose
    // minute the partition has left, is emitted here so the traffic window gets it in time.
    if (v.r && (v.r[4] < newest - RUN_IDLE_MS || v.r[1] < newestMinute || silentMs > RUN_IDLE_MS)) {
      out.emits.push(observationOf(id, v.r));
      delete v.r;
    }
    if (v.a && silentMs > staleMs) {
      v.a = false;
      out.hot.push(
        { op: 'zrem', key: VEHICLE_KEYS.geo, member: id },
        { op: 'zrem', key: VEHICLE_KEYS.active, member: id },
        { op: 'zrem', key: VEHICLE_KEYS.speeding, member: id },
        {
          op: 'hset',
          key: VEHICLE_KEYS.vehicle(id),
          fields: { active: 0 },
          ttlSeconds: options.hotTtlSeconds,
        },
      );
      out.changes.push({
        domain: 'vehicles',
        entity: 'Vehicle',
        id,
        fields: ['active'],
        data: { id, active: 0 },
        produceTime: ctx.now,
      });
      out.counters.stale_vehicles = (out.counters.stale_vehicles ?? 0) + 1;
    }
    if (silentMs > forgetMs) {
      for (const zoneId of v.z)
        out.hot.push({ op: 'srem', key: VEHICLE_KEYS.zoneMembers(zoneId), member: id });
      delete state.vehicles[id];
    }
    if (v.a) active++;
  }
  // The first batch of each minute records the partition's active count (the history of
  // CitySummary.totalVehicles); the loop above already visits every vehicle.
  const minute = Math.floor(ctx.now / MINUTE_MS) * MINUTE_MS;
  if (state.partition !== undefined && state.sampledMinute !== minute) {
    state.sampledMinute = minute;
    out.durable.push({
      table: VEHICLE_COUNT_MINUTES_TABLE.table,
      row: {
        minute: new Date(minute).toISOString(),
        partition: state.partition,
        active_vehicles: active,
      },
    });
  }
  return out;
}

/**
 * The vehicles pipeline: latest position per vehicle (hash + geo index + active set), map matching
 * to a road segment (emitted as segment_observations for traffic), speeding against the segment's
 * limit, zone enter/exit (geofence_events), telemetry, and stale-vehicle expiry.
 */
export function createVehiclesStage(options: VehiclesStageOptions): DomainStage<VehiclesState> {
  return {
    domain: 'vehicles',
    topics: ['gps_data', 'vehicle_data'],
    tables: VEHICLES_TABLES,
    // vehiclesMoved/vehicleMoved build their events from the change's data alone.
    feedAfterHotWrites: true,
    createState: createVehiclesState,
    apply(input, state, ctx) {
      if (input.topic === 'gps_data') return applyGps(options, input, state, ctx);
      if (input.topic === 'vehicle_data') return applyTelemetry(input, options);
      return emptyWrites();
    },
    flush: (state, ctx) => flushVehicles(options, state, ctx),
    snapshot: (state) => state,
    restore: restoreVehiclesState,
    rebuild: createVehiclesRebuild({
      staleSeconds: options.staleSeconds,
      hotTtlSeconds: options.hotTtlSeconds,
      zoneMembers: VEHICLE_KEYS.zoneMembers,
    }),
  };
}
