import { loadTypeDefs } from '@city/subgraph-kit';

/** The environment subgraph SDL (the gateway's compose step reads the same file). */
export const ENVIRONMENT_TYPE_DEFS_URL = new URL('../typeDefs.graphql', import.meta.url);
export const environmentTypeDefs = loadTypeDefs(ENVIRONMENT_TYPE_DEFS_URL);
export { resolvers as environmentResolvers } from './resolvers/index.js';
