import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '@city/contracts';
import { waitFor } from '@city/infra';
import { isRoutable, pointAlongSegment } from '@city/roadgraph';
import { fixesAlong, runProcessorStages } from '../../../gateway/tests/processor-fixture.js';
import { envelope, gql, startFederatedStack, type FederatedStack } from './federated-stack.js';

let stack: FederatedStack;
let segmentId: number;
let operator: string;
let viewer: string;
const t0 = Date.now() - 10 * 60_000;
const INCIDENT = 'inc-test-fire-1';

const unitStatus = (
  unitId: string,
  unitType: 'ambulance' | 'fire_engine' | 'police',
  status: EventOf<'emergency_unit_status'>['status'],
  at: { lat: number; lon: number },
  incidentId: string | null,
  time = t0,
): EventOf<'emergency_unit_status'> => ({
  ...envelope(time),
  unitId,
  unitType,
  status,
  incidentId,
  commandId: null,
  latitude: at.lat,
  longitude: at.lon,
});

beforeAll(async () => {
  stack = await startFederatedStack();
  const net = stack.network;
  const seg = net.segments.find(
    (s) =>
      s.highway === 'secondary' && s.name && s.lengthM > 150 && !s.oneway && isRoutable(s, 'car'),
  )!;
  segmentId = seg.id;
  const mid = pointAlongSegment(seg, seg.lengthM / 2);
  const near = pointAlongSegment(seg, seg.lengthM * 0.1);
  // A unit about 2 km away: the first segment whose start is that far from the incident.
  const far = net.segments.find((s) => {
    const d = Math.hypot((s.coords[0]! - mid.lon) * 88_000, (s.coords[1]! - mid.lat) * 111_000);
    return d > 1800 && d < 2500 && isRoutable(s, 'car') && s.highway !== 'service';
  })!;
  const farPoint = { lat: far.coords[1]!, lon: far.coords[0]! };

  // Vehicles (GPS through the real vehicles stage): the en-route ambulance and a car.
  const windows = await runProcessorStages(
    stack.redis,
    stack.prefix,
    net,
    [
      ...fixesAlong(net, seg.id, 'amb-2', 'ambulance', 40, t0, 2),
      ...fixesAlong(net, seg.id, 'car-1', 'car', 30, t0, 2),
    ].sort((a, b) => a.timestamp.localeCompare(b.timestamp)),
    Date.now(),
  );
  expect(windows.length).toBeGreaterThan(0);

  await stack.process('emergency_incident_data', [
    {
      ...envelope(t0),
      incidentId: INCIDENT,
      type: 'fire',
      status: 'reported',
      latitude: mid.lat,
      longitude: mid.lon,
      segmentId: seg.id,
      description: 'Smoke from a shop',
      details: { buildingType: 'commercial' },
      reportedBy: 'caller:test',
    },
  ]);
  await stack.process('emergency_unit_status', [
    unitStatus('amb-1', 'ambulance', 'available', { lat: near.lat, lon: near.lon }, null),
    unitStatus('eng-1', 'fire_engine', 'available', farPoint, null),
    unitStatus('pol-9', 'police', 'out_of_service', farPoint, null),
    unitStatus('amb-2', 'ambulance', 'en_route', { lat: mid.lat, lon: mid.lon }, INCIDENT),
  ]);
  await stack.process('air_quality_data', [
    {
      ...envelope(t0),
      stationId: 'aq-near',
      latitude: mid.lat + 0.001,
      longitude: mid.lon,
      pm25UgPerM3: 80,
      pm10UgPerM3: 30,
      o3Ppb: 20,
      no2Ppb: 15,
      coPpm: 0.3,
      noiseDbA: 62,
    },
  ]);
  operator = await stack.token(['operator'], 'op-alice');
  viewer = await stack.token(['viewer'], 'viewer-bob');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function query<T = Record<string, unknown>>(
  q: string,
  variables: Record<string, unknown> = {},
  token = operator,
): Promise<T> {
  const { body } = await gql(stack.url, q, { variables, ...as(token) });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

async function auditRows(entityId: string) {
  return stack.db.auditLog.findMany({ where: { entityId }, orderBy: { id: 'asc' } });
}

describe('queries across subgraphs', () => {
  it('incident -> road segment (traffic) -> air quality (environment), assigned units (vehicles)', async () => {
    const data = await query<{ incident: Record<string, unknown> }>(
      `query($id: ID!) { incident(id: $id) {
        id type status severity description details { buildingType } active
        roadSegment { id name airQuality { aqi category station { id } } }
        assignedUnits { id type roadSegment { id } }
        units { id type status }
        timeline { kind status step unitId actor }
      } }`,
      { id: INCIDENT },
    );
    const i = data.incident as {
      severity: string;
      roadSegment: {
        id: string;
        name: string;
        airQuality: { aqi: number; category: string; station: { id: string } };
      };
      assignedUnits: { id: string; type: string; roadSegment: { id: string } }[];
      timeline: { kind: string; step: string | null }[];
    };
    // A unit's report is a response step; the incident's status follows its own events.
    expect(i).toMatchObject({ type: 'FIRE', status: 'REPORTED', active: true });
    // Commercial building fire: the processor's rule table says high.
    expect(i.severity).toBe('HIGH');
    expect(i.roadSegment.id).toBe(String(segmentId));
    expect(i.roadSegment.name).toBe(stack.network.segments[segmentId]!.name);
    expect(i.roadSegment.airQuality.station.id).toBe('aq-near');
    expect(i.roadSegment.airQuality.category).toBe('UNHEALTHY');
    expect(i.assignedUnits).toEqual([
      { id: 'amb-2', type: 'AMBULANCE', roadSegment: { id: String(segmentId) } },
    ]);
    expect(i.timeline.map((e) => [e.kind, e.step])).toEqual([
      ['STATUS', null],
      ['UNIT', 'en_route'],
    ]);
  });

  it('vehicle -> currentIncident (emergencies) -> roadSegment.airQuality (environment)', async () => {
    const data = await query<{ a: unknown; c: unknown }>(
      `{ a: vehicle(id: "amb-2") { id currentIncident { id roadSegment { airQuality { aqi } } } }
         c: vehicle(id: "car-1") { id currentIncident { id } } }`,
    );
    expect(data.a).toMatchObject({
      id: 'amb-2',
      currentIncident: { id: INCIDENT, roadSegment: { airQuality: { aqi: expect.any(Number) } } },
    });
    expect(data.c).toEqual({ id: 'car-1', currentIncident: null });
  });

  it('dispatch suggestion ranks available units by road travel time', async () => {
    const data = await query<{ dispatchSuggestion: Record<string, unknown>[] }>(
      `query($id: ID!) { dispatchSuggestion(incidentId: $id, limit: 5) {
        unit { id type status } etaSeconds eta distanceM straightLineM } }`,
      { id: INCIDENT },
    );
    const s = data.dispatchSuggestion as {
      unit: { id: string };
      etaSeconds: number;
      distanceM: number;
      straightLineM: number;
    }[];
    expect(s.map((x) => x.unit.id)).toEqual(['amb-1', 'eng-1']);
    expect(s[0]!.etaSeconds).toBeLessThan(s[1]!.etaSeconds);
    // A road route is never shorter than the straight line (minus snapping slack).
    expect(s[1]!.distanceM).toBeGreaterThan(s[1]!.straightLineM * 0.9);
    const types = await query<{ dispatchSuggestion: { unit: { id: string } }[] }>(
      `{ dispatchSuggestion(incidentId: "${INCIDENT}", unitTypes: [FIRE_ENGINE]) { unit { id } } }`,
    );
    expect(types.dispatchSuggestion.map((x) => x.unit.id)).toEqual(['eng-1']);
  });

  it('lists incidents with filters and pagination, newest first', async () => {
    const data = await query<{ incidents: { edges: { node: { id: string } }[] } }>(
      `query($near: NearInput) { incidents(filter: { types: [FIRE], near: $near }, first: 10) {
        edges { node { id } } pageInfo { hasNextPage } } }`,
      {
        near: {
          lat: stack.network.segments[segmentId]!.coords[1],
          lon: stack.network.segments[segmentId]!.coords[0],
          radiusM: 2000,
        },
      },
    );
    expect(data.incidents.edges.map((e) => e.node.id)).toContain(INCIDENT);
    const none = await query<{ incidents: { edges: unknown[] } }>(
      `{ incidents(filter: { types: [CRIME] }) { edges { cursor } } }`,
    );
    expect(none.incidents.edges).toEqual([]);
  });
});

describe('operator mutations', () => {
  let reportedId: string;

  it('reportIncident writes durably, audits and publishes to emergency_incident_data', async () => {
    const incidentTopic = await stack.readTopic('emergency_incident_data');
    const seg = stack.network.segments[segmentId]!;
    const p = pointAlongSegment(seg, seg.lengthM * 0.3);
    const data = await query<{
      reportIncident: { id: string; status: string; severity: string; roadSegment: { id: string } };
    }>(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
        id status severity roadSegment { id } } }`,
      {
        input: {
          type: 'ACCIDENT',
          latitude: p.lat,
          longitude: p.lon,
          description: 'Two cars collided',
          details: { injuries: 2, vehiclesInvolved: 2 },
        },
      },
    );
    reportedId = data.reportIncident.id;
    expect(data.reportIncident).toMatchObject({
      status: 'REPORTED',
      severity: 'HIGH',
      roadSegment: { id: String(segmentId) },
    });
    const again = await query<{ incident: { id: string; reportedBy: string } }>(
      `{ incident(id: "${reportedId}") { id reportedBy } }`,
    );
    expect(again.incident).toEqual({ id: reportedId, reportedBy: 'op-alice' });
    const message = await waitFor(
      () => incidentTopic.find((m) => m.value.incidentId === reportedId),
      { timeoutMs: 30_000, description: 'reported incident on Kafka' },
    );
    expect(message.key).toBe(reportedId);
    expect(message.value).toMatchObject({
      status: 'reported',
      type: 'accident',
      reportedBy: 'op-alice',
    });
    const audit = await auditRows(reportedId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'op-alice',
      role: 'operator',
      action: 'incident.report',
      entity: 'Incident',
    });

    // The processor applying the same event rewrites the same row and event (idempotent).
    await stack.process('emergency_incident_data', [
      message.value as EventOf<'emergency_incident_data'>,
    ]);
    const events = await stack.db.incidentEvent.count({ where: { incidentId: reportedId } });
    expect(events).toBe(1);
    const row = await stack.db.incident.findUnique({ where: { id: reportedId } });
    expect(row).toMatchObject({ status: 'reported', severity: 'high', reportedBy: 'op-alice' });
  });

  it('dispatchUnits publishes a dispatch command per unit and marks the incident dispatched', async () => {
    const commands = await stack.readTopic('dispatch_commands');
    const data = await query<{
      dispatchUnits: {
        incident: Record<string, unknown>;
        commands: { commandId: string; unitId: string; priority: string }[];
      };
    }>(
      `mutation($id: ID!) { dispatchUnits(incidentId: $id, unitIds: ["amb-1"]) {
        incident { id status } commands { commandId unitId priority issuedBy } } }`,
      { id: reportedId },
    );
    expect(data.dispatchUnits.incident).toEqual({ id: reportedId, status: 'DISPATCHED' });
    const command = data.dispatchUnits.commands[0]!;
    expect(command).toMatchObject({ unitId: 'amb-1', priority: 'HIGH', issuedBy: 'op-alice' });
    const message = await waitFor(
      () => commands.find((m) => m.value.commandId === command.commandId),
      { timeoutMs: 30_000, description: 'dispatch command on Kafka' },
    );
    expect(message.key).toBe('amb-1');
    expect(message.value).toMatchObject({
      incidentId: reportedId,
      unitId: 'amb-1',
      priority: 'high',
    });

    const after = await query<{
      incident: {
        status: string;
        timeline: { kind: string; step: string | null; status: string | null }[];
        units: { id: string }[];
      };
    }>(`{ incident(id: "${reportedId}") { status timeline { kind step status } units { id } } }`);
    expect(after.incident.status).toBe('DISPATCHED');
    expect(after.incident.units).toEqual([{ id: 'amb-1' }]);
    expect(after.incident.timeline.map((e) => e.step ?? e.status)).toEqual([
      'REPORTED',
      'DISPATCHED',
      'dispatched',
    ]);
    // The unit's vehicle now points at the incident (dispatch newer than its last status).
    await stack.process('dispatch_commands', [message.value as EventOf<'dispatch_commands'>]);
    const unit = await query<{ emergencyUnit: { currentIncident: { id: string } | null } }>(
      `{ emergencyUnit(id: "amb-1") { currentIncident { id } } }`,
    );
    expect(unit.emergencyUnit.currentIncident).toEqual({ id: reportedId });
    expect((await auditRows(reportedId)).map((a) => a.action)).toEqual([
      'incident.report',
      'incident.dispatch',
    ]);
  });

  it('statuses only move forward; resolve ends it', async () => {
    const { body } = await gql(
      stack.url,
      `mutation { acknowledgeIncident(id: "${reportedId}") { id } }`,
      as(operator),
    );
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const resolved = await query<{
      resolveIncident: { status: string; active: boolean; resolvedAt: string };
    }>(
      `mutation { resolveIncident(id: "${reportedId}", note: "cleared") { status active resolvedAt } }`,
    );
    expect(resolved.resolveIncident).toMatchObject({ status: 'RESOLVED', active: false });
    const active = await query<{ activeIncidents: { id: string }[] }>(`{ activeIncidents { id } }`);
    expect(active.activeIncidents.map((i) => i.id)).not.toContain(reportedId);
    const missing = await gql(
      stack.url,
      `mutation { resolveIncident(id: "inc-nope") { id } }`,
      as(operator),
    );
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses a viewer with FORBIDDEN and writes nothing', async () => {
    const before = await stack.db.auditLog.count();
    const { body } = await gql(
      stack.url,
      `mutation { acknowledgeIncident(id: "${INCIDENT}") { id } }`,
      as(viewer),
    );
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await stack.db.auditLog.count()).toBe(before);
  });

  it('names the bad field with BAD_USER_INPUT', async () => {
    const bad = await gql(
      stack.url,
      `mutation { reportIncident(input: { type: FIRE, latitude: 97, longitude: -122.4, description: "x" }) { id } }`,
      as(operator),
    );
    expect(bad.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.latitude',
    });
    const unit = await gql(
      stack.url,
      `mutation { dispatchUnits(incidentId: "${INCIDENT}", unitIds: ["amb-1", "ghost-7"]) { incident { id } } }`,
      as(operator),
    );
    expect(unit.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'unitIds[1]',
    });
  });

  it('zones: polygon validated, created, updated, deleted, each audited', async () => {
    const ring = [
      [-122.42, 37.77],
      [-122.41, 37.77],
      [-122.41, 37.78],
      [-122.42, 37.78],
    ];
    const open = await gql(
      stack.url,
      `mutation($p: PolygonInput!) { createZone(input: { name: "School", polygon: $p }) { id } }`,
      { variables: { p: { type: 'Polygon', coordinates: [ring] } }, ...as(operator) },
    );
    expect(open.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.polygon.coordinates[0]',
    });
    const created = await query<{
      createZone: { id: string; name: string; polygon: { coordinates: number[][][] } };
    }>(
      `mutation($p: PolygonInput!) { createZone(input: { name: "School", polygon: $p }) {
        id name polygon { type coordinates } createdBy } }`,
      { p: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } },
    );
    const id = created.createZone.id;
    expect(created.createZone.polygon.coordinates[0]).toHaveLength(5);
    const dup = await gql(
      stack.url,
      `mutation($p: PolygonInput!) { createZone(input: { name: "School", polygon: $p }) { id } }`,
      { variables: { p: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } }, ...as(operator) },
    );
    expect(dup.body.errors![0]!.extensions).toMatchObject({ field: 'input.name' });
    const renamed = await query<{ updateZone: { name: string; updatedBy: string } }>(
      `mutation { updateZone(id: "${id}", input: { name: "School zone" }) { name updatedBy } }`,
    );
    expect(renamed.updateZone).toEqual({ name: 'School zone', updatedBy: 'op-alice' });
    expect((await query<{ zones: { id: string }[] }>(`{ zones { id } }`)).zones).toEqual([{ id }]);
    expect(
      (await query<{ deleteZone: string }>(`mutation { deleteZone(id: "${id}") }`)).deleteZone,
    ).toBe(id);
    expect((await auditRows(id)).map((a) => a.action)).toEqual([
      'zone.create',
      'zone.update',
      'zone.delete',
    ]);
  });
});

describe('KPIs and REST', () => {
  it('city summary and neighbourhoods get incident and air-quality figures', async () => {
    const data = await query<{
      citySummary: Record<string, unknown>;
      neighborhoods: { id: string; activeIncidents: number; aqi: number | null }[];
    }>(
      `{ citySummary { activeEmergencies activeEmergenciesBySeverity { severity count } worstAqi worstAqiStation { id } }
         neighborhoods { id activeIncidents aqi } }`,
    );
    expect(data.citySummary).toMatchObject({
      activeEmergencies: 1,
      worstAqiStation: { id: 'aq-near' },
    });
    const total = data.neighborhoods.reduce((s, n) => s + n.activeIncidents, 0);
    expect(total).toBe(1);
  });

  it('GET /api/emergencies/active has the original shape', async () => {
    const res = await fetch(`${stack.base}/api/emergencies/active`, as(operator));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(body).toHaveLength(1);
    expect(body[0]).toEqual({
      incident_id: INCIDENT,
      incident_type: 'fire',
      latitude: expect.any(Number),
      longitude: expect.any(Number),
      severity: 'high',
      status: 'reported',
      timestamp: new Date(t0).toISOString(),
    });
  });

  it('GET /api/analytics/city-summary counts active emergencies across the four subgraphs', async () => {
    const res = await fetch(`${stack.base}/api/analytics/city-summary`, as(operator));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'active_emergencies',
      'average_city_speed',
      'congested_roads',
      'timestamp',
      'total_vehicles',
    ]);
    expect(body.active_emergencies).toBe(1);
  });
});
