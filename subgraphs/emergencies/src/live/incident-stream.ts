import { badUserInput, parseBbox, type Bbox, type FeedChange } from '@city/subgraph-kit';

export const MAX_STREAM_IDS = 1000;

export interface IncidentStreamFilterInput {
  readonly severities?: readonly string[] | null;
  readonly types?: readonly string[] | null;
  readonly bbox?: Bbox | null;
  readonly ids?: readonly string[] | null;
}

/** What the filters look at (contract spellings: `high`, `fire`). */
export interface IncidentAttributes {
  readonly severity: string;
  readonly type: string;
  readonly latitude: number;
  readonly longitude: number;
}

export type IncidentChangeKind = 'CREATED' | 'UPDATED';
export type IncidentChangeCause = 'INCIDENT_EVENT' | 'UNIT_STATUS' | 'DISPATCH';

const list = (v: readonly string[] | null | undefined) =>
  v && v.length > 0 ? new Set<string>(v) : null;

export function idsFilter(field: string, ids: readonly string[] | null | undefined) {
  if (ids && ids.length > MAX_STREAM_IDS)
    throw badUserInput(field, `must list at most ${MAX_STREAM_IDS} ids`);
  return list(ids);
}

/** Validates the filter once per subscription; `matches` then runs per change. */
export function incidentMatcher(f: IncidentStreamFilterInput) {
  const bbox = parseBbox('filter.bbox', f.bbox);
  const ids = idsFilter('filter.ids', f.ids);
  const severities = list(f.severities);
  const types = list(f.types);
  return {
    wantsId: (id: string) => ids === null || ids.has(id),
    matches: (a: IncidentAttributes) =>
      (severities === null || severities.has(a.severity)) &&
      (types === null || types.has(a.type)) &&
      (bbox === null ||
        (a.latitude >= bbox.minLat &&
          a.latitude <= bbox.maxLat &&
          a.longitude >= bbox.minLon &&
          a.longitude <= bbox.maxLon)),
  };
}

/**
 * The attributes carried by an incident event's change (the processor writes the whole incident
 * hash); null for changes by unit reports and dispatch orders, which carry only step times.
 */
export function incidentAttributes(change: FeedChange): IncidentAttributes | null {
  const d = change.data;
  if (!d || typeof d.severity !== 'string' || typeof d.type !== 'string') return null;
  const latitude = Number(d.latitude);
  const longitude = Number(d.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return { severity: d.severity, type: d.type, latitude, longitude };
}

export function incidentChangeCause(change: FeedChange): IncidentChangeCause {
  const d = change.data ?? {};
  if (typeof d.status === 'string') return 'INCIDENT_EVENT';
  return 'lastDispatchedUnitId' in d ? 'DISPATCH' : 'UNIT_STATUS';
}

/**
 * CREATED for the incident's first event: its report time (the earliest event) is also its
 * newest event time. Stateless, so every subgraph instance and a late subscriber agree.
 */
export function incidentChangeKind(change: FeedChange): IncidentChangeKind {
  const d = change.data ?? {};
  return typeof d.status === 'string' &&
    typeof d.reportedAt === 'string' &&
    d.reportedAt === d.lastEventAt
    ? 'CREATED'
    : 'UPDATED';
}

/** The unit whose report or dispatch order changed the incident; null for incident events. */
export function incidentChangeUnitId(change: FeedChange): string | null {
  const d = change.data ?? {};
  const id = d.lastDispatchedUnitId ?? d.lastUnitId;
  return incidentChangeCause(change) === 'INCIDENT_EVENT' || typeof id !== 'string' ? null : id;
}
