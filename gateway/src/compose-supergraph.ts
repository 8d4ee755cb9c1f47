import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { AppError } from '@city/errors';
import { typeDefsPath, type SubgraphEntry } from './subgraph-list.js';

export class CompositionError extends AppError {
  constructor(message: string) {
    super('COMPOSITION_FAILED', message);
  }
}

/**
 * Composes the supergraph from the subgraphs' SDL files. Routing URLs are placeholders: the
 * gateway substitutes the configured URL per subgraph at start, so one file serves every
 * environment.
 */
export function composeSupergraph(entries: readonly SubgraphEntry[], root?: string): string {
  const services = entries.map((entry) => {
    const path = typeDefsPath(entry, root);
    let typeDefs;
    try {
      typeDefs = parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new CompositionError(
        `${entry.name}: cannot parse ${path}: ${(error as Error).message}`,
      );
    }
    return { name: entry.name, url: `http://${entry.name}.invalid/graphql`, typeDefs };
  });
  const result = composeServices(services);
  if (result.errors) {
    const lines = result.errors.map((e) => {
      const code = (e.extensions?.code as string | undefined) ?? 'ERROR';
      return `  - [${code}] ${e.message}`;
    });
    throw new CompositionError(
      `supergraph composition failed (${entries.map((e) => e.name).join(', ')}):\n${lines.join('\n')}`,
    );
  }
  return result.supergraphSdl;
}
