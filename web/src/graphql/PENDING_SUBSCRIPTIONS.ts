/**
 * PENDING — NOT IN THE SCHEMA YET. Documents the console expects once issue 6 (subscriptions through
 * the gateway) and the emergencies/environment subgraphs land. They are plain strings, NOT passed
 * to `graphql()`, so codegen does not check them: when the supergraph has these fields, move each
 * into operations.ts as a typed `graphql()` document and switch the matching feed in
 * src/data/use-city-data.ts from polling to `useSubscription` (one place per layer).
 */

/** Batched positions: one message per interval with only the vehicles that moved. */
export const VEHICLES_MOVED = /* GraphQL */ `
  subscription ConsoleVehiclesMoved($intervalMs: Int!, $bbox: BoundingBox) {
    vehiclesMoved(intervalMs: $intervalMs, filter: { bbox: $bbox }) {
      vehicles {
        id
        type
        heading
        speed
        speeding
        position {
          latitude
          longitude
        }
      }
      removed
    }
  }
`;

export const INCIDENT_CHANGED = /* GraphQL */ `
  subscription ConsoleIncidentChanged {
    incidentChanged {
      id
      type
      severity
      status
      description
      reportedAt
      updatedAt
      location {
        latitude
        longitude
      }
    }
  }
`;

export const SEGMENT_CONGESTION_CHANGED = /* GraphQL */ `
  subscription ConsoleSegmentCongestion($bbox: BoundingBox) {
    segmentCongestionChanged(filter: { bbox: $bbox }) {
      id
      congestionLevel
      los
      currentSpeed
    }
  }
`;

export const AIR_QUALITY_CHANGED = /* GraphQL */ `
  subscription ConsoleAirQuality {
    airQualityChanged {
      stationId
      aqi
      category
      position {
        latitude
        longitude
      }
      timestamp
    }
  }
`;

export const HEALTH_ALERT_CHANGED = /* GraphQL */ `
  subscription ConsoleHealthAlerts {
    healthAlertChanged {
      id
      level
      message
      neighborhood {
        id
        name
      }
      active
      startedAt
    }
  }
`;

export const CITY_SUMMARY_TICK = /* GraphQL */ `
  subscription ConsoleCitySummaryTick {
    citySummaryTick {
      totalVehicles
      averageSpeed
      congestedRoads
      activeEmergencies
      worstAqi
      timestamp
    }
  }
`;
