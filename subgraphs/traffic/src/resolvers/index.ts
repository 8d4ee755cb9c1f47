import { CitySummary, Query } from './query.js';
import { RoadSegment, SpeedSample } from './road-segment.js';

export const resolvers = { Query, RoadSegment, SpeedSample, CitySummary };
export type { TrafficContext, TrafficDeps } from './context.js';
