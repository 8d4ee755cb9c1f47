import { requireRole } from '@city/subgraph-kit';
import { OPERATOR_ROLES, type ReportIncidentInput } from '../incident-commands.js';
import type { EmergenciesContext } from './context.js';

const operator = (ctx: EmergenciesContext) => requireRole(ctx, ...OPERATOR_ROLES);

type Note = { note?: string | null };
type PolygonInput = { type: string; coordinates: number[][][] };

export const Mutation = {
  reportIncident: (_: unknown, args: { input: ReportIncidentInput }, ctx: EmergenciesContext) =>
    ctx.commands.report(operator(ctx), args.input),

  acknowledgeIncident: (_: unknown, args: { id: string } & Note, ctx: EmergenciesContext) =>
    ctx.commands.transition(operator(ctx), args.id, 'acknowledged', {
      action: 'incident.acknowledge',
      note: args.note,
    }),

  dispatchUnits: (
    _: unknown,
    args: { incidentId: string; unitIds: string[] },
    ctx: EmergenciesContext,
  ) => ctx.commands.dispatch(operator(ctx), args.incidentId, args.unitIds),

  updateIncidentStatus: (
    _: unknown,
    args: {
      id: string;
      status: Parameters<EmergenciesContext['commands']['transition']>[2];
    } & Note,
    ctx: EmergenciesContext,
  ) =>
    ctx.commands.transition(operator(ctx), args.id, args.status, {
      action: 'incident.status',
      note: args.note,
    }),

  resolveIncident: (_: unknown, args: { id: string } & Note, ctx: EmergenciesContext) =>
    ctx.commands.transition(operator(ctx), args.id, 'resolved', {
      action: 'incident.resolve',
      note: args.note,
    }),

  createZone: (
    _: unknown,
    args: { input: { name: string; polygon: PolygonInput } },
    ctx: EmergenciesContext,
  ) => ctx.zones.create(operator(ctx), args.input),

  updateZone: (
    _: unknown,
    args: { id: string; input: { name?: string | null; polygon?: PolygonInput | null } },
    ctx: EmergenciesContext,
  ) => ctx.zones.update(operator(ctx), args.id, args.input),

  deleteZone: (_: unknown, args: { id: string }, ctx: EmergenciesContext) =>
    ctx.zones.remove(operator(ctx), args.id),
};
