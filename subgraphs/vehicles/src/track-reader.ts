import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import parquet from 'parquetjs-lite';

// CommonJS: named imports do not resolve under Node's ESM loader.
const { ParquetReader } = parquet;

/** One GPS fix from the batch layer. */
export interface TrackPointRecord {
  readonly time: number;
  readonly eventId: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly speedKmh: number;
  readonly headingDeg: number;
}

export interface TrackReader {
  /** Fixes of `vehicleId` with from <= time < to, oldest first (ties by eventId). */
  read(vehicleId: string, from: number, to: number): Promise<TrackPointRecord[]>;
}

const HOUR_MS = 3_600_000;
const COLUMNS = [
  'vehicleId',
  'eventId',
  'timestamp',
  'latitude',
  'longitude',
  'speedKmh',
  'headingDeg',
];

/** The processor's hour directories (`<prefix>topic=gps_data/date=YYYY-MM-DD/hour=HH/`) in range. */
export function hourPrefixes(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
    const iso = new Date(h).toISOString();
    out.push(`${prefix}topic=gps_data/date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`);
  }
  return out;
}

type FileRows = Map<string, TrackPointRecord[]>;

/**
 * Reads tracks from the processor's gps_data Parquet files on S3. A file is parsed once into
 * per-vehicle rows and cached by key and ETag (a replay rewrites a file under the same key with
 * a new ETag), so paging through one track does not re-read the hour.
 */
export function createTrackReader(
  s3: S3Client,
  bucket: string,
  prefix: string,
  cacheFiles = 48,
): TrackReader {
  const cache = new Map<string, Promise<FileRows>>();

  async function loadFile(key: string, etag: string): Promise<FileRows> {
    const cacheKey = `${key}@${etag}`;
    let rows = cache.get(cacheKey);
    if (!rows) {
      rows = (async () => {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = Buffer.from(await object.Body!.transformToByteArray());
        const reader = await ParquetReader.openBuffer(body);
        const byVehicle: FileRows = new Map();
        try {
          const cursor = reader.getCursor(COLUMNS);
          for (let r = await cursor.next(); r; r = await cursor.next()) {
            const id = String(r.vehicleId);
            let list = byVehicle.get(id);
            if (!list) byVehicle.set(id, (list = []));
            list.push({
              time: Date.parse(String(r.timestamp)),
              eventId: String(r.eventId),
              latitude: Number(r.latitude),
              longitude: Number(r.longitude),
              speedKmh: Number(r.speedKmh),
              headingDeg: Number(r.headingDeg),
            });
          }
        } finally {
          await reader.close();
        }
        return byVehicle;
      })();
      rows.catch(() => cache.delete(cacheKey));
      cache.set(cacheKey, rows);
      while (cache.size > cacheFiles) cache.delete(cache.keys().next().value!);
    }
    return rows;
  }

  async function listHour(hourPrefix: string): Promise<{ key: string; etag: string }[]> {
    const out: { key: string; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: hourPrefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  return {
    async read(vehicleId, from, to) {
      const files = (await Promise.all(hourPrefixes(prefix, from, to).map(listHour))).flat();
      const parsed = await Promise.all(files.map((f) => loadFile(f.key, f.etag)));
      const seen = new Set<string>();
      const points: TrackPointRecord[] = [];
      for (const file of parsed) {
        for (const p of file.get(vehicleId) ?? []) {
          if (p.time < from || p.time >= to || seen.has(p.eventId)) continue;
          seen.add(p.eventId);
          points.push(p);
        }
      }
      return points.sort((a, b) => a.time - b.time || (a.eventId < b.eventId ? -1 : 1));
    },
  };
}
