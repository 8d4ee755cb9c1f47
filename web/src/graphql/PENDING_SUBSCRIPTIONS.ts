/**
 * PENDING — NOT WIRED. Subscription documents the console will use once the gateway serves
 * graphql-ws (issue 6). Plain strings, NOT passed to `graphql()`, so codegen does not check them.
 * vehiclesMoved, segmentCongestionChanged and citySummaryTick are in the supergraph now; the
 * incident and environment ones are the shapes expected. To switch a layer: move its document into
 * operations.ts as a typed `graphql()` document and replace its polling feed in
 * src/data/feeds.ts with a subscription (one place per layer).
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
