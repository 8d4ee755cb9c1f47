export interface StreetIndexEntry {
  readonly id: number;
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
}

/** Street-name matches, one per distinct name, prefix matches first (pure; unit-tested). */
export function searchStreets(index: readonly StreetIndexEntry[], text: string, limit = 8) {
  const q = text.trim().toLowerCase();
  if (q.length < 2) return [];
  const seen = new Set<string>();
  const hits: (StreetIndexEntry & { rank: number })[] = [];
  for (const e of index) {
    const name = e.name.toLowerCase();
    const at = name.indexOf(q);
    if (at < 0 || seen.has(name)) continue;
    seen.add(name);
    hits.push({ ...e, rank: at === 0 ? 0 : 1 });
  }
  return hits.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name)).slice(0, limit);
}
