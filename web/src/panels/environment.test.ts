import { describe, expect, it } from 'vitest';
import type { NeighbourhoodAir } from '../data/city-store.js';
import { aqiCategory, neighbourhoodsOfStation, rankNeighbourhoods } from './environment.js';

const hood = (name: string, aqi: number | null, stationId: string | null = null) => ({
  id: `nbhd:${name.toLowerCase()}`,
  name,
  aqi,
  stationId,
});

describe('environment panel rules', () => {
  it('maps AQI to the EPA categories at their bounds', () => {
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map(aqiCategory)).toEqual([
      'good',
      'good',
      'moderate',
      'moderate',
      'unhealthy_for_sensitive_groups',
      'unhealthy_for_sensitive_groups',
      'unhealthy',
      'unhealthy',
      'very_unhealthy',
      'very_unhealthy',
      'hazardous',
      'hazardous',
    ]);
  });

  it('ranks neighbourhoods worst first, unreported last, and limits the list', () => {
    const list: NeighbourhoodAir[] = [
      hood('Mission', 80),
      hood('Presidio', null),
      hood('Bayview', 160),
      hood('Castro', 80),
    ];
    expect(rankNeighbourhoods(list, 10).map((n) => n.name)).toEqual([
      'Bayview',
      'Castro',
      'Mission',
      'Presidio',
    ]);
    expect(rankNeighbourhoods(list, 2).map((n) => n.name)).toEqual(['Bayview', 'Castro']);
  });

  it('names the neighbourhoods served by an alert station', () => {
    const list = [hood('Mission', 80, 's1'), hood('Bayview', 160, 's2'), hood('Castro', 80, 's1')];
    expect(neighbourhoodsOfStation('s1', list)).toEqual(['Castro', 'Mission']);
    expect(neighbourhoodsOfStation('s9', list)).toEqual([]);
  });
});
