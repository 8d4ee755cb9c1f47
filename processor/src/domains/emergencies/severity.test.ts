import { describe, expect, it } from 'vitest';
import { judgeSeverity } from './severity.js';

describe('judgeSeverity', () => {
  it.each([
    ['accident', { fatalities: 1 }, 'critical'],
    ['accident', { peopleTrapped: 1, injuries: 0 }, 'critical'],
    ['accident', { injuries: 5 }, 'critical'],
    ['fire', { buildingType: 'high_rise' }, 'critical'],
    ['fire', { buildingType: 'school' }, 'critical'],
    ['hazmat', { injuries: 1 }, 'critical'],
    ['crime', { weaponsReported: true, injuries: 1 }, 'critical'],
    ['medical', { injuries: 1, patientConscious: false }, 'critical'],
    ['accident', { injuries: 2 }, 'high'],
    ['crime', { weaponsReported: true }, 'high'],
    ['hazmat', {}, 'high'],
    ['breakdown', { hazardousMaterial: true }, 'high'],
    ['fire', { buildingType: 'residential' }, 'high'],
    ['accident', { lanesBlocked: 2, vehiclesInvolved: 1 }, 'high'],
    ['accident', { injuries: 1 }, 'medium'],
    ['breakdown', { lanesBlocked: 1, vehiclesInvolved: 1 }, 'medium'],
    ['fire', { buildingType: 'vehicle' }, 'medium'],
    ['medical', { injuries: 1, patientConscious: true }, 'medium'],
    ['accident', { vehiclesInvolved: 2 }, 'medium'],
    ['accident', { vehiclesInvolved: 1, injuries: 0 }, 'low'],
    ['crime', { weaponsReported: false, injuries: 0 }, 'low'],
    ['breakdown', {}, 'low'],
  ] as const)('%s %j is %s', (type, details, severity) => {
    expect(judgeSeverity(type, details)).toBe(severity);
  });
});
