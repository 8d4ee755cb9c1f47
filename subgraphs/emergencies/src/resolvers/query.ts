import {
  badUserInput,
  connectionFromRows,
  decodeCursor,
  notFound,
  pageSize,
  parseBbox,
  parseNear,
  requireRole,
  type Bbox,
  type Near,
} from '@city/subgraph-kit';
import type { IncidentRow } from '../incident-row.js';
import type { EmergenciesContext } from './context.js';
import { loadIncident, loadUnit } from './loaders.js';

const MAX_RADIUS_M = 20_000;

interface IncidentFilterInput {
  readonly statuses?: string[] | null;
  readonly severities?: string[] | null;
  readonly types?: string[] | null;
  readonly bbox?: Bbox | null;
  readonly near?: Near | null;
  readonly from?: string | null;
  readonly to?: string | null;
}

function instant(field: string, value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw badUserInput(field, 'must be an ISO-8601 instant');
  return new Date(t);
}

function intArg(field: string, value: number | null | undefined, dflt: number, max: number) {
  const n = value ?? dflt;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badUserInput(field, `must be between 1 and ${max}`);
  return n;
}

const list = (v: readonly string[] | null | undefined) => (v && v.length > 0 ? v : null);

export const Query = {
  incident: (_: unknown, args: { id: string }, ctx: EmergenciesContext) =>
    loadIncident(ctx, args.id),

  incidents: async (
    _: unknown,
    args: { filter?: IncidentFilterInput | null; first?: number | null; after?: string | null },
    ctx: EmergenciesContext,
  ) => {
    const f = args.filter ?? {};
    const from = instant('filter.from', f.from);
    const to = instant('filter.to', f.to);
    if (from && to && to <= from) throw badUserInput('filter.to', 'must be after filter.from');
    const size = pageSize(args.first, { default: 50, max: 500 });
    const after = args.after ? decodeCursor<{ t: number; id: string }>(args.after) : null;
    if (after && (typeof after.t !== 'number' || typeof after.id !== 'string'))
      throw badUserInput('after', 'is not a cursor returned by this API');
    const rows = await ctx.incidents.search({
      statuses: list(f.statuses),
      severities: list(f.severities),
      types: list(f.types),
      bbox: parseBbox('filter.bbox', f.bbox),
      near: parseNear('filter.near', f.near, MAX_RADIUS_M),
      from,
      to,
      after,
      limit: size + 1,
    });
    return connectionFromRows<IncidentRow>(
      rows,
      size,
      (r) => ({ t: new Date(r.reported_at).getTime(), id: r.id }),
      after !== null,
    );
  },

  activeIncidents: (_: unknown, args: { limit?: number | null }, ctx: EmergenciesContext) =>
    ctx.incidents.active(intArg('limit', args.limit, 200, 1000)),

  dispatchSuggestion: async (
    _: unknown,
    args: { incidentId: string; limit?: number | null; unitTypes?: string[] | null },
    ctx: EmergenciesContext,
  ) => {
    requireRole(ctx, 'operator', 'dispatcher', 'analyst');
    const limit = intArg('limit', args.limit, 5, 50);
    const incident = await loadIncident(ctx, args.incidentId);
    if (!incident) throw notFound('Incident', args.incidentId);
    const types = list(args.unitTypes);
    const units = (await ctx.units.getMany(await ctx.units.availableIds())).filter(
      (u) =>
        u !== null &&
        u.status === 'available' &&
        Number.isFinite(u.latitude) &&
        Number.isFinite(u.longitude) &&
        (!types || types.includes(u.type)),
    );
    const byId = new Map(units.map((u) => [u!.id, u!]));
    const now = Date.now();
    return ctx.planner
      .rank(incident, [...byId.values()])
      .slice(0, limit)
      .map((r) => ({
        unit: byId.get(r.id)!,
        etaSeconds: r.travelTimeS,
        eta: new Date(now + r.travelTimeS * 1000).toISOString(),
        distanceM: r.lengthM,
        straightLineM: r.straightLineM,
      }));
  },

  emergencyUnit: (_: unknown, args: { id: string }, ctx: EmergenciesContext) =>
    loadUnit(ctx, args.id),

  emergencyUnits: async (
    _: unknown,
    args: { types?: string[] | null; status?: string | null },
    ctx: EmergenciesContext,
  ) => {
    const types = list(args.types);
    const units = await ctx.units.getMany(await ctx.units.allIds());
    return units
      .filter((u) => u !== null)
      .filter(
        (u) => (!types || types.includes(u.type)) && (!args.status || u.status === args.status),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  },

  zones: (_: unknown, _a: unknown, ctx: EmergenciesContext) => ctx.zones.list(),
  zone: (_: unknown, args: { id: string }, ctx: EmergenciesContext) => ctx.zones.get(args.id),
};
