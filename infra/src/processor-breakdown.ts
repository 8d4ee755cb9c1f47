import {
  parseHistograms,
  percentiles,
  snapshotDelta,
  type HistogramSnapshot,
  type Percentiles,
} from './prom-histograms.js';

/** The vehicles domain's time in the processor over a measured window, from its own histograms. */
export interface ProcessorBreakdown {
  /** Kafka produce -> change-feed publish, ms. */
  readonly produceToFeedMs: Percentiles;
  /** Age of a batch's oldest / newest message when it reaches the processor, ms. */
  readonly arrivalAgeOldestMs: Percentiles;
  readonly arrivalAgeNewestMs: Percentiles;
  /** Messages per batch. */
  readonly batchMessages: Percentiles;
  /** Time per batch in each sink, ms. */
  readonly sinkMs: Record<string, Percentiles>;
}

/** The processor's histograms (undefined while it is down: a fault). */
export async function scrapeHistograms(port: number): Promise<HistogramSnapshot | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
      signal: AbortSignal.timeout(5000),
    });
    return parseHistograms(await res.text());
  } catch {
    return undefined;
  }
}

export function processorBreakdown(
  before: HistogramSnapshot | undefined,
  after: HistogramSnapshot,
): ProcessorBreakdown {
  const delta = (key: string) => snapshotDelta(before, after, key);
  const sinkMs: Record<string, Percentiles> = {};
  for (const key of after.keys()) {
    const m = /^processor_sink_seconds\{domain="vehicles",sink="([^"]+)"\}$/.exec(key);
    if (m) sinkMs[m[1]!] = percentiles(delta(key), 1000);
  }
  return {
    produceToFeedMs: percentiles(
      delta('processor_produce_to_feed_seconds{domain="vehicles"}'),
      1000,
    ),
    arrivalAgeOldestMs: percentiles(
      delta('processor_batch_arrival_age_seconds{domain="vehicles",message="oldest"}'),
      1000,
    ),
    arrivalAgeNewestMs: percentiles(
      delta('processor_batch_arrival_age_seconds{domain="vehicles",message="newest"}'),
      1000,
    ),
    batchMessages: percentiles(delta('processor_batch_messages{domain="vehicles"}'), 1),
    sinkMs,
  };
}

/** One line: produce -> feed, arrival ages, batch size and each sink, p50/p99. */
export function describeBreakdown(p: ProcessorBreakdown): string {
  const sinks = Object.entries(p.sinkMs)
    .map(([name, v]) => `${name} ${v.p50}/${v.p99}`)
    .join(', ');
  return (
    `processor (vehicles, ms p50/p99): produce -> feed ${p.produceToFeedMs.p50}/${p.produceToFeedMs.p99}; ` +
    `batch arrival age oldest ${p.arrivalAgeOldestMs.p50}/${p.arrivalAgeOldestMs.p99}, newest ${p.arrivalAgeNewestMs.p50}/${p.arrivalAgeNewestMs.p99}; ` +
    `messages per batch ${p.batchMessages.p50}/${p.batchMessages.p99}; sinks ${sinks}`
  );
}
