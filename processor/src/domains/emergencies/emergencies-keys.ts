/** Redis hot-state keys of the emergencies pipeline (relative: the sink adds REDIS_KEY_PREFIX). */
export const emergencyKeys = {
  /** Hash: an incident (status, severity, step times, response intervals). */
  incident: (incidentId: string) => `em:incident:${incidentId}`,
  /** Set of active (not resolved or cancelled) incident ids. */
  activeIncidents: 'em:incidents:active',
  /** Geo set of active incidents. */
  incidentGeo: 'em:incidents:geo',
  /** Hash: a unit's status, position and assignment. */
  unit: (unitId: string) => `em:unit:${unitId}`,
  unitGeo: 'em:units:geo',
  /** Set of units reporting `available`. */
  availableUnits: 'em:units:available',
} as const;

/** Incident hashes expire this long after their last write (active incidents are rewritten). */
export const INCIDENT_TTL_SECONDS = 2 * 86_400;
