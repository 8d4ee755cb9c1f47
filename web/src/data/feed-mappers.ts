import type { ResultOf } from '../graphql/graphql.js';
import type {
  ActiveIncidentsQuery,
  AirQualityQuery,
  CitySummaryHistoryQuery,
  VehiclesQuery,
} from '../graphql/operations.js';
import type {
  AirStation,
  HealthAlert,
  Incident,
  KpiPoint,
  VehicleKind,
  VehiclePoint,
} from './city-store.js';

type VehicleFields = ResultOf<typeof VehiclesQuery>['vehicles'][number];
type IncidentFields = ResultOf<typeof ActiveIncidentsQuery>['activeIncidents'][number];
type StationFields = ResultOf<typeof AirQualityQuery>['airQualityStations'][number];
type AlertFields = ResultOf<typeof AirQualityQuery>['activeHealthAlerts'][number];
type MinuteFields = ResultOf<
  typeof CitySummaryHistoryQuery
>['citySummary']['history'][number];

/** A `CitySummary.history` minute -> sparkline point. */
export const toKpiPoint = (m: MinuteFields): KpiPoint => ({
  at: Date.parse(m.at),
  totalVehicles: m.totalVehicles ?? null,
  averageSpeed: m.averageSpeed ?? null,
  congestedRoads: m.congestedRoads ?? null,
  emergencies: m.activeEmergencies ?? null,
  worstAqi: m.worstAqi ?? null,
});

/** GraphQL vehicle (query or subscription, same selection) -> store point. */
export const toVehiclePoint = (v: VehicleFields): VehiclePoint => ({
  id: v.id,
  type: v.type as VehicleKind,
  lon: v.position.longitude,
  lat: v.position.latitude,
  heading: v.heading,
  speed: v.speed,
  speeding: v.speeding,
});

/** GraphQL incident (query or subscription, same selection) -> store incident. */
export const toIncident = (i: IncidentFields): Incident => ({
  id: i.id,
  type: i.type.toLowerCase(),
  severity: i.severity.toLowerCase() as Incident['severity'],
  status: i.status.toLowerCase(),
  description: i.description,
  reportedAt: i.reportedAt,
  updatedAt: i.lastEventAt,
  lon: i.position.longitude,
  lat: i.position.latitude,
  timeline: i.timeline.map((t) => ({
    status: (t.status ?? t.kind).toLowerCase(),
    at: t.occurredAt,
    by: t.unitId ?? t.actor,
  })),
});

export const toAirStation = (s: StationFields): AirStation => ({
  id: s.id,
  aqi: s.aqi,
  category: s.category.toLowerCase(),
  lon: s.position.longitude,
  lat: s.position.latitude,
});

export const toHealthAlert = (a: AlertFields): HealthAlert => ({
  id: a.id,
  level: a.category.toLowerCase().replace(/_/g, ' '),
  message: `AQI ${a.aqi} at station ${a.stationId}`,
  stationId: a.stationId,
});
