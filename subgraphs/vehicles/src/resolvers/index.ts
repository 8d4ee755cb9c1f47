import { CitySummary, CitySummaryMinute } from './city-summary.js';
import { POWERTRAIN_ENUM, VEHICLE_TYPE_ENUM } from './enums.js';
import { Neighborhood } from './neighborhood.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import { TrackPoint } from './track.js';
import { Vehicle, VehicleTelemetry } from './vehicle.js';

export const resolvers = {
  Query,
  Subscription,
  Vehicle,
  VehicleTelemetry,
  TrackPoint,
  Neighborhood,
  CitySummary,
  CitySummaryMinute,
  VehicleType: VEHICLE_TYPE_ENUM,
  Powertrain: POWERTRAIN_ENUM,
};

export type { VehiclesContext, VehiclesDeps } from './context.js';
