import { createPrismaClient } from '@city/db';
import { Redis } from 'ioredis';

export interface IncidentProbe {
  /** Where an incident got to on its way to the console: PostgreSQL, Redis, the change feed. */
  describe(incidentId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Follows a run's incidents through the stores the processor writes, for failure messages: the
 * incidents row in the run's schema, the hot hash and active set in Redis, and every Incident
 * change published on the run's emergencies change feed since the probe started.
 */
export async function startIncidentProbe(options: {
  redisUrl: string;
  databaseUrl: string;
  schema: string;
  keyPrefix: string;
}): Promise<IncidentProbe> {
  const { keyPrefix } = options;
  const channel = `${keyPrefix}changes:emergencies`;
  const started = Date.now();
  const published = new Map<string, string[]>();
  const subscriber = new Redis(options.redisUrl);
  subscriber.on('message', (_channel: string, message: string) => {
    const at = Date.now() - started;
    for (const c of JSON.parse(message) as { entity: string; id: string; fields: string[] }[]) {
      if (c.entity !== 'Incident') continue;
      const seen = published.get(c.id) ?? [];
      seen.push(`+${at} ms [${c.fields.join(',')}]`);
      published.set(c.id, seen);
    }
  });
  await subscriber.subscribe(channel);
  const redis = new Redis(options.redisUrl);
  const db = createPrismaClient({
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    maxConnections: 1,
  });

  return {
    async describe(id) {
      const safe = <T>(step: Promise<T>) =>
        step.then(
          (v) => JSON.stringify(v),
          (e: Error) => `(failed: ${e.message})`,
        );
      const [row, hash, active] = await Promise.all([
        safe(
          db.$queryRawUnsafe(
            `SELECT status::text, severity::text, reported_at, last_event_at FROM "${options.schema}".incidents WHERE id = $1`,
            id,
          ),
        ),
        safe(redis.hgetall(`${keyPrefix}em:incident:${id}`)),
        safe(redis.sismember(`${keyPrefix}em:incidents:active`, id)),
      ]);
      return [
        `incident ${id}:`,
        `  PostgreSQL ${options.schema}.incidents: ${row}`,
        `  Redis hash: ${hash}; in the active set: ${active}`,
        `  published on ${channel} (probe started at +0 ms): ${published.get(id)?.join(' ') ?? 'never'}`,
      ].join('\n');
    },
    async close() {
      subscriber.disconnect();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}
