import { isTerminal, type IncidentRow } from '../incident-row.js';
import type { TimelineRow } from '../incident-store.js';
import type { EmergenciesContext } from './context.js';
import { loadIncident, loadTimeline, loadUnit, loadUnitIds } from './loaders.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Earliest time each step was reached, by an incident event or a unit's report. */
function firstTimes(rows: readonly TimelineRow[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of rows) {
    const step = r.kind === 'STATUS' ? r.status : r.step;
    if (!step) continue;
    const t = new Date(r.occurred_at).getTime();
    if (!first.has(step) || t < first.get(step)!) first.set(step, t);
  }
  return first;
}

const seconds = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? null : Math.max(0, Math.round((to - from) / 1000));

export const Incident = {
  __resolveReference: (ref: { id: string }, ctx: EmergenciesContext) => loadIncident(ctx, ref.id),
  position: (r: IncidentRow) => ({ latitude: r.latitude, longitude: r.longitude }),
  roadSegment: (r: IncidentRow) =>
    r.segment_id === null ? null : { __typename: 'RoadSegment', id: String(r.segment_id) },
  details: (r: IncidentRow) => r.details ?? {},
  reportedBy: (r: IncidentRow) => r.reported_by,
  reportedAt: (r: IncidentRow) => iso(r.reported_at),
  lastEventAt: (r: IncidentRow) => iso(r.last_event_at),
  resolvedAt: (r: IncidentRow) => iso(r.resolved_at),
  active: (r: IncidentRow) => !isTerminal(r.status),
  timeline: async (r: IncidentRow, _a: unknown, ctx: EmergenciesContext) =>
    (await loadTimeline(ctx, r.id)).map((t) => ({
      kind: t.kind,
      occurredAt: iso(t.occurred_at),
      status: t.status,
      step: t.step,
      unitId: t.unit_id,
      actor: t.actor,
      note: t.note,
    })),
  responseTimes: async (r: IncidentRow, _a: unknown, ctx: EmergenciesContext) => {
    const first = firstTimes(await loadTimeline(ctx, r.id));
    const reported = new Date(r.reported_at).getTime();
    return {
      processingSeconds: seconds(reported, first.get('dispatched')),
      turnoutSeconds: seconds(first.get('dispatched'), first.get('en_route')),
      travelSeconds: seconds(first.get('en_route'), first.get('on_scene')),
    };
  },
  assignedUnits: async (r: IncidentRow, _a: unknown, ctx: EmergenciesContext) =>
    (await loadUnitIds(ctx, r.id)).map((id) => ({ __typename: 'Vehicle', id })),
  units: async (r: IncidentRow, _a: unknown, ctx: EmergenciesContext) => {
    const ids = await loadUnitIds(ctx, r.id);
    return (await Promise.all(ids.map((id) => loadUnit(ctx, id)))).filter((u) => u !== null);
  },
};
