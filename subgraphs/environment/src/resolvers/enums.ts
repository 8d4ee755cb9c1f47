/** GraphQL enum names to the processor's lower-case codes. */
function lowerCaseEnum<const K extends string>(names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, n.toLowerCase()])) as Record<K, string>;
}

export const ENUMS = {
  AqiCategory: lowerCaseEnum([
    'GOOD',
    'MODERATE',
    'UNHEALTHY_FOR_SENSITIVE_GROUPS',
    'UNHEALTHY',
    'VERY_UNHEALTHY',
    'HAZARDOUS',
  ]),
  Pollutant: lowerCaseEnum(['PM25', 'PM10', 'O3', 'NO2', 'CO']),
  NoiseCategory: lowerCaseEnum(['QUIET', 'MODERATE', 'LOUD', 'VERY_LOUD', 'HARMFUL']),
  HealthAlertStatus: lowerCaseEnum(['ACTIVE', 'CLEARED']),
  HealthAlertTransition: lowerCaseEnum(['OPENED', 'WORSENED', 'UPDATED', 'CLEARED']),
};
