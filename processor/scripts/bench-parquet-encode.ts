/**
 * Parquet encoding speed: parquetjs-lite row by row (`appendRow`, the reference) against the
 * columnar append the processor uses, on the same gps_data rows, interleaved, medians.
 * Usage: npm run bench:parquet [-- rows=20000 runs=5]
 */
import { EXAMPLE_EVENTS } from '@city/contracts';
import { loadavg } from 'node:os';
import { encodeRows, encodeRowsByRow } from '../src/sinks/parquet-encode-core.mjs';
import { parquetFieldsFor } from '../src/sinks/parquet-schema.js';

const [n = 20_000, runs = 5] = process.argv.slice(2).map(Number);
const fields = parquetFieldsFor('gps_data');
const t0 = Date.UTC(2026, 10, 29, 8);
const rows = Array.from({ length: n }, (_, i) => ({
  partition: 0,
  offset: String(i),
  eventTime: t0 + i * 3,
  produceTime: t0 + i * 3 + 5,
  event: {
    ...EXAMPLE_EVENTS.gps_data,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    vehicleId: `car-${i % 2000}`,
    latitude: 37.75 + (i % 997) / 10_000,
    longitude: -122.45 + (i % 991) / 10_000,
    speedKmh: i % 70,
    headingDeg: i % 360,
  },
}));
const encoders = { appendRow: encodeRowsByRow, columnar: encodeRows };
const results: Record<string, number[]> = { appendRow: [], columnar: [] };
for (let run = 0; run <= runs; run++) {
  for (const [name, encode] of Object.entries(encoders)) {
    const start = performance.now();
    await encode('gps_data', fields, rows, {});
    const rate = Math.round((n / (performance.now() - start)) * 1000);
    if (run > 0) results[name]!.push(rate); // run 0 warms up
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [name, rates] of Object.entries(results))
  console.log(`${name}: rows/s ${rates.join(', ')} (median ${median(rates)})`);
console.log(
  `columnar / appendRow: x${(median(results.columnar!) / median(results.appendRow!)).toFixed(1)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
