import type { IncidentEvent } from '@city/contracts';

export type Severity = NonNullable<IncidentEvent['severity']>;
type Details = IncidentEvent['details'];
type IncidentType = IncidentEvent['type'];

interface Rule {
  readonly severity: Severity;
  readonly when: string;
  readonly test: (type: IncidentType, d: Details) => boolean;
}

const n = (v: number | undefined) => v ?? 0;

/**
 * How severity is judged when the reporter states none: the first matching rule wins, in this
 * order (loosely after triage practice: life threat first, then scale, then hazard to others).
 */
export const SEVERITY_RULES: readonly Rule[] = [
  { severity: 'critical', when: 'any fatality', test: (_t, d) => n(d.fatalities) > 0 },
  { severity: 'critical', when: 'people trapped', test: (_t, d) => n(d.peopleTrapped) > 0 },
  { severity: 'critical', when: '5 or more injured', test: (_t, d) => n(d.injuries) >= 5 },
  {
    severity: 'critical',
    when: 'fire in a high-rise, hospital or school',
    test: (t, d) =>
      t === 'fire' &&
      (d.buildingType === 'high_rise' ||
        d.buildingType === 'hospital' ||
        d.buildingType === 'school'),
  },
  {
    severity: 'critical',
    when: 'hazardous material with injuries',
    test: (t, d) => (t === 'hazmat' || d.hazardousMaterial === true) && n(d.injuries) > 0,
  },
  {
    severity: 'critical',
    when: 'weapons with injuries',
    test: (_t, d) => d.weaponsReported === true && n(d.injuries) > 0,
  },
  {
    severity: 'critical',
    when: 'unconscious patient',
    test: (_t, d) => d.patientConscious === false,
  },
  { severity: 'high', when: '2 or more injured', test: (_t, d) => n(d.injuries) >= 2 },
  { severity: 'high', when: 'weapons reported', test: (_t, d) => d.weaponsReported === true },
  {
    severity: 'high',
    when: 'hazardous material',
    test: (t, d) => t === 'hazmat' || d.hazardousMaterial === true,
  },
  {
    severity: 'high',
    when: 'building fire (residential, commercial, industrial)',
    test: (t, d) =>
      t === 'fire' &&
      (d.buildingType === 'residential' ||
        d.buildingType === 'commercial' ||
        d.buildingType === 'industrial'),
  },
  { severity: 'high', when: '2 or more lanes blocked', test: (_t, d) => n(d.lanesBlocked) >= 2 },
  { severity: 'medium', when: 'one injured', test: (_t, d) => n(d.injuries) === 1 },
  { severity: 'medium', when: 'one lane blocked', test: (_t, d) => n(d.lanesBlocked) === 1 },
  { severity: 'medium', when: 'any other fire', test: (t) => t === 'fire' },
  { severity: 'medium', when: 'any other medical call', test: (t) => t === 'medical' },
  {
    severity: 'medium',
    when: 'collision of 2 or more vehicles',
    test: (t, d) => t === 'accident' && n(d.vehiclesInvolved) >= 2,
  },
];

/** Severity from the incident's type and details (rule table above; otherwise `low`). */
export function judgeSeverity(type: IncidentType, details: Details): Severity {
  for (const rule of SEVERITY_RULES) if (rule.test(type, details)) return rule.severity;
  return 'low';
}
