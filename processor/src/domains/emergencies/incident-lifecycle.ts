import type { IncidentEvent } from '@city/contracts';
import { judgeSeverity, type Severity } from './severity.js';

export type IncidentStatus = IncidentEvent['status'];

/** Lifecycle order; resolved and cancelled are both terminal. */
const RANK: Readonly<Record<IncidentStatus, number>> = {
  reported: 0,
  acknowledged: 1,
  dispatched: 2,
  en_route: 3,
  on_scene: 4,
  resolved: 5,
  cancelled: 5,
};

export const isTerminal = (s: IncidentStatus) => RANK[s] === 5;
export const statusRank = (s: IncidentStatus) => RANK[s];

/** An incident as the incident partition knows it. */
export interface IncidentState {
  readonly id: string;
  type: IncidentEvent['type'];
  status: IncidentStatus;
  severity: Severity;
  /** Severity stated by the newest event that stated one (overrides the judged one). */
  statedSeverity: Severity | null;
  latitude: number;
  longitude: number;
  segmentId: number | null;
  description: string;
  details: IncidentEvent['details'];
  reportedBy: string;
  /** Event time of the earliest event (ms). */
  reportedAt: number;
  /** Event time of the newest event (ms). */
  lastEventAt: number;
  /** Earliest event time per lifecycle status reached (ms). */
  steps: Partial<Record<IncidentStatus, number>>;
}

/**
 * Applies one incident event. The status only moves forward along the lifecycle (an event that
 * arrives late, or reports an earlier step, never regresses it), and a terminal status is final.
 * Descriptive fields follow the newest event by event time; details are merged (newer facts win);
 * step times keep the earliest time each step was reported.
 */
export function applyIncidentEvent(
  current: IncidentState | undefined,
  e: IncidentEvent,
): IncidentState {
  const at = Date.parse(e.timestamp);
  if (!current) {
    const details = { ...e.details };
    return {
      id: e.incidentId,
      type: e.type,
      status: e.status,
      severity: e.severity ?? judgeSeverity(e.type, details),
      statedSeverity: e.severity ?? null,
      latitude: e.latitude,
      longitude: e.longitude,
      segmentId: e.segmentId ?? null,
      description: e.description,
      details,
      reportedBy: e.reportedBy,
      reportedAt: at,
      lastEventAt: at,
      steps: { [e.status]: at },
    };
  }
  const s = current;
  const newer = at >= s.lastEventAt;
  if (!isTerminal(s.status) && RANK[e.status] > RANK[s.status]) s.status = e.status;
  const prev = s.steps[e.status];
  s.steps[e.status] = prev === undefined ? at : Math.min(prev, at);
  if (newer) {
    s.type = e.type;
    s.latitude = e.latitude;
    s.longitude = e.longitude;
    s.segmentId = e.segmentId ?? s.segmentId;
    if (e.description !== '') s.description = e.description;
    s.details = { ...s.details, ...e.details };
    if (e.severity) s.statedSeverity = e.severity;
    s.lastEventAt = at;
  } else {
    // Older facts only fill what newer events left open.
    s.details = { ...e.details, ...s.details };
    if (s.description === '') s.description = e.description;
    s.segmentId ??= e.segmentId ?? null;
  }
  if (at < s.reportedAt) {
    s.reportedAt = at;
    if (e.status === 'reported') s.reportedBy = e.reportedBy;
  }
  s.severity = s.statedSeverity ?? judgeSeverity(s.type, s.details);
  return s;
}

/**
 * A status step reported by a unit or a dispatch command (not by the incident's own events): moves
 * the status forward (never out of a terminal one) and keeps the earliest time of the step; the
 * descriptive fields and lastEventAt stay. Returns whether anything changed.
 */
export function applyStatusStep(s: IncidentState, status: IncidentStatus, at: number): boolean {
  let changed = false;
  if (!isTerminal(s.status) && RANK[status] > RANK[s.status]) {
    s.status = status;
    changed = true;
  }
  const prev = s.steps[status];
  if (prev === undefined || at < prev) {
    s.steps[status] = at;
    changed = true;
  }
  return changed;
}

const seconds = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? null : Math.max(0, Math.round((to - from) / 1000));

/**
 * NFPA 1710-style response intervals from the incident's own lifecycle events (seconds, null
 * when a step is missing): alarm processing (reported -> dispatched), turnout (dispatched ->
 * en route), travel (en route -> on scene).
 */
export function responseIntervals(s: IncidentState) {
  return {
    processingSeconds: seconds(s.reportedAt, s.steps.dispatched),
    turnoutSeconds: seconds(s.steps.dispatched, s.steps.en_route),
    travelSeconds: seconds(s.steps.en_route, s.steps.on_scene),
  };
}
