import { loadTypeDefs } from '@city/subgraph-kit';

/** The vehicles subgraph SDL (the gateway's compose step reads the same file). */
export const VEHICLES_TYPE_DEFS_URL = new URL('../typeDefs.graphql', import.meta.url);
export const vehiclesTypeDefs = loadTypeDefs(VEHICLES_TYPE_DEFS_URL);
export { resolvers as vehiclesResolvers } from './resolvers/index.js';
