import { loadTypeDefs } from '@city/subgraph-kit';

/** The traffic subgraph SDL (the gateway's compose step reads the same file). */
export const TRAFFIC_TYPE_DEFS_URL = new URL('../typeDefs.graphql', import.meta.url);
export const trafficTypeDefs = loadTypeDefs(TRAFFIC_TYPE_DEFS_URL);
export { resolvers as trafficResolvers } from './resolvers/index.js';
