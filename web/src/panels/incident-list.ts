import { isActiveIncident, type Incident, type Severity } from '../data/city-store.js';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface IncidentFilter {
  severity: Severity | 'all';
  type: string | 'all';
  sort: 'newest' | 'severity';
}

/**
 * Active incidents for the list, filtered and sorted (pure; unit-tested). One resolved or
 * cancelled while the console is open leaves the list, as it would from a fresh snapshot.
 */
export function filterIncidents(incidents: readonly Incident[], f: IncidentFilter): Incident[] {
  const list = incidents.filter(
    (i) =>
      isActiveIncident(i) &&
      (f.severity === 'all' || i.severity === f.severity) &&
      (f.type === 'all' || i.type === f.type),
  );
  const newest = (a: Incident, b: Incident) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt);
  return list.sort((a, b) =>
    f.sort === 'newest'
      ? newest(a, b)
      : SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || newest(a, b),
  );
}
