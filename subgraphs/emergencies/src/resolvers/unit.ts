import { currentIncidentId, type UnitRecord } from '../unit-store.js';
import type { EmergenciesContext } from './context.js';
import { loadIncident, loadUnit } from './loaders.js';

async function currentIncident(u: UnitRecord | null, ctx: EmergenciesContext) {
  const id = u ? currentIncidentId(u) : null;
  return id ? loadIncident(ctx, id) : null;
}

export const EmergencyUnit = {
  __resolveReference: (ref: { id: string }, ctx: EmergenciesContext) => loadUnit(ctx, ref.id),
  position: (u: UnitRecord) => ({ latitude: u.latitude, longitude: u.longitude }),
  statusAt: (u: UnitRecord) => new Date(u.statusAt).toISOString(),
  currentIncident: (u: UnitRecord, _a: unknown, ctx: EmergenciesContext) => currentIncident(u, ctx),
  vehicle: (u: UnitRecord) => ({ __typename: 'Vehicle', id: u.id }),
};

/** Vehicles that are emergency units get their current incident; other vehicles null. */
export const Vehicle = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  currentIncident: async (v: { id: string }, _a: unknown, ctx: EmergenciesContext) =>
    currentIncident(await loadUnit(ctx, v.id), ctx),
};
