import { CitySummary, Query } from './query.js';
import { RoadSegment, SpeedSample } from './road-segment.js';
import { Subscription } from './subscription.js';

export const resolvers = { Query, Subscription, RoadSegment, SpeedSample, CitySummary };
export type { TrafficContext, TrafficDeps } from './context.js';
