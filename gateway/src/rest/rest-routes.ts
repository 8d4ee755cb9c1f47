import type { Request } from 'express';

/** Result of a REST route: the JSON body and status. */
export interface RestResult {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A REST compatibility route: a GraphQL operation run through the gateway (same auth, limits,
 * query plans as GraphQL clients) and a mapping of its data to the original API's shape.
 * Adding a route is adding an entry to REST_ROUTES.
 */
export interface RestRoute {
  readonly path: string;
  readonly query: string;
  readonly variables?: (req: Request) => Record<string, unknown>;
  readonly map: (data: Record<string, unknown>, req: Request) => RestResult;
}

const ok = (body: unknown): RestResult => ({ status: 200, body });

interface VehicleLocation {
  id: string;
  position: { latitude: number; longitude: number };
  speed: number;
  heading: number;
  updatedAt: string;
}

function intParam(req: Request, name: string, fallback: number, max: number): number {
  const raw = req.query[name];
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : fallback;
  return Math.min(Math.max(n, 1), max);
}

const iso = (t: string | null | undefined) =>
  t ? new Date(t).toISOString() : new Date().toISOString();

export const REST_ROUTES: readonly RestRoute[] = [
  {
    path: '/api/vehicles/locations',
    query: `query RestVehicleLocations($limit: Int) {
      vehicles(filter: { limit: $limit }) { id position { latitude longitude } speed heading updatedAt }
    }`,
    variables: (req) => ({ limit: intParam(req, 'limit', 100, 5000) }),
    map: (data) =>
      ok(
        (data.vehicles as VehicleLocation[]).map((v) => ({
          vehicle_id: v.id,
          latitude: v.position.latitude,
          longitude: v.position.longitude,
          speed: v.speed,
          direction: v.heading,
          timestamp: iso(v.updatedAt),
        })),
      ),
  },
  {
    path: '/api/emergencies/active',
    query: `query RestActiveEmergencies {
      activeIncidents(limit: 1000) { id type position { latitude longitude } severity status reportedAt }
    }`,
    map: (data) =>
      ok(
        (
          data.activeIncidents as {
            id: string;
            type: string;
            position: { latitude: number; longitude: number };
            severity: string;
            status: string;
            reportedAt: string;
          }[]
        ).map((i) => ({
          incident_id: i.id,
          incident_type: i.type.toLowerCase(),
          latitude: i.position.latitude,
          longitude: i.position.longitude,
          severity: i.severity.toLowerCase(),
          status: i.status.toLowerCase(),
          timestamp: iso(i.reportedAt),
        })),
      ),
  },
  {
    path: '/api/traffic/live/:road_id',
    query: `query RestTrafficLive($id: ID!) {
      roadSegment(id: $id) { id currentSpeed volume congestionLevel updatedAt }
    }`,
    variables: (req) => ({ id: String(req.params.road_id) }),
    map: (data, req) => {
      const s = data.roadSegment as {
        id: string;
        currentSpeed: number | null;
        volume: number | null;
        congestionLevel: string | null;
        updatedAt: string | null;
      } | null;
      if (!s)
        return {
          status: 404,
          body: { error: 'not_found', message: `road ${String(req.params.road_id)} not found` },
        };
      return ok({
        road_id: s.id,
        average_speed: s.currentSpeed,
        vehicle_count: s.volume ?? 0,
        congestion_level: s.congestionLevel?.toLowerCase() ?? null,
        timestamp: iso(s.updatedAt),
      });
    },
  },
  {
    path: '/api/analytics/city-summary',
    query: `query RestCitySummary { citySummary { totalVehicles activeEmergencies averageSpeed congestedRoads timestamp } }`,
    map: (data) => {
      const s = data.citySummary as Record<string, unknown>;
      return ok({
        total_vehicles: s.totalVehicles,
        active_emergencies: s.activeEmergencies,
        average_city_speed: s.averageSpeed,
        congested_roads: s.congestedRoads,
        timestamp: iso(s.timestamp as string),
      });
    },
  },
  {
    path: '/api/stats',
    query: `query RestStats {
      citySummary { totalVehicles vehiclesByType { type count } averageSpeed congestedRoads segmentsObserved timestamp }
    }`,
    map: (data) => {
      const s = data.citySummary as {
        totalVehicles: number;
        vehiclesByType: { type: string; count: number }[];
        averageSpeed: number;
        congestedRoads: number;
        segmentsObserved: number;
        timestamp: string;
      };
      return ok({
        total_vehicles: s.totalVehicles,
        vehicles_by_type: Object.fromEntries(
          s.vehiclesByType.map((t) => [t.type.toLowerCase(), t.count]),
        ),
        average_city_speed: s.averageSpeed,
        congested_roads: s.congestedRoads,
        roads_observed: s.segmentsObserved,
        timestamp: iso(s.timestamp),
      });
    },
  },
];
