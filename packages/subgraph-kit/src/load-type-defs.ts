import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

/** Reads a subgraph's `typeDefs.graphql` (the compose step reads the same file). */
export function loadTypeDefs(fileUrl: URL): { sdl: string; document: DocumentNode } {
  const sdl = readFileSync(fileUrl, 'utf8');
  return { sdl, document: parse(sdl) };
}
