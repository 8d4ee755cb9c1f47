/** The part of an ioredis client `hmgetMany` uses. */
export interface PipelineRedis {
  pipeline(): {
    hmget(key: string, ...fields: string[]): unknown;
    exec(): Promise<[Error | null, unknown][] | null>;
  };
}

/** A hash as HMGET of `fields` returned it (null for a missing field), as HGETALL would give it. */
export function hashOfFields(
  fields: readonly string[],
  values: readonly (string | null)[],
): Record<string, string> {
  const h: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) h[fields[i]!] = v;
  }
  return h;
}

/**
 * The `fields` of each hash in one pipeline (HMGET, not HGETALL: no field names in the reply and
 * no reply-to-object step in ioredis); a missing key gives `{}`.
 */
export async function hmgetMany(
  redis: PipelineRedis,
  keys: readonly string[],
  fields: readonly string[],
): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hmget(key, ...fields);
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, values]) => {
    if (error) throw error;
    return hashOfFields(fields, values as (string | null)[]);
  });
}
