import type { IncidentRow } from '../incident-row.js';
import type { TimelineRow } from '../incident-store.js';
import type { UnitRecord } from '../unit-store.js';
import type { EmergenciesContext } from './context.js';

/** Per-request batching: every incident / unit lookup of one request is one query or pipeline. */
export function loadIncident(ctx: EmergenciesContext, id: string): Promise<IncidentRow | null> {
  return ctx.loaders
    .get<string, IncidentRow | null>('incident', (ids) => ctx.incidents.byIds(ids))
    .load(id);
}

export function loadUnit(ctx: EmergenciesContext, id: string): Promise<UnitRecord | null> {
  return ctx.loaders
    .get<string, UnitRecord | null>('unit', (ids) => ctx.units.getMany(ids))
    .load(id);
}

export function loadTimeline(ctx: EmergenciesContext, id: string): Promise<TimelineRow[]> {
  return ctx.loaders
    .get<string, TimelineRow[]>('timeline', (ids) => ctx.incidents.timelines(ids))
    .load(id);
}

export function loadUnitIds(ctx: EmergenciesContext, id: string): Promise<string[]> {
  return ctx.loaders.get<string, string[]>('unitIds', (ids) => ctx.incidents.unitIds(ids)).load(id);
}
