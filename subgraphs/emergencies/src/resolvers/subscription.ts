import { liveField, mapChanges } from '@city/subgraph-kit';
import type { IncidentRow } from '../incident-row.js';
import {
  incidentAttributes,
  incidentChangeCause,
  incidentChangeKind,
  incidentChangeUnitId,
  incidentMatcher,
  type IncidentChangeCause,
  type IncidentChangeKind,
  type IncidentStreamFilterInput,
} from '../live/incident-stream.js';
import {
  unitAttributes,
  unitChangeCause,
  unitMatcher,
  type UnitChangeCause,
  type UnitStreamFilterInput,
} from '../live/unit-stream.js';
import type { UnitRecord } from '../unit-store.js';
import type { EmergenciesContext } from './context.js';

export interface IncidentChange {
  readonly incident: IncidentRow;
  readonly kind: IncidentChangeKind;
  readonly cause: IncidentChangeCause;
  readonly unitId: string | null;
  readonly producedAt: number;
}

export interface EmergencyUnitChange {
  readonly unit: UnitRecord;
  readonly cause: UnitChangeCause;
  readonly producedAt: number;
}

/** Changes buffered per subscription before the oldest are dropped (a stalled consumer). */
const BUFFER = 1000;

// The entity is read from the store, not from ctx.loaders: the subscription's loaders are only
// replaced once an event is returned, so they would still hold the previous event's rows.
export const Subscription = {
  incidentChanged: liveField(
    (args: { filter?: IncidentStreamFilterInput | null }, ctx: EmergenciesContext) => {
      const matcher = incidentMatcher(args.filter ?? {});
      const source = ctx.feed.changes(
        ctx.feedChannel,
        (c) => c.entity === 'Incident' && matcher.wantsId(c.id),
        BUFFER,
      );
      return mapChanges<IncidentChange>(
        source,
        async (change) => {
          const carried = incidentAttributes(change);
          if (carried && !matcher.matches(carried)) return null;
          const [row] = await ctx.incidents.byIds([change.id]);
          if (!row || (!carried && !matcher.matches(row))) return null;
          return {
            incident: row,
            kind: incidentChangeKind(change),
            cause: incidentChangeCause(change),
            unitId: incidentChangeUnitId(change),
            producedAt: change.produceTime,
          };
        },
        ctx.log,
      );
    },
  ),

  emergencyUnitChanged: liveField(
    (args: { filter?: UnitStreamFilterInput | null }, ctx: EmergenciesContext) => {
      const matcher = unitMatcher(args.filter ?? {});
      const source = ctx.feed.changes(
        ctx.feedChannel,
        (c) => c.entity === 'EmergencyUnit' && matcher.wantsId(c.id),
        BUFFER,
      );
      return mapChanges<EmergencyUnitChange>(
        source,
        async (change) => {
          const carried = unitAttributes(change);
          if (carried && !matcher.matches(carried)) return null;
          const [unit] = await ctx.units.getMany([change.id]);
          if (!unit || (!carried && !matcher.matches(unit))) return null;
          return { unit, cause: unitChangeCause(change), producedAt: change.produceTime };
        },
        ctx.log,
      );
    },
  ),
};
