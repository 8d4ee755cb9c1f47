import { CitySummary, CitySummaryMinute, Query } from './query.js';
import { RoadSegment, SpeedSample } from './road-segment.js';
import { Subscription } from './subscription.js';

export const resolvers = {
  Query,
  Subscription,
  RoadSegment,
  SpeedSample,
  CitySummary,
  CitySummaryMinute,
};
export type { TrafficContext, TrafficDeps } from './context.js';
