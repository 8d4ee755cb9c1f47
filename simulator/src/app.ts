import { randomUUID } from 'node:crypto';
import type { Logger } from '@city/log';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { TOPICS } from '@city/contracts';
import { loadCity } from './city.js';
import { compressionType } from './compression.js';
import { SpreadSink } from './spread-sink.js';
import { startInstantMs, vehiclesForRate, type SimulatorConfig } from './config.js';
import { startDispatchConsumer } from './dispatch-consumer.js';
import { KafkaSink } from './kafka-sink.js';
import { NdjsonRecorder, replay } from './ndjson.js';
import { runSimulation } from './runner.js';
import { CountingSink, FanOutSink, type EventSink } from './sink.js';
import { DEFAULT_SIMULATION_OPTIONS, Simulation, type SimulationOptions } from './simulation.js';
import { StatusLine, statusLineWanted } from './status-line.js';
import { SIMULATOR_TOPICS, topicNamer } from './topic-names.js';

export interface SimulatorHandle {
  readonly simulation: Simulation | undefined;
  readonly counter: CountingSink;
  readonly kafkaSink: KafkaSink | undefined;
  /** Resolves when the run ends (duration reached, replay finished or `stop`). */
  readonly done: Promise<void>;
  /** Stops, flushes the producer and the recording, disconnects. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Overrides for the simulation (tests: scene time, observers). */
  readonly simulation?: Partial<SimulationOptions>;
  readonly dispatchFromBeginning?: boolean;
  readonly statusStream?: NodeJS.WriteStream;
}

/** Simulation options from the config: load mode picks the vehicle count for the target rate. */
export function simulationOptionsFrom(config: SimulatorConfig): SimulationOptions {
  const load = config.loadRate > 0;
  const vehicleDataEvery = DEFAULT_SIMULATION_OPTIONS.vehicleDataEvery;
  return {
    ...DEFAULT_SIMULATION_OPTIONS,
    seed: config.seed || randomUUID(),
    startMs: startInstantMs(config),
    vehicles: load ? vehiclesForRate(config.loadRate, vehicleDataEvery) : config.vehicles,
    reportIntervalS: load ? 1 : config.intervalS,
    tickS: load ? 1 : Math.min(config.tickS, config.intervalS),
    cameras: config.cameras,
    airQualityStations: config.airQualityStations,
    weatherStations: config.weatherStations,
    incidentsPerHour: config.incidentsPerHour,
  };
}

export async function startSimulator(
  config: SimulatorConfig,
  options: StartOptions,
): Promise<SimulatorHandle> {
  const { logger } = options;
  const topicName = topicNamer(config.topicPrefix);
  const counter = new CountingSink();
  const sinks: EventSink[] = [counter];
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let kafkaSink: KafkaSink | undefined;
  let spreader: SpreadSink | undefined;
  let recorder: NdjsonRecorder | undefined;
  let stopping = false;
  let simulation: Simulation | undefined;

  const kafka = new Kafka({
    brokers: [...config.kafkaBrokers],
    clientId: config.kafkaClientId,
    logLevel: logLevel.WARN,
  });
  if (config.kafka) {
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = SIMULATOR_TOPICS.filter((t) => !existing.has(topicName(t)));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((t) => ({
          topic: topicName(t),
          numPartitions: TOPICS[t].defaultPartitions,
          replicationFactor: 1,
        })),
        waitForLeaders: true,
      });
    }
    await admin.disconnect();
    producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    kafkaSink = new KafkaSink({
      producer,
      topicName,
      compression: compressionType(config.compression),
      batchSize: config.batchSize,
      maxInFlight: config.maxInFlight,
      validate: config.validate,
    });
    // Only Kafka is paced: the recording and the counters take the tick as it is simulated.
    spreader = config.spread ? new SpreadSink(kafkaSink) : undefined;
    sinks.push(spreader ?? kafkaSink);
  }
  if (config.record) {
    recorder = new NdjsonRecorder(config.record);
    sinks.push(recorder);
  }
  const sink = new FanOutSink(sinks);

  const status = options.statusStream ?? process.stderr;
  const showStatus = config.status && statusLineWanted(status);
  const line = new StatusLine();
  const timer = showStatus
    ? setInterval(() => {
        const text = line.format(
          {
            counts: counter.counts,
            total: counter.total,
            acked: kafkaSink?.ackedTotal ?? 0,
            vehiclesActive: simulation?.vehicles.filter((v) => v.speedMps > 0).length ?? 0,
            simTimeMs: simulation?.nowMs ?? Date.now(),
          },
          performance.now(),
        );
        status.write(`\r${text.slice(0, (status.columns ?? 200) - 1)}\x1b[K`);
      }, 1000)
    : undefined;

  const afterTick = async () => {
    kafkaSink?.flush();
    recorder?.flush();
    await kafkaSink?.waitForCapacity();
  };

  let done: Promise<void>;
  if (config.replay) {
    logger.info({ file: config.replay, speed: config.replaySpeed }, 'replaying recording');
    done = replay(config.replay, sink, {
      speed: config.replaySpeed,
      shouldStop: () => stopping,
      pace: afterTick,
    }).then((n) => logger.info({ events: n }, 'replay finished'));
  } else {
    const simOptions = { ...simulationOptionsFrom(config), ...options.simulation };
    const started = performance.now();
    simulation = new Simulation(loadCity(), simOptions, sink);
    logger.info(
      {
        seed: simOptions.seed,
        start: new Date(simOptions.startMs).toISOString(),
        vehicles: simulation.vehicles.length,
        reportIntervalS: simOptions.reportIntervalS,
        speedup: config.speedup,
        loadRate: config.loadRate || undefined,
        topicPrefix: config.topicPrefix || undefined,
        setupMs: Math.round(performance.now() - started),
      },
      'city ready',
    );
    if (config.kafka && config.dispatch) {
      const sim = simulation;
      consumer = await startDispatchConsumer({
        kafka,
        topic: topicName('dispatch_commands'),
        groupId: `${config.topicPrefix}${config.groupId}`,
        fromBeginning: options.dispatchFromBeginning ?? false,
        onCommand: (command) => {
          logger.info(
            { unitId: command.unitId, incidentId: command.incidentId },
            'dispatch command',
          );
          sim.dispatch(command);
        },
        logger,
      });
    }
    done = runSimulation(simulation, {
      speedup: config.loadRate > 0 ? 1 : config.speedup,
      durationS: config.durationS,
      shouldStop: () => stopping,
      afterTick,
      ...(spreader ? { spread: spreader } : {}),
    });
  }

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      await done.catch(() => {});
      if (timer) {
        clearInterval(timer);
        status.write('\n');
      }
      try {
        await kafkaSink?.drain();
      } finally {
        await recorder?.close();
        await consumer?.disconnect();
        await producer?.disconnect();
      }
      logger.info({ events: counter.total, acked: kafkaSink?.ackedTotal }, 'simulator stopped');
    })());

  return { simulation, counter, kafkaSink, done, stop };
}
