import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '@city/contracts';
import { waitFor } from '@city/infra';
import { isRoutable, pointAlongSegment } from '@city/roadgraph';
import { collect } from '../../../gateway/tests/subscriptions/live-stack.js';
import { changeChannel } from '../src/redis-keys.js';
import { envelope, gql, startFederatedStack, type FederatedStack } from './federated-stack.js';

let stack: FederatedStack;
let operator: string;
let viewer: string;
let segment: { id: number; name: string; lat: number; lon: number };

interface IncidentChangeFrame {
  incidentChanged: {
    kind: string;
    cause: string;
    unitId: string | null;
    producedAt: number;
    incident: {
      id: string;
      status: string;
      severity: string;
      type: string;
      roadSegment: { id: string; name: string | null } | null;
    };
  };
}

const INCIDENT_FIELDS = `kind cause unitId producedAt
  incident { id status severity type roadSegment { id name } }`;

const incidentEvent = (
  incidentId: string,
  fields: Partial<EventOf<'emergency_incident_data'>> & { at: number },
): EventOf<'emergency_incident_data'> => ({
  ...envelope(fields.at),
  incidentId,
  type: 'accident',
  status: 'reported',
  latitude: segment.lat,
  longitude: segment.lon,
  segmentId: segment.id,
  description: 'Two cars collided',
  details: {},
  reportedBy: 'caller:test',
  ...Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'at')),
});

const unitStatus = (
  unitId: string,
  status: EventOf<'emergency_unit_status'>['status'],
  incidentId: string | null,
  at: number,
  position = { lat: segment.lat, lon: segment.lon },
): EventOf<'emergency_unit_status'> => ({
  ...envelope(at),
  unitId,
  unitType: 'ambulance',
  status,
  incidentId,
  commandId: null,
  latitude: position.lat,
  longitude: position.lon,
});

/** Waits until the emergencies subgraph runs exactly `n` subscriptions (earlier tests stopped theirs) and listens on the change feed. */
async function subscribed(n: number) {
  await waitFor(() => stack.activeSubscriptions('emergencies') === n, {
    description: `${n} emergencies subscriptions`,
  });
  const channel = changeChannel(stack.prefix, 'emergencies');
  await waitFor(async () => {
    const [, count] = (await stack.redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count) >= 1;
  });
}

beforeAll(async () => {
  stack = await startFederatedStack();
  const seg = stack.network.segments.find(
    (s) => s.highway === 'primary' && s.name && s.lengthM > 150 && isRoutable(s, 'car'),
  )!;
  const mid = pointAlongSegment(seg, seg.lengthM / 2);
  segment = { id: seg.id, name: seg.name!, lat: mid.lat, lon: mid.lon };
  operator = await stack.token(['operator'], 'op-alice');
  viewer = await stack.token(['viewer'], 'viewer-bob');
  await stack.startProcessor();
}, 180_000);

// Every test stops its subscriptions: the subgraph must end them all (no leaked listeners).
afterEach(async () => {
  await waitFor(() => stack.activeSubscriptions('emergencies') === 0, {
    description: 'no emergencies subscriptions left',
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('emergencies subscriptions through the gateway', () => {
  it('an incident event produced to Kafka reaches the client through the processor, with roadSegment from traffic', async () => {
    const sub = collect<IncidentChangeFrame>(
      stack.wsClient(viewer),
      `subscription($ids: [ID!]) { incidentChanged(filter: { ids: $ids }) { ${INCIDENT_FIELDS} } }`,
      { ids: ['kafka-inc-1'] },
    );
    await subscribed(1);
    const at = Date.now() - 60_000;
    const before = Date.now();
    await stack.produce('emergency_incident_data', [incidentEvent('kafka-inc-1', { at })]);
    const created = await waitFor(() => sub.results[0], { timeoutMs: 45_000 });
    expect(created.errors).toBeUndefined();
    expect(created.data!.incidentChanged).toMatchObject({
      kind: 'CREATED',
      cause: 'INCIDENT_EVENT',
      unitId: null,
      incident: {
        id: 'kafka-inc-1',
        status: 'REPORTED',
        type: 'ACCIDENT',
        roadSegment: { id: String(segment.id), name: segment.name },
      },
    });
    expect(created.data!.incidentChanged.producedAt).toBeGreaterThanOrEqual(before - 1000);

    await stack.produce('emergency_incident_data', [
      incidentEvent('kafka-inc-1', { at: at + 30_000, status: 'acknowledged' }),
    ]);
    const updated = await waitFor(() => sub.results[1]);
    expect(updated.data!.incidentChanged).toMatchObject({
      kind: 'UPDATED',
      cause: 'INCIDENT_EVENT',
      incident: { id: 'kafka-inc-1', status: 'ACKNOWLEDGED' },
    });
    sub.stop();
  });

  it('operator mutations reach incident and unit subscriptions through Kafka and the processor', async () => {
    await stack.produce('emergency_unit_status', [
      unitStatus('amb-op-1', 'available', null, Date.now() - 5_000),
    ]);
    await waitFor(async () => {
      const { body } = await gql(stack.url, `{ emergencyUnit(id: "amb-op-1") { status } }`, {
        headers: { authorization: `Bearer ${viewer}` },
      });
      return (body.data as { emergencyUnit: unknown } | undefined)?.emergencyUnit;
    });
    const client = stack.wsClient(viewer);
    const incidents = collect<IncidentChangeFrame>(
      client,
      `subscription { incidentChanged(filter: { types: [MEDICAL] }) { ${INCIDENT_FIELDS} } }`,
    );
    const units = collect<{
      emergencyUnitChanged: {
        cause: string;
        unit: { id: string; status: string; currentIncident: { id: string } | null };
      };
    }>(
      client,
      `subscription { emergencyUnitChanged(filter: { ids: ["amb-op-1"] }) {
        cause unit { id status currentIncident { id } } } }`,
    );
    await subscribed(2);
    const as = { headers: { authorization: `Bearer ${operator}` } };
    const reported = await gql(
      stack.url,
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
      {
        ...as,
        variables: {
          input: {
            type: 'MEDICAL',
            latitude: segment.lat,
            longitude: segment.lon,
            description: 'Person collapsed',
            roadSegmentId: String(segment.id),
          },
        },
      },
    );
    expect(reported.body.errors).toBeUndefined();
    const id = (reported.body.data as { reportIncident: { id: string } }).reportIncident.id;
    const created = await waitFor(
      () => incidents.results.find((r) => r.data?.incidentChanged.incident.id === id),
      { timeoutMs: 45_000 },
    );
    expect(created.data!.incidentChanged).toMatchObject({
      kind: 'CREATED',
      cause: 'INCIDENT_EVENT',
      incident: { type: 'MEDICAL', status: 'REPORTED', roadSegment: { name: segment.name } },
    });

    const dispatched = await gql(
      stack.url,
      `mutation($id: ID!) { dispatchUnits(incidentId: $id, unitIds: ["amb-op-1"]) { incident { status } } }`,
      { ...as, variables: { id } },
    );
    expect(dispatched.body.errors).toBeUndefined();
    // The dispatch command and the incident's DISPATCHED event both pass through the processor.
    const byDispatch = await waitFor(
      () => incidents.results.find((r) => r.data?.incidentChanged.cause === 'DISPATCH'),
      { timeoutMs: 45_000 },
    );
    expect(byDispatch.data!.incidentChanged).toMatchObject({ unitId: 'amb-op-1' });
    await waitFor(() =>
      incidents.results.some((r) => r.data?.incidentChanged.incident.status === 'DISPATCHED'),
    );
    const order = await waitFor(() => units.results[0], { timeoutMs: 45_000 });
    expect(order.data!.emergencyUnitChanged).toEqual({
      cause: 'DISPATCH_ORDER',
      unit: { id: 'amb-op-1', status: 'AVAILABLE', currentIncident: { id } },
    });
    incidents.stop();
    units.stop();
  });

  it('filters incidents by severity, type and bbox, unit-step changes included', async () => {
    const far = { lat: segment.lat + 0.05, lon: segment.lon + 0.05 };
    const bbox = {
      minLat: segment.lat - 0.005,
      minLon: segment.lon - 0.005,
      maxLat: segment.lat + 0.005,
      maxLon: segment.lon + 0.005,
    };
    const client = stack.wsClient(viewer);
    const q = `subscription($f: IncidentStreamFilter) { incidentChanged(filter: $f) { ${INCIDENT_FIELDS} } }`;
    const bySeverity = collect<IncidentChangeFrame>(client, q, {
      f: { severities: ['HIGH', 'CRITICAL'] },
    });
    const byType = collect<IncidentChangeFrame>(client, q, { f: { types: ['FIRE'] } });
    const byBbox = collect<IncidentChangeFrame>(client, q, { f: { bbox } });
    const all = collect<IncidentChangeFrame>(client, q, { f: { types: [] } });
    await subscribed(4);
    const t = Date.now() - 120_000;
    // Real processor stages, then the change feed (as the runtime).
    await stack.process('emergency_incident_data', [
      incidentEvent('f-high-near', { at: t, type: 'crime', severity: 'high' }),
      incidentEvent('f-fire-far', {
        at: t,
        type: 'fire',
        severity: 'low',
        latitude: far.lat,
        longitude: far.lon,
      }),
      incidentEvent('f-low-near', { at: t, type: 'breakdown', severity: 'low' }),
    ]);
    // Unit steps carry no incident attributes: the subgraph filters on the stored incident.
    await stack.process('emergency_unit_status', [
      unitStatus('amb-f-1', 'en_route', 'f-high-near', t + 1000),
      unitStatus('amb-f-2', 'en_route', 'f-fire-far', t + 1000, far),
    ]);
    const seen = (s: typeof all) =>
      s.results.map((r) => {
        expect(r.errors).toBeUndefined();
        const c = r.data!.incidentChanged;
        return `${c.incident.id}:${c.cause}`;
      });
    await waitFor(() => seen(all).length === 5);
    // Each subscription's last expected change came after the ones it must not see.
    await waitFor(() => seen(bySeverity).length >= 2 && seen(byType).length >= 2);
    await waitFor(() => seen(byBbox).length >= 3);
    expect(seen(bySeverity)).toEqual(['f-high-near:INCIDENT_EVENT', 'f-high-near:UNIT_STATUS']);
    expect(seen(byType)).toEqual(['f-fire-far:INCIDENT_EVENT', 'f-fire-far:UNIT_STATUS']);
    expect(seen(byBbox)).toEqual([
      'f-high-near:INCIDENT_EVENT',
      'f-low-near:INCIDENT_EVENT',
      'f-high-near:UNIT_STATUS',
    ]);
    expect(byBbox.results[2]!.data!.incidentChanged.unitId).toBe('amb-f-1');
    for (const s of [bySeverity, byType, byBbox, all]) s.stop();
  });

  it('filters units by type, status and bbox, and rejects a bad filter', async () => {
    const client = stack.wsClient(viewer);
    const q = `subscription($f: EmergencyUnitStreamFilter) { emergencyUnitChanged(filter: $f) {
      cause unit { id type status } } }`;
    const onScene = collect<{ emergencyUnitChanged: { unit: { id: string } } }>(client, q, {
      f: { statuses: ['ON_SCENE'], types: ['AMBULANCE'] },
    });
    const bad = collect(client, q, {
      f: { bbox: { minLat: 38, minLon: -122.5, maxLat: 37.7, maxLon: -122.4 } },
    });
    await waitFor(() => bad.state.error !== null || bad.results.length > 0);
    await subscribed(1);
    const t = Date.now() - 60_000;
    await stack.process('emergency_unit_status', [
      unitStatus('amb-u-1', 'en_route', null, t),
      unitStatus('amb-u-2', 'on_scene', null, t),
    ]);
    await waitFor(() => onScene.results.length >= 1);
    expect(onScene.results.map((r) => r.data!.emergencyUnitChanged.unit.id)).toEqual(['amb-u-2']);
    const failure = JSON.stringify(bad.state.error ?? bad.results[0]);
    expect(failure).toContain('filter.bbox.minLat');
    onScene.stop();
  });
});
