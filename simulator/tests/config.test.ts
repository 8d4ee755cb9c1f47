import { describe, expect, it } from 'vitest';
import { loadSimulatorConfig, startInstantMs, vehiclesForRate } from '../src/config.js';
import { simulationOptionsFrom } from '../src/app.js';

const quiet = { warn: () => {} };

describe('simulator config', () => {
  it('defaults to 500 vehicles every 30 s in real time', () => {
    const c = loadSimulatorConfig([], {}, quiet);
    expect(c.vehicles).toBe(500);
    expect(c.intervalS).toBe(30);
    expect(c.speedup).toBe(1);
    expect(c.topicPrefix).toBe('');
  });

  it('flags override environment variables', () => {
    const c = loadSimulatorConfig(
      ['--vehicles', '100000', '--interval', '1', '--seed', 'abc'],
      { SIM_VEHICLES: '7' },
      quiet,
    );
    expect(c.vehicles).toBe(100_000);
    expect(c.intervalS).toBe(1);
    expect(c.seed).toBe('abc');
    expect(startInstantMs(c)).toBe(Date.parse('2025-06-02T14:00:00Z'));
  });

  it('rejects unknown flags and bad values, naming them', () => {
    expect(() => loadSimulatorConfig(['--nope', '1'], {}, quiet)).toThrow(/nope/);
    expect(() => loadSimulatorConfig(['--vehicles', 'many'], {}, quiet)).toThrow(/SIM_VEHICLES/);
    expect(() => loadSimulatorConfig(['--compression', 'zstd'], {}, quiet)).toThrow(
      /SIM_COMPRESSION/,
    );
  });

  it('load mode sizes the fleet for the target rate at one report per second', () => {
    const c = loadSimulatorConfig(['--load', '60000'], {}, quiet);
    const o = simulationOptionsFrom(c);
    expect(o.reportIntervalS).toBe(1);
    expect(o.vehicles).toBe(vehiclesForRate(60_000, o.vehicleDataEvery));
    expect(o.vehicles * (1 + 1 / o.vehicleDataEvery)).toBeGreaterThanOrEqual(60_000);
  });
});
