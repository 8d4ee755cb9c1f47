/**
 * Validation throughput on the hot path: JSON.parse + schema check of gps_data messages.
 * Run: npm run bench:contracts. Prints the median of 7 runs of 200,000 messages each.
 */
import { decodeEvent, EXAMPLE_EVENTS } from '../src/index.js';

const MESSAGES = 200_000;
const RUNS = 7;
const payloads = Array.from({ length: 1000 }, (_, i) =>
  Buffer.from(
    JSON.stringify({ ...EXAMPLE_EVENTS.gps_data, speedKmh: i % 120, vehicleId: `car-${i}` }),
  ),
);

function run(label: string, work: (payload: Buffer) => boolean): void {
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    let ok = 0;
    for (let i = 0; i < MESSAGES; i++) if (work(payloads[i % payloads.length]!)) ok++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (ok !== MESSAGES) throw new Error(`${label}: only ${ok} of ${MESSAGES} valid`);
    rates.push(MESSAGES / seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(RUNS / 2)]!;
  console.log(
    `${label}: median ${Math.round(median).toLocaleString('en')} msg/s over ${RUNS} runs`,
  );
}

run('JSON.parse only', (payload) => JSON.parse(payload.toString('utf8')) !== null);
run('decodeEvent (parse + validate)', (payload) => decodeEvent('gps_data', payload).ok);
