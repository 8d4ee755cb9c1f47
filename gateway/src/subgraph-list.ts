import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A subgraph the gateway composes: its directory's `typeDefs.graphql` and where it runs. */
export interface SubgraphEntry {
  readonly name: string;
  /** Directory under the repository root. */
  readonly dir: string;
  /** Environment variable overriding the URL, and the local default. */
  readonly urlVariable: string;
  readonly defaultUrl: string;
}

/**
 * Every subgraph of the platform. Adding one is one line here; entries whose directory has no
 * `typeDefs.graphql` yet are skipped, so a subgraph joins the composition when it exists.
 */
export const SUBGRAPHS: readonly SubgraphEntry[] = [
  {
    name: 'vehicles',
    dir: 'subgraphs/vehicles',
    urlVariable: 'VEHICLES_SUBGRAPH_URL',
    defaultUrl: 'http://127.0.0.1:4001/graphql',
  },
  {
    name: 'emergencies',
    dir: 'subgraphs/emergencies',
    urlVariable: 'EMERGENCIES_SUBGRAPH_URL',
    defaultUrl: 'http://127.0.0.1:4002/graphql',
  },
  {
    name: 'environment',
    dir: 'subgraphs/environment',
    urlVariable: 'ENVIRONMENT_SUBGRAPH_URL',
    defaultUrl: 'http://127.0.0.1:4003/graphql',
  },
  {
    name: 'traffic',
    dir: 'subgraphs/traffic',
    urlVariable: 'TRAFFIC_SUBGRAPH_URL',
    defaultUrl: 'http://127.0.0.1:4004/graphql',
  },
];

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function typeDefsPath(entry: SubgraphEntry, root = REPO_ROOT): string {
  return `${root}${entry.dir}/typeDefs.graphql`;
}

/** The subgraphs present in this checkout. */
export function presentSubgraphs(root = REPO_ROOT): SubgraphEntry[] {
  return SUBGRAPHS.filter((s) => existsSync(typeDefsPath(s, root)));
}

/** Subgraph URLs from the environment (or defaults), by name. */
export function subgraphUrls(
  entries: readonly SubgraphEntry[],
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return Object.fromEntries(entries.map((s) => [s.name, source[s.urlVariable] || s.defaultUrl]));
}
