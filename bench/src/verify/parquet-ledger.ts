import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import parquet from 'parquetjs-lite';

interface FileSummary {
  readonly etag: string;
  readonly partitions: number[];
  readonly offsets: number[];
  readonly eventIds: string[];
  /** vehicleId -> newest event time (ms) in this file. */
  readonly newest: Map<string, number>;
}

export interface ParquetTotals {
  readonly files: number;
  readonly rows: number;
  /** Rows whose (partition, offset) another row already has. */
  readonly duplicateOffsets: number;
  /** Distinct (partition, offset) per partition. */
  readonly offsetsByPartition: Map<number, Set<number>>;
  readonly distinctEventIds: number;
  readonly newestByVehicle: Map<string, number>;
}

/**
 * The gps_data batch layer of one run, read with parquetjs-lite. Files are cached by ETag, so a
 * verification after every fault reads only what changed (a replay overwrites a file in place).
 */
export class ParquetLedger {
  private readonly files = new Map<string, FileSummary>();

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async refresh(): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        seen.add(o.Key);
        const etag = o.ETag ?? '';
        if (this.files.get(o.Key)?.etag === etag) continue;
        this.files.set(o.Key, await this.read(o.Key, etag));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    for (const key of [...this.files.keys()]) if (!seen.has(key)) this.files.delete(key);
  }

  private async read(key: string, etag: string): Promise<FileSummary> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = Buffer.from(await object.Body!.transformToByteArray());
    const reader = await parquet.ParquetReader.openBuffer(body);
    const cursor = reader.getCursor([
      '_partition',
      '_offset',
      '_event_time_ms',
      'eventId',
      'vehicleId',
    ]);
    const summary: FileSummary = {
      etag,
      partitions: [],
      offsets: [],
      eventIds: [],
      newest: new Map(),
    };
    for (let row = await cursor.next(); row; row = await cursor.next()) {
      const r = row as Record<string, unknown>;
      summary.partitions.push(Number(r._partition));
      summary.offsets.push(Number(r._offset));
      summary.eventIds.push(String(r.eventId));
      const v = String(r.vehicleId);
      const t = Number(r._event_time_ms);
      if (t > (summary.newest.get(v) ?? -Infinity)) summary.newest.set(v, t);
    }
    await reader.close();
    return summary;
  }

  totals(): ParquetTotals {
    const offsetsByPartition = new Map<number, Set<number>>();
    const eventIds = new Set<string>();
    const newestByVehicle = new Map<string, number>();
    let rows = 0;
    let duplicateOffsets = 0;
    for (const f of this.files.values()) {
      for (let i = 0; i < f.offsets.length; i++) {
        rows++;
        let set = offsetsByPartition.get(f.partitions[i]!);
        if (!set) offsetsByPartition.set(f.partitions[i]!, (set = new Set()));
        if (set.has(f.offsets[i]!)) duplicateOffsets++;
        else set.add(f.offsets[i]!);
        eventIds.add(f.eventIds[i]!);
      }
      for (const [v, t] of f.newest)
        if (t > (newestByVehicle.get(v) ?? -Infinity)) newestByVehicle.set(v, t);
    }
    return {
      files: this.files.size,
      rows,
      duplicateOffsets,
      offsetsByPartition,
      distinctEventIds: eventIds.size,
      newestByVehicle,
    };
  }
}
