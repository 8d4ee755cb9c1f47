import { loadTypeDefs } from '@city/subgraph-kit';

/** The emergencies subgraph SDL (the gateway's compose step reads the same file). */
export const EMERGENCIES_TYPE_DEFS_URL = new URL('../typeDefs.graphql', import.meta.url);
export const emergenciesTypeDefs = loadTypeDefs(EMERGENCIES_TYPE_DEFS_URL);
export { resolvers as emergenciesResolvers } from './resolvers/index.js';
