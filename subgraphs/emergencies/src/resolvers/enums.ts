/** GraphQL enum names to the contracts' lower-case values (resolvers see the contracts' spelling). */
function lowerCaseEnum<const K extends string>(names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, n.toLowerCase()])) as Record<K, string>;
}

export const ENUMS = {
  IncidentType: lowerCaseEnum(['ACCIDENT', 'FIRE', 'MEDICAL', 'CRIME', 'HAZMAT', 'BREAKDOWN']),
  IncidentStatus: lowerCaseEnum([
    'REPORTED',
    'ACKNOWLEDGED',
    'DISPATCHED',
    'EN_ROUTE',
    'ON_SCENE',
    'RESOLVED',
    'CANCELLED',
  ]),
  Severity: lowerCaseEnum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
  EmergencyUnitType: lowerCaseEnum(['AMBULANCE', 'FIRE_ENGINE', 'POLICE']),
  UnitStatus: lowerCaseEnum([
    'AVAILABLE',
    'DISPATCHED',
    'EN_ROUTE',
    'ON_SCENE',
    'CLEARING',
    'RETURNING',
    'OUT_OF_SERVICE',
  ]),
  BuildingType: lowerCaseEnum([
    'RESIDENTIAL',
    'COMMERCIAL',
    'INDUSTRIAL',
    'HIGH_RISE',
    'SCHOOL',
    'HOSPITAL',
    'VEHICLE',
    'OUTDOOR',
  ]),
};
