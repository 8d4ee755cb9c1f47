import { deadLetterTopic, TOPICS } from '@city/contracts';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { topicEnd, topicEnds } from '../measure/kafka-offsets.js';
import { readDeadLetters } from './dead-letters.js';
import type { ParquetLedger } from './parquet-ledger.js';

export interface DurabilityCheck {
  /** gps_data messages in Kafka (end offsets) and how many the simulator(s) saw acknowledged. */
  readonly kafkaMessages: number;
  readonly simulatorAcked: number;
  readonly malformedInjected: number;
  /** Kafka messages - malformed: what the batch layer must hold exactly once. */
  readonly expectedRows: number;
  readonly parquetFiles: number;
  readonly parquetRows: number;
  readonly parquetDuplicateOffsets: number;
  readonly parquetMissingOffsets: number;
  /** Same eventId at two Kafka offsets (a producer retry wrote it twice). */
  readonly kafkaDuplicateEvents: number;
  readonly durableVehicles: number;
  readonly expectedVehicles: number;
  readonly lastSeenMismatches: number;
  readonly dlq: {
    readonly messages: number;
    readonly matchingInjected: number;
    readonly reasons: Record<string, number>;
    readonly withoutErrors: number;
    readonly otherTopics: number;
  };
  readonly hot: {
    readonly recentVehicles: number;
    readonly hotMatches: number;
    readonly activeIncidentsSql: number;
    readonly activeIncidentsHot: number;
    /** Ids in exactly one of the two active sets (Redis `em:incidents:active`, PostgreSQL). */
    readonly activeIncidentsDiffering: number;
  };
  readonly ok: boolean;
  readonly problems: string[];
}

export interface VerifyDeps {
  readonly kafka: Kafka;
  readonly physical: (topic: string) => string;
  readonly databaseUrl: string;
  readonly redis: Redis;
  readonly redisKeyPrefix: string;
  readonly ledger: ParquetLedger;
  readonly simulatorAcked: number;
  /** Markers of the malformed messages injected into gps_data so far. */
  readonly malformedMarkers: ReadonlySet<string>;
}

/**
 * Exact accounting of gps_data after the load stopped and the processor drained: Kafka = Parquet
 * (each offset once, none missing) + DLQ (exactly the injected malformed ones), PostgreSQL
 * `vehicles` = one row per vehicle with its newest fix, Redis = PostgreSQL for recent vehicles.
 */
export async function verifyDurability(deps: VerifyDeps): Promise<DurabilityCheck> {
  const problems: string[] = [];
  const gps = deps.physical('gps_data');
  const admin = deps.kafka.admin();
  await admin.connect();
  const ends = await topicEnds(admin, gps);
  let otherDlq = 0;
  for (const name of Object.keys(TOPICS)) {
    if (name === 'gps_data') continue;
    otherDlq += await topicEnd(admin, deps.physical(deadLetterTopic(name))).catch(() => 0);
  }
  await admin.disconnect();
  const kafkaMessages = [...ends.values()].reduce((a, b) => a + b, 0);

  const letters = await readDeadLetters(deps.kafka, deadLetterTopic(gps));
  const reasons: Record<string, number> = {};
  let matching = 0;
  let withoutErrors = 0;
  const dlqOffsets = new Map<number, Set<number>>();
  for (const l of letters) {
    reasons[l.reason] = (reasons[l.reason] ?? 0) + 1;
    if ([...deps.malformedMarkers].some((m) => l.payload.includes(m))) matching++;
    if (l.errors === 0) withoutErrors++;
    let set = dlqOffsets.get(l.partition);
    if (!set) dlqOffsets.set(l.partition, (set = new Set()));
    set.add(Number(l.offset));
  }
  const malformed = deps.malformedMarkers.size;
  if (letters.length !== malformed)
    problems.push(`DLQ holds ${letters.length} messages, ${malformed} malformed were injected`);
  if (matching !== malformed)
    problems.push(`${malformed - matching} injected malformed messages are not in the DLQ`);
  if (withoutErrors > 0) problems.push(`${withoutErrors} dead letters carry no field errors`);
  if (otherDlq > 0)
    problems.push(`${otherDlq} dead letters on other topics (valid simulator events rejected)`);

  await deps.ledger.refresh();
  const p = deps.ledger.totals();
  let missing = 0;
  for (const [partition, end] of ends) {
    const have = p.offsetsByPartition.get(partition) ?? new Set<number>();
    const dead = dlqOffsets.get(partition) ?? new Set<number>();
    for (let o = 0; o < end; o++) if (!have.has(o) && !dead.has(o)) missing++;
  }
  const expectedRows = kafkaMessages - letters.length;
  if (p.duplicateOffsets > 0) problems.push(`${p.duplicateOffsets} duplicate Parquet rows`);
  if (missing > 0) problems.push(`${missing} Kafka offsets missing from Parquet`);
  if (p.rows - p.duplicateOffsets !== expectedRows)
    problems.push(
      `Parquet has ${p.rows - p.duplicateOffsets} distinct rows, expected ${expectedRows}`,
    );
  if (kafkaMessages - malformed !== deps.simulatorAcked)
    problems.push(
      `Kafka holds ${kafkaMessages - malformed} simulator messages, the simulator saw ${deps.simulatorAcked} acknowledged`,
    );
  const kafkaDuplicateEvents = p.rows - p.duplicateOffsets - p.distinctEventIds;
  if (kafkaDuplicateEvents > 0)
    problems.push(`${kafkaDuplicateEvents} events written to Kafka twice (same eventId)`);

  const db = new pg.Client({ connectionString: deps.databaseUrl });
  await db.connect();
  let durableVehicles = 0;
  let lastSeenMismatches = 0;
  let activeSql = new Set<string>();
  const recent: { id: string; at: number }[] = [];
  try {
    const { rows } = await db.query<{ id: string; ms: string }>(
      `SELECT id, (extract(epoch from last_seen_at) * 1000)::bigint AS ms FROM vehicles`,
    );
    durableVehicles = rows.length;
    const newestOverall = Math.max(0, ...rows.map((r) => Number(r.ms)));
    for (const r of rows) {
      const expected = p.newestByVehicle.get(r.id);
      if (expected === undefined || Math.abs(expected - Number(r.ms)) > 1) lastSeenMismatches++;
      if (Number(r.ms) > newestOverall - 60_000) recent.push({ id: r.id, at: Number(r.ms) });
    }
    const incidents = await db.query<{ id: string }>(
      `SELECT id FROM incidents WHERE status NOT IN ('resolved', 'cancelled')`,
    );
    activeSql = new Set(incidents.rows.map((r) => r.id));
  } finally {
    await db.end();
  }
  if (durableVehicles !== p.newestByVehicle.size)
    problems.push(`PostgreSQL has ${durableVehicles} vehicles, Parquet ${p.newestByVehicle.size}`);
  if (lastSeenMismatches > 0)
    problems.push(`${lastSeenMismatches} vehicles' last_seen_at differ from their newest fix`);

  const pipeline = deps.redis.pipeline();
  for (const v of recent) pipeline.hget(`${deps.redisKeyPrefix}vehicle:${v.id}`, 'timestamp');
  const hotResults = (await pipeline.exec()) ?? [];
  let hotMatches = 0;
  recent.forEach((v, i) => {
    const value = hotResults[i]?.[1];
    if (typeof value === 'string' && Math.abs(Date.parse(value) - v.at) <= 1) hotMatches++;
  });
  if (hotMatches !== recent.length)
    problems.push(
      `hot state: ${recent.length - hotMatches} of ${recent.length} recent vehicles differ from PostgreSQL`,
    );
  const activeHot = new Set(await deps.redis.smembers(`${deps.redisKeyPrefix}em:incidents:active`));
  const activeIncidentsHot = activeHot.size;
  const activeIncidentsSql = activeSql.size;
  const activeIncidentsDiffering =
    [...activeHot].filter((id) => !activeSql.has(id)).length +
    [...activeSql].filter((id) => !activeHot.has(id)).length;
  if (activeIncidentsDiffering > 0)
    problems.push(
      `hot state: the active incidents differ (${activeIncidentsHot} in Redis, ${activeIncidentsSql} in PostgreSQL, ${activeIncidentsDiffering} in only one)`,
    );

  return {
    kafkaMessages,
    simulatorAcked: deps.simulatorAcked,
    malformedInjected: malformed,
    expectedRows,
    parquetFiles: p.files,
    parquetRows: p.rows,
    parquetDuplicateOffsets: p.duplicateOffsets,
    parquetMissingOffsets: missing,
    kafkaDuplicateEvents,
    durableVehicles,
    expectedVehicles: p.newestByVehicle.size,
    lastSeenMismatches,
    dlq: {
      messages: letters.length,
      matchingInjected: matching,
      reasons,
      withoutErrors,
      otherTopics: otherDlq,
    },
    hot: {
      recentVehicles: recent.length,
      hotMatches,
      activeIncidentsSql,
      activeIncidentsHot,
      activeIncidentsDiffering,
    },
    ok: problems.length === 0,
    problems,
  };
}
