import { ENUMS } from './enums.js';
import { Incident } from './incident.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Subscription } from './subscription.js';
import { CitySummary, CitySummaryMinute, Neighborhood } from './summary.js';
import { EmergencyUnit, Vehicle } from './unit.js';
import { Zone } from './zone.js';

export const resolvers = {
  Query,
  Mutation,
  Subscription,
  Incident,
  EmergencyUnit,
  Vehicle,
  Neighborhood,
  CitySummary,
  CitySummaryMinute,
  Zone,
  ...ENUMS,
};

export type { EmergenciesContext, EmergenciesDeps } from './context.js';
