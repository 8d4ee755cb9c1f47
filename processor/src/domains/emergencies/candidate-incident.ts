import type { IncidentCandidate, IncidentEvent } from '@city/contracts';
import { deriveEventId } from '../../pipeline/derive-event-id.js';

export interface CandidateOptions {
  /** Candidates below this confidence are not turned into incidents. */
  readonly minConfidence: number;
  readonly source: string;
}

/**
 * A traffic incident candidate becomes a reported incident: an `accident` (the usual cause of a
 * sudden drop) whose id is the candidate id. The traffic stage raises one candidate per
 * segment episode (none while the segment stays slow), and the derived eventId makes a repeated
 * candidate re-emit the same report, which the incident's state absorbs. Severity: medium when
 * the speed fell by 75 % or more with confidence of at least 0.8, otherwise low.
 */
export function incidentFromCandidate(
  c: IncidentCandidate,
  opts: CandidateOptions,
): IncidentEvent | null {
  if (c.confidence < opts.minConfidence) return null;
  return {
    schemaVersion: 1,
    eventId: deriveEventId('emergency_incident_data', c.candidateId),
    timestamp: c.timestamp,
    source: opts.source,
    incidentId: c.candidateId,
    type: 'accident',
    status: 'reported',
    latitude: c.latitude,
    longitude: c.longitude,
    segmentId: c.segmentId,
    description: `Sudden speed drop on segment ${c.segmentId}: ${c.baselineSpeedKmh} -> ${c.currentSpeedKmh} km/h (${c.speedDropPct} %), detected from traffic`,
    details: {},
    severity: c.speedDropPct >= 75 && c.confidence >= 0.8 ? 'medium' : 'low',
    reportedBy: 'traffic-detector',
  };
}
