/** Probes every subgraph's /health (derived from its GraphQL URL). */
export async function subgraphHealth(
  urls: Record<string, string>,
  timeoutMs = 2000,
): Promise<{
  ok: boolean;
  subgraphs: Record<string, { ok: boolean; status?: number; error?: string }>;
}> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const healthUrl = url.replace(/\/graphql\/?$/, '/health');
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        return [name, { ok: res.ok, status: res.status }] as const;
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message }] as const;
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.ok), subgraphs: Object.fromEntries(entries) };
}
