import { ConfigError } from '@city/errors';
import { describe, expect, it } from 'vitest';
import { loadProcessorConfig } from '../../src/config.js';
import { loadRetentionConfig } from '../../src/retention/retention-config.js';
import { RETENTION_TABLES, retentionPolicies } from '../../src/retention/retention-policies.js';

const parse = (source: NodeJS.ProcessEnv) => loadRetentionConfig({ source, warn: () => {} });

describe('retention config', () => {
  it('has a bounded default horizon for every table', () => {
    const days = Object.fromEntries(retentionPolicies(parse({})).map((p) => [p.table, p.days]));
    expect(days).toEqual({
      traffic_windows: 7,
      speeding_events: 30,
      geofence_transitions: 30,
      vehicle_count_minutes: 30,
      traffic_kpi_minutes: 30,
      air_quality_minutes: 30,
      air_quality_hourly: 365,
      weather_hourly: 365,
      health_alerts: 365,
      processed_events: 14,
    });
    const config = parse({});
    expect(config.retentionIntervalMs).toBe(600_000);
    expect(config.retentionChunkRows).toBe(5000);
    expect(config.retentionPauseMs).toBe(50);
  });

  it('reads each horizon from its variable; 0 keeps the table', () => {
    const config = parse({
      PROCESSOR_RETENTION_TRAFFIC_WINDOWS_DAYS: '3',
      PROCESSOR_RETENTION_MINUTES_DAYS: '0',
      PROCESSOR_RETENTION_HOURLY_DAYS: '730',
      PROCESSOR_RETENTION_CHUNK_ROWS: '1000',
      PROCESSOR_RETENTION_INTERVAL_MS: '0',
    });
    const days = new Map(retentionPolicies(config).map((p) => [p.table, p.days]));
    expect(days.get('traffic_windows')).toBe(3);
    expect(days.get('vehicle_count_minutes')).toBe(0);
    expect(days.get('traffic_kpi_minutes')).toBe(0);
    expect(days.get('air_quality_minutes')).toBe(0);
    expect(days.get('weather_hourly')).toBe(730);
    expect(days.get('speeding_events')).toBe(30);
    expect(config.retentionChunkRows).toBe(1000);
    expect(config.retentionIntervalMs).toBe(0);
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      parse({
        PROCESSOR_RETENTION_SPEEDING_EVENTS_DAYS: '-1',
        PROCESSOR_RETENTION_HEALTH_ALERTS_DAYS: '1.5',
        PROCESSOR_RETENTION_CHUNK_ROWS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PROCESSOR_RETENTION_SPEEDING_EVENTS_DAYS must be between 0');
    expect(message).toContain('PROCESSOR_RETENTION_HEALTH_ALERTS_DAYS must be an integer');
    expect(message).toContain('PROCESSOR_RETENTION_CHUNK_ROWS must be between 1');
  });

  it('is part of the processor config', () => {
    const config = loadProcessorConfig({
      source: { PROCESSOR_RETENTION_PROCESSED_EVENTS_DAYS: '2' },
      warn: () => {},
    });
    expect(retentionPolicies(config).find((p) => p.table === 'processed_events')?.days).toBe(2);
  });

  it('lists each table once, by a snake_case time column', () => {
    const tables = RETENTION_TABLES.map((t) => t.table);
    expect(new Set(tables).size).toBe(tables.length);
    for (const t of RETENTION_TABLES) expect(t.column).toMatch(/^[a-z_]+$/);
  });
});
