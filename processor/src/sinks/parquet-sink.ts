import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TopicName } from '@city/contracts';
import { ArchiveFencedError, type ArchiveFence, type ArchiveWriter } from './archive-fence.js';
import { encodeParquet, type ArchivedRow, type ParquetEncoder } from './parquet-file.js';

/** Offsets padded so that object keys sort in offset order. */
export function padOffset(offset: string): string {
  return offset.padStart(20, '0');
}

/**
 * Object key of the rows of one partition and UTC hour, starting at `firstOffset`. The name holds
 * only the first offset: the commit never passes an unflushed row, so after a crash the replay
 * starts a file at the same first offset and overwrites it, however far the new file reaches.
 */
export function parquetKey(
  prefix: string,
  topic: TopicName,
  partition: number,
  hourStart: number,
  firstOffset: string,
): string {
  const iso = new Date(hourStart).toISOString();
  const date = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  return `${prefix}topic=${topic}/date=${date}/hour=${hour}/part-${partition}-${padOffset(firstOffset)}.parquet`;
}

const HOUR_MS = 3_600_000;

/** Rows of one flush grouped by event hour, in offset order. */
export function groupByHour(rows: readonly ArchivedRow[]): Map<number, ArchivedRow[]> {
  const groups = new Map<number, ArchivedRow[]>();
  for (const row of rows) {
    const hour = Math.floor(row.eventTime / HOUR_MS) * HOUR_MS;
    let group = groups.get(hour);
    if (!group) groups.set(hour, (group = []));
    group.push(row);
  }
  return groups;
}

export interface ParquetFileWritten {
  readonly key: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface ParquetStore {
  /**
   * Writes the rows of one partition's buffer: one object per event hour. With a fence and a
   * writer, only while `writer` owns the partition's batch layer (else ArchiveFencedError).
   */
  write(
    topic: TopicName,
    partition: number,
    rows: readonly ArchivedRow[],
    writer?: ArchiveWriter,
  ): Promise<ParquetFileWritten[]>;
}

export function createParquetStore(
  s3: S3Client,
  bucket: string,
  prefix: string,
  encode: ParquetEncoder = encodeParquet,
  fence?: ArchiveFence,
): ParquetStore {
  return {
    async write(topic, partition, rows, writer) {
      const groups = [...groupByHour(rows)];
      // Encoding (in the worker) needs no lease; only the uploads are fenced.
      const files = await Promise.all(
        groups.map(async ([hour, group]) => {
          const first = group[0]!.offset;
          const last = group[group.length - 1]!.offset;
          const body = await encode(topic, group, {
            topic,
            partition: String(partition),
            firstOffset: first,
            lastOffset: last,
          });
          return {
            key: parquetKey(prefix, topic, partition, hour, first),
            first,
            last,
            group,
            body,
          };
        }),
      );
      const upload = async (abortSignal?: AbortSignal): Promise<void> => {
        await Promise.all(
          files.map(({ key, first, last, group, body }) =>
            s3.send(
              new PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: body,
                ContentType: 'application/vnd.apache.parquet',
                Metadata: {
                  'first-offset': first,
                  'last-offset': last,
                  rows: String(group.length),
                },
              }),
              abortSignal ? { abortSignal } : undefined,
            ),
          ),
        );
      };
      if (fence && writer) {
        if (!(await fence.run(topic, partition, writer, upload)))
          throw new ArchiveFencedError(topic, partition);
      } else {
        await upload();
      }
      return files.map(({ key, group, body }) => ({ key, rows: group.length, bytes: body.length }));
    },
  };
}

/**
 * Rows of one partition waiting for the next Parquet flush. The partition's commit never passes
 * `firstOffset`, so what is buffered is still in Kafka if the process dies.
 */
export class ParquetBuffer {
  rows: ArchivedRow[] = [];
  openedAt = 0;

  /** @param share the fraction of the row and age limits at which this buffer is due (flushShare). */
  constructor(private readonly share = 1) {}

  get firstOffset(): string | undefined {
    return this.rows[0]?.offset;
  }

  add(row: ArchivedRow, now: number): void {
    if (this.rows.length === 0) this.openedAt = now;
    this.rows.push(row);
  }

  due(now: number, maxRows: number, maxAgeMs: number): boolean {
    return (
      this.rows.length > 0 &&
      (this.rows.length >= Math.ceil(maxRows * this.share) ||
        now - this.openedAt >= maxAgeMs * this.share)
    );
  }

  /** Truncates to `length` rows (undoes a failed batch's additions). */
  truncate(length: number): void {
    this.rows.length = Math.min(this.rows.length, length);
  }

  take(): ArchivedRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }
}

/**
 * Where in (0.7, 1] of the row and age limits a partition's buffer is due. A topic's partitions
 * fill at the same pace, so with one limit they all encode and upload at the same moment (in the
 * benchmark every 10 s: a second of the encoder's core, during which every partition's latency
 * jumped). Different shares make each partition flush at its own period, so the flushes drift
 * apart and stay apart; the configured limits remain the upper bounds.
 */
export function flushShare(topic: string, partition: number): number {
  let hash = 0;
  for (let i = 0; i < topic.length; i++) hash = (hash * 31 + topic.charCodeAt(i)) >>> 0;
  // Golden-ratio steps: consecutive partitions land far apart in the interval.
  const fraction = ((partition + (hash % 1000)) * 0.6180339887498949) % 1;
  return 1 - 0.3 * fraction;
}
