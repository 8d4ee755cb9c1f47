import {
  validateEvent,
  type DispatchCommand,
  type IncidentCandidate,
  type IncidentEvent,
  type UnitStatusEvent,
} from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import type { InputEvent, StageContext, Writes } from '../../pipeline/types.js';
import { createEmergenciesStage } from './emergencies-stage.js';
import type { EmergenciesState } from './emergencies-state.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const iso = (t: number) => new Date(t).toISOString();
const ctx = (watermark = T0): StageContext => ({ now: watermark, watermark });
let seq = 0;

function input<T extends InputEvent['topic']>(topic: T, event: unknown, t: number): InputEvent {
  return { topic, event, partition: 0, offset: String(++seq), produceTime: t + 3 } as InputEvent;
}

function incident(t: number, status: IncidentEvent['status'], over: Partial<IncidentEvent> = {}) {
  const event: IncidentEvent = {
    schemaVersion: 1,
    eventId: deriveEventId('inc', ++seq),
    timestamp: iso(t),
    source: 'simulator',
    incidentId: 'inc-000001',
    type: 'accident',
    status,
    latitude: 37.78,
    longitude: -122.41,
    segmentId: 42,
    description: status === 'reported' ? 'Two cars collided' : '',
    details: status === 'reported' ? { vehiclesInvolved: 2, injuries: 1, lanesBlocked: 1 } : {},
    reportedBy: '911-caller',
    ...over,
  };
  return input('emergency_incident_data', event, t);
}

function unitStatus(t: number, status: UnitStatusEvent['status'], incidentId: string | null) {
  const event: UnitStatusEvent = {
    schemaVersion: 1,
    eventId: deriveEventId('unit', ++seq),
    timestamp: iso(t),
    source: 'simulator',
    unitId: 'amb-3',
    unitType: 'ambulance',
    status,
    incidentId,
    commandId: incidentId ? deriveEventId('cmd', 1) : null,
    latitude: 37.77,
    longitude: -122.42,
  };
  return input('emergency_unit_status', event, t);
}

function setup() {
  const stage = createEmergenciesStage();
  const state = stage.createState();
  return { stage, state, apply: (i: InputEvent, c = ctx()) => stage.apply(i, state, c) };
}

const rows = (w: Writes, table: string) =>
  w.durable.filter((d) => d.table === table).map((d) => d.row as Record<string, unknown>);

describe('emergencies stage: incident lifecycle', () => {
  it('opens an incident with a judged severity, its event row, the active set and geo index', () => {
    const t = setup();
    const w = t.apply(incident(T0, 'reported'));
    expect(rows(w, 'incidents')[0]).toMatchObject({
      id: 'inc-000001',
      status: 'reported',
      severity: 'medium', // one injured
      segment_id: 42,
      details: { vehiclesInvolved: 2, injuries: 1, lanesBlocked: 1 },
      reported_at: iso(T0),
      last_event_at: iso(T0),
      resolved_at: null,
    });
    expect(rows(w, 'incident_events')[0]).toMatchObject({
      incident_id: 'inc-000001',
      status: 'reported',
      severity: 'medium',
      actor: '911-caller',
      occurred_at: iso(T0),
    });
    expect(w.hot).toContainEqual({ op: 'sadd', key: 'em:incidents:active', member: 'inc-000001' });
    expect(w.hot).toContainEqual(
      expect.objectContaining({ op: 'geoadd', key: 'em:incidents:geo' }),
    );
    expect(w.changes[0]).toMatchObject({
      entity: 'Incident',
      id: 'inc-000001',
      produceTime: T0 + 3,
    });
  });

  it('keeps a stated severity and re-judges when new facts arrive', () => {
    const t = setup();
    t.apply(incident(T0, 'reported'));
    const w = t.apply(incident(T0 + 60_000, 'acknowledged', { details: { peopleTrapped: 1 } }));
    expect(rows(w, 'incidents')[0]).toMatchObject({ severity: 'critical', status: 'acknowledged' });
    const stated = setup();
    const s = stated.apply(
      incident(T0, 'reported', { severity: 'low', details: { fatalities: 2 } }),
    );
    expect(rows(s, 'incidents')[0]).toMatchObject({ severity: 'low' });
  });

  it('never regresses the status on out-of-order events, and a terminal status is final', () => {
    const t = setup();
    t.apply(incident(T0, 'reported'));
    t.apply(incident(T0 + 120_000, 'dispatched'));
    const late = t.apply(incident(T0 + 60_000, 'acknowledged'));
    expect(rows(late, 'incidents')[0]).toMatchObject({
      status: 'dispatched',
      last_event_at: iso(T0 + 120_000),
    });
    expect(late.counters.incident_status_regressions_ignored).toBe(1);
    expect(rows(late, 'incident_events')[0]).toMatchObject({ status: 'acknowledged' });

    const resolved = t.apply(incident(T0 + 600_000, 'resolved'));
    expect(rows(resolved, 'incidents')[0]).toMatchObject({
      status: 'resolved',
      resolved_at: iso(T0 + 600_000),
    });
    expect(resolved.hot).toContainEqual({
      op: 'srem',
      key: 'em:incidents:active',
      member: 'inc-000001',
    });
    expect(resolved.hot).toContainEqual({
      op: 'zrem',
      key: 'em:incidents:geo',
      member: 'inc-000001',
    });
    const after = t.apply(incident(T0 + 700_000, 'on_scene'));
    expect(rows(after, 'incidents')[0]).toMatchObject({ status: 'resolved' });
  });

  it('takes the earliest report as reported_at even when it arrives last', () => {
    const t = setup();
    t.apply(incident(T0 + 60_000, 'acknowledged', { reportedBy: 'operator-1' }));
    const w = t.apply(incident(T0, 'reported'));
    expect(rows(w, 'incidents')[0]).toMatchObject({
      status: 'acknowledged',
      reported_at: iso(T0),
      reported_by: '911-caller',
      description: 'Two cars collided',
    });
  });

  it('computes NFPA-style intervals from the lifecycle step times', () => {
    const t = setup();
    t.apply(incident(T0, 'reported'));
    t.apply(incident(T0 + 50_000, 'dispatched'));
    t.apply(incident(T0 + 110_000, 'en_route'));
    const w = t.apply(incident(T0 + 350_000, 'on_scene'));
    const hash = w.hot.find((h) => h.op === 'hset' && h.key === 'em:incident:inc-000001');
    expect(hash).toMatchObject({
      fields: {
        processingSeconds: 50,
        turnoutSeconds: 60,
        travelSeconds: 240,
        onSceneAt: iso(T0 + 350_000),
      },
    });
  });

  it('forgets terminal incidents after the retention and only records their stale events', () => {
    const stage = createEmergenciesStage({ retentionMs: 3_600_000 });
    const state = stage.createState();
    stage.apply(incident(T0, 'reported'), state, ctx());
    stage.apply(incident(T0 + 60_000, 'resolved'), state, ctx());
    stage.flush!(state, ctx(T0 + 2 * 3_600_000));
    expect(state.incidents.size).toBe(0);
    const w = stage.apply(incident(T0 + 30_000, 'acknowledged'), state, ctx(T0 + 2 * 3_600_000));
    // The stored incident row is never replaced: at most inserted if it is missing.
    expect(w.durable.filter((d) => d.table === 'incidents').every((d) => d.ifAbsent)).toBe(true);
    expect(rows(w, 'incident_events')).toHaveLength(1);
    expect(w.hot).toEqual([]);
  });

  it('records an incident first seen beyond the retention with its row if absent (the history row references it)', () => {
    const stage = createEmergenciesStage({ retentionMs: 3_600_000 });
    const state = stage.createState();
    // Another producer's clock (or a report hours late): far behind the partition's newest event.
    const w = stage.apply(incident(T0, 'reported'), state, ctx(T0 + 8 * 3_600_000));
    const parent = w.durable.filter((d) => d.table === 'incidents');
    expect(parent).toHaveLength(1);
    expect(parent[0]).toMatchObject({
      ifAbsent: true,
      row: { id: 'inc-000001', status: 'reported', reported_at: iso(T0) },
    });
    expect(rows(w, 'incident_events')).toEqual([
      expect.objectContaining({ incident_id: 'inc-000001', status: 'reported' }),
    ]);
    expect(w.hot).toEqual([]);
    expect(w.changes).toEqual([]);
    expect(state.incidents.size).toBe(0);
  });
});

describe('emergencies stage: units and dispatch', () => {
  it('writes the unit row, hash, geo and available set; steps about an incident', () => {
    const t = setup();
    const a = t.apply(unitStatus(T0, 'available', null));
    expect(rows(a, 'emergency_units')[0]).toMatchObject({
      id: 'amb-3',
      type: 'ambulance',
      status: 'available',
      last_status_at: iso(T0),
    });
    expect(a.hot).toContainEqual({ op: 'sadd', key: 'em:units:available', member: 'amb-3' });
    expect(rows(a, 'incident_response_steps')).toEqual([]);

    const b = t.apply(unitStatus(T0 + 60_000, 'on_scene', 'inc-000001'));
    expect(b.hot).toContainEqual({ op: 'srem', key: 'em:units:available', member: 'amb-3' });
    expect(rows(b, 'incident_response_steps')[0]).toMatchObject({
      incident_id: 'inc-000001',
      unit_id: 'amb-3',
      step: 'on_scene',
      occurred_at: iso(T0 + 60_000),
    });
    expect(b.hot).toContainEqual(
      expect.objectContaining({
        key: 'em:incident:inc-000001',
        fields: { unitOnSceneAt: iso(T0 + 60_000), lastUnitId: 'amb-3' },
      }),
    );
    expect(b.changes.map((c) => c.entity)).toEqual(['EmergencyUnit', 'Incident']);
  });

  it('ignores an older status for the unit state but keeps its response step', () => {
    const t = setup();
    t.apply(unitStatus(T0 + 60_000, 'on_scene', 'inc-000001'));
    const w = t.apply(unitStatus(T0, 'en_route', 'inc-000001'));
    expect(rows(w, 'emergency_units')).toEqual([]);
    expect(rows(w, 'incident_response_steps')[0]).toMatchObject({ step: 'en_route' });
    expect(w.counters.out_of_order_unit_status).toBe(1);
  });

  it('records a dispatch command as a dispatched step', () => {
    const t = setup();
    const command: DispatchCommand = {
      schemaVersion: 1,
      eventId: deriveEventId('cmd-event', 1),
      timestamp: iso(T0),
      source: 'gateway',
      commandId: deriveEventId('cmd', 1),
      unitId: 'amb-3',
      incidentId: 'inc-000001',
      latitude: 37.78,
      longitude: -122.41,
      priority: 'high',
      issuedBy: 'operator-7',
    };
    const w = t.apply(input('dispatch_commands', command, T0));
    expect(rows(w, 'incident_response_steps')[0]).toMatchObject({
      step: 'dispatched',
      command_id: command.commandId,
      actor: 'operator-7',
    });
    expect(w.changes.map((c) => c.entity)).toEqual(['EmergencyUnit', 'Incident']);
  });
});

describe('emergencies stage: unit steps move the incident status', () => {
  /** What the runtime does with an emit: feed it back through Kafka to the incident partition. */
  const emitted = (w: Writes) =>
    w.emits
      .filter((e) => e.topic === 'emergency_incident_data')
      .map((e) => input('emergency_incident_data', e.event, Date.parse(e.event.timestamp)));

  it('emits a valid incident-keyed step for a unit report naming an incident, none otherwise', () => {
    const t = setup();
    const w = t.apply(unitStatus(T0 + 60_000, 'en_route', 'inc-000001'));
    expect(w.emits).toHaveLength(1);
    const event = w.emits[0]!.event as IncidentEvent;
    expect(validateEvent('emergency_incident_data', event).ok).toBe(true);
    expect(event).toMatchObject({
      incidentId: 'inc-000001',
      status: 'en_route',
      timestamp: iso(T0 + 60_000),
      reportedBy: 'amb-3',
    });
    // Same source event -> same step id (a replay re-emits the same event).
    const report = unitStatus(T0 + 60_000, 'on_scene', 'inc-000001');
    const first = setup().apply(report).emits[0]!.event.eventId;
    expect(setup().apply(report).emits[0]!.event.eventId).toBe(first);
    expect(t.apply(unitStatus(T0 + 90_000, 'available', null)).emits).toEqual([]);
    expect(t.apply(unitStatus(T0 + 95_000, 'clearing', 'inc-000001')).emits).toEqual([]);
  });

  it('moves the lifecycle forward with the step times and NFPA intervals, never back', () => {
    const units = setup();
    const incidents = setup();
    incidents.apply(incident(T0, 'reported'));
    incidents.apply(incident(T0 + 30_000, 'acknowledged'));
    const command: DispatchCommand = {
      schemaVersion: 1,
      eventId: deriveEventId('cmd-event', 2),
      timestamp: iso(T0 + 60_000),
      source: 'gateway',
      commandId: deriveEventId('cmd', 2),
      unitId: 'amb-3',
      incidentId: 'inc-000001',
      latitude: 37.78,
      longitude: -122.41,
      priority: 'high',
      issuedBy: 'operator-7',
    };
    const steps = [
      ...emitted(units.apply(input('dispatch_commands', command, T0 + 60_000))),
      ...emitted(units.apply(unitStatus(T0 + 100_000, 'en_route', 'inc-000001'))),
      ...emitted(units.apply(unitStatus(T0 + 400_000, 'on_scene', 'inc-000001'))),
    ];
    const writes = steps.map((s) => incidents.apply(s));
    expect(rows(writes[2]!, 'incidents')[0]).toMatchObject({
      status: 'on_scene',
      reported_at: iso(T0),
      last_event_at: iso(T0 + 30_000),
      // Descriptive fields are the incident's own, not the step's placeholders.
      type: 'accident',
      description: 'Two cars collided',
    });
    expect(rows(writes[2]!, 'incident_events')).toEqual([]);
    const hash = writes[2]!.hot.find((h) => h.op === 'hset' && h.key === 'em:incident:inc-000001');
    expect(hash).toMatchObject({
      fields: {
        status: 'on_scene',
        dispatchedAt: iso(T0 + 60_000),
        enRouteAt: iso(T0 + 100_000),
        onSceneAt: iso(T0 + 400_000),
        processingSeconds: 60,
        turnoutSeconds: 40,
        travelSeconds: 300,
      },
    });
    expect(writes[2]!.changes[0]).toMatchObject({ entity: 'Incident', id: 'inc-000001' });
    // A late en_route step (an older report) keeps on_scene and the earliest en route time.
    const late = incidents.apply(
      emitted(units.apply(unitStatus(T0 + 90_000, 'en_route', 'inc-000001')))[0]!,
    );
    expect(rows(late, 'incidents')[0]).toMatchObject({ status: 'on_scene' });
    expect(incidents.state.incidents.get('inc-000001')!.steps.en_route).toBe(T0 + 90_000);
    // A repeated step changes nothing and writes nothing.
    expect(incidents.apply(steps[2]!).durable).toEqual([]);
    // Resolved is final: a unit step after it does not reopen the incident.
    incidents.apply(incident(T0 + 900_000, 'resolved'));
    const after = incidents.apply(
      emitted(units.apply(unitStatus(T0 + 950_000, 'on_scene', 'inc-000001')))[0]!,
    );
    expect(after.hot).not.toContainEqual(expect.objectContaining({ op: 'sadd' }));
    expect(incidents.state.incidents.get('inc-000001')!.status).toBe('resolved');
  });

  it('keeps steps for an incident not seen yet and applies them when it arrives', () => {
    const units = setup();
    const incidents = setup();
    const step = emitted(units.apply(unitStatus(T0 + 100_000, 'en_route', 'inc-000001')))[0]!;
    const parked = incidents.apply(step);
    expect(parked.durable).toEqual([]);
    expect(parked.hot).toEqual([]);
    expect(parked.counters).toEqual({ incident_unit_steps_pending: 1 });
    // The pending step survives a checkpoint.
    const restored = incidents.stage.restore(
      JSON.parse(JSON.stringify(incidents.stage.snapshot(incidents.state))),
    );
    const w = incidents.stage.apply(incident(T0, 'reported'), restored, ctx());
    expect(rows(w, 'incidents')[0]).toMatchObject({ status: 'en_route', type: 'accident' });
    expect(restored.pendingSteps.size).toBe(0);
    expect(restored.incidents.get('inc-000001')!.steps.en_route).toBe(T0 + 100_000);
  });
});

describe('emergencies stage: traffic candidates', () => {
  const candidate: IncidentCandidate = {
    schemaVersion: 1,
    eventId: deriveEventId('incident_candidates', 'tc-7-1767600000'),
    timestamp: iso(T0),
    source: 'processor-traffic',
    candidateId: 'tc-7-1767600000',
    segmentId: 7,
    latitude: 37.775,
    longitude: -122.419,
    baselineSpeedKmh: 40,
    currentSpeedKmh: 6,
    speedDropPct: 85,
    confidence: 0.9,
  };

  it('re-emits a confident candidate as a valid reported incident with a stable id', () => {
    const t = setup();
    const w = t.apply(input('incident_candidates', candidate, T0));
    const again = t.apply(input('incident_candidates', candidate, T0));
    expect(w.emits).toHaveLength(1);
    const event = w.emits[0]!.event as IncidentEvent;
    expect(w.emits[0]!.topic).toBe('emergency_incident_data');
    expect(validateEvent('emergency_incident_data', event).ok).toBe(true);
    expect(event).toMatchObject({
      incidentId: 'tc-7-1767600000',
      status: 'reported',
      segmentId: 7,
      severity: 'medium',
    });
    expect(again.emits[0]!.event.eventId).toBe(event.eventId);
  });

  it('drops candidates below the confidence threshold', () => {
    const t = setup();
    const w = t.apply(input('incident_candidates', { ...candidate, confidence: 0.2 }, T0));
    expect(w.emits).toEqual([]);
  });
});

describe('emergencies stage: checkpoint', () => {
  it('continues identically after a JSON snapshot round trip', () => {
    const run = (restart: boolean) => {
      seq = 0;
      const stage = createEmergenciesStage();
      let state: EmergenciesState = stage.createState();
      const out: Writes[] = [stage.apply(incident(T0, 'reported'), state, ctx())];
      out.push(stage.apply(incident(T0 + 120_000, 'dispatched'), state, ctx()));
      if (restart) state = stage.restore(JSON.parse(JSON.stringify(stage.snapshot(state))));
      out.push(stage.apply(incident(T0 + 60_000, 'acknowledged'), state, ctx()));
      out.push(stage.apply(incident(T0 + 300_000, 'resolved'), state, ctx()));
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });
});
