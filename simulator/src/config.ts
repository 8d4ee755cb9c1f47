import { parseArgs } from 'node:util';
import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { ConfigError } from '@city/errors';
import { COMPRESSIONS } from './compression.js';

/** Every setting has an environment variable; the flags in `FLAGS` override them. */
export const simulatorConfigSpec = {
  kafkaBrokers: commonInfraFields.kafkaBrokers,
  kafkaClientId: env.string('KAFKA_CLIENT_ID', { default: 'simulator' }),
  logLevel: commonInfraFields.logLevel,
  seed: env.string('SIM_SEED', { default: '', description: 'Deterministic run when set' }),
  start: env.string('SIM_START', {
    default: '',
    description:
      'Simulated start instant (ISO-8601); default now, or 2025-06-02T14:00:00Z when seeded',
  }),
  vehicles: env.int('SIM_VEHICLES', { default: 500, min: 0, max: 200_000 }),
  intervalS: env.number('SIM_INTERVAL_S', {
    default: 30,
    min: 0.1,
    max: 3600,
    description: "Seconds between a vehicle's GPS reports",
  }),
  speedup: env.number('SIM_SPEEDUP', { default: 1, min: 0.01, max: 100_000 }),
  tickS: env.number('SIM_TICK_S', { default: 1, min: 0.05, max: 60 }),
  durationS: env.number('SIM_DURATION_S', {
    default: 0,
    min: 0,
    description: 'Stop after this many wall seconds; 0 runs until signalled',
  }),
  loadRate: env.int('SIM_LOAD_RATE', {
    default: 0,
    min: 0,
    description: 'Load mode: target events/s (sets vehicles, 1 s interval)',
  }),
  incidentsPerHour: env.number('SIM_INCIDENTS_PER_HOUR', { default: 12, min: 0, max: 100_000 }),
  cameras: env.int('SIM_CAMERAS', { default: 60, min: 0, max: 900 }),
  airQualityStations: env.int('SIM_AQ_STATIONS', { default: 50, min: 0, max: 200 }),
  weatherStations: env.int('SIM_WEATHER_STATIONS', { default: 4, min: 0, max: 6 }),
  topicPrefix: env.string('SIM_TOPIC_PREFIX', { default: '' }),
  compression: env.oneOf('SIM_COMPRESSION', COMPRESSIONS, { default: 'gzip' }),
  batchSize: env.int('SIM_BATCH_SIZE', { default: 4000, min: 1, max: 100_000 }),
  maxInFlight: env.int('SIM_MAX_IN_FLIGHT', { default: 4, min: 1, max: 64 }),
  spread: env.bool('SIM_SPREAD', {
    default: true,
    description:
      "Send each tick's events over the tick, as devices reporting at their own phases (false: one burst per tick, the default until 2026-12-07; docs/benchmarks.md)",
  }),
  validate: env.bool('SIM_VALIDATE', {
    default: true,
    description: 'Validate every event against its contract',
  }),
  record: env.string('SIM_RECORD', {
    default: '',
    description: 'Also write every event to this NDJSON file',
  }),
  replay: env.string('SIM_REPLAY', {
    default: '',
    description: 'Replay this NDJSON recording instead of simulating',
  }),
  replaySpeed: env.number('SIM_REPLAY_SPEED', { default: 1, min: 0.01, max: 1_000_000 }),
  kafka: env.bool('SIM_KAFKA', {
    default: true,
    description: 'Produce to Kafka (false: record only)',
  }),
  dispatch: env.bool('SIM_DISPATCH', {
    default: true,
    description: 'Consume dispatch_commands (closed loop)',
  }),
  groupId: env.string('SIM_GROUP_ID', { default: 'simulator' }),
  status: env.bool('SIM_STATUS', {
    default: true,
    description: 'Live status line (only on a TTY and not in CI)',
  }),
} as const;

export type SimulatorConfig = {
  -readonly [K in keyof typeof simulatorConfigSpec]: (typeof simulatorConfigSpec)[K] extends {
    parse: (raw: string) => infer T;
  }
    ? T
    : never;
};

/** Flag -> environment variable it overrides. */
export const FLAGS = {
  seed: 'SIM_SEED',
  start: 'SIM_START',
  vehicles: 'SIM_VEHICLES',
  interval: 'SIM_INTERVAL_S',
  speedup: 'SIM_SPEEDUP',
  tick: 'SIM_TICK_S',
  duration: 'SIM_DURATION_S',
  load: 'SIM_LOAD_RATE',
  'incidents-per-hour': 'SIM_INCIDENTS_PER_HOUR',
  cameras: 'SIM_CAMERAS',
  'topic-prefix': 'SIM_TOPIC_PREFIX',
  compression: 'SIM_COMPRESSION',
  'batch-size': 'SIM_BATCH_SIZE',
  'max-in-flight': 'SIM_MAX_IN_FLIGHT',
  spread: 'SIM_SPREAD',
  validate: 'SIM_VALIDATE',
  record: 'SIM_RECORD',
  replay: 'SIM_REPLAY',
  'replay-speed': 'SIM_REPLAY_SPEED',
  kafka: 'SIM_KAFKA',
  dispatch: 'SIM_DISPATCH',
  'group-id': 'SIM_GROUP_ID',
} as const;

/** Parses `--flag value` (or `--flag=value`) over the environment; `--help` is reported. */
export function loadSimulatorConfig(
  argv: readonly string[] = process.argv.slice(2),
  source: NodeJS.ProcessEnv = process.env,
  options: Omit<ParseOptions, 'source'> = {},
): SimulatorConfig & { help: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])),
        help: { type: 'boolean' as const },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError('argv', (error as Error).message);
  }
  const merged: NodeJS.ProcessEnv = { ...source };
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') merged[variable] = value;
  }
  const config = parseConfig(simulatorConfigSpec, {
    ...options,
    source: merged,
  }) as SimulatorConfig;
  if (config.start && Number.isNaN(Date.parse(config.start))) {
    throw new ConfigError('SIM_START', `must be an ISO-8601 instant, got "${config.start}"`);
  }
  return { ...config, help: values.help === true };
}

/** Seeded runs start at a fixed instant so timestamps repeat too. */
export const SEEDED_START = '2025-06-02T14:00:00Z';

export function startInstantMs(
  config: Pick<SimulatorConfig, 'seed' | 'start'>,
  nowMs = Date.now(),
): number {
  if (config.start) return Date.parse(config.start);
  return config.seed ? Date.parse(SEEDED_START) : nowMs;
}

/** Vehicles needed for a target event rate at one GPS report per second (plus vehicle_data). */
export function vehiclesForRate(rate: number, vehicleDataEvery: number): number {
  return Math.ceil(rate / (1 + 1 / vehicleDataEvery));
}
