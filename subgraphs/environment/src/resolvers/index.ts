import { ENUMS } from './enums.js';
import { CitySummary, CitySummaryMinute, Neighborhood, RoadSegment } from './places.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import {
  AirQualityHour,
  AirQualityReading,
  AirQualityStation,
  HealthAlert,
  WeatherHour,
  WeatherStation,
} from './stations.js';

export const resolvers = {
  Query,
  Subscription,
  AirQualityStation,
  AirQualityReading,
  AirQualityHour,
  WeatherStation,
  WeatherHour,
  HealthAlert,
  RoadSegment,
  Neighborhood,
  CitySummary,
  CitySummaryMinute,
  ...ENUMS,
};

export type { EnvironmentContext, EnvironmentDeps } from './context.js';
