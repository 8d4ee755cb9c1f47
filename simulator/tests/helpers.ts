import type { DispatchCommand } from '@city/contracts';
import { loadCity } from '../src/city.js';
import { ArraySink } from '../src/sink.js';
import {
  DEFAULT_SIMULATION_OPTIONS,
  Simulation,
  type SimulationOptions,
} from '../src/simulation.js';

export const START_MS = Date.parse('2025-06-02T14:00:00Z');

export function makeSimulation(overrides: Partial<SimulationOptions> = {}) {
  const sink = new ArraySink();
  const sim = new Simulation(
    loadCity(),
    {
      ...DEFAULT_SIMULATION_OPTIONS,
      seed: 'test',
      startMs: START_MS,
      vehicles: 300,
      reportIntervalS: 5,
      ...overrides,
    },
    sink,
  );
  return { sim, sink };
}

export function dispatchCommand(unitId: string, lon: number, lat: number, n = 1): DispatchCommand {
  return {
    schemaVersion: 1,
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: '2025-06-02T14:00:00Z',
    source: 'test',
    commandId: `00000000-0000-4000-8000-${String(n + 1000).padStart(12, '0')}`,
    unitId,
    incidentId: `inc-test-${n}`,
    latitude: lat,
    longitude: lon,
    priority: 'high',
    issuedBy: 'test-operator',
  };
}
