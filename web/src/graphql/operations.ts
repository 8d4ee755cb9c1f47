import { graphql } from './graphql.js';

/** Live vehicle positions for the map (the data hook polls this until subscriptions exist). */
export const VehiclesQuery = graphql(`
  query ConsoleVehicles($limit: Int!) {
    vehicles(filter: { limit: $limit }) {
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
  }
`);

export const CitySummaryQuery = graphql(`
  query ConsoleCitySummary {
    citySummary {
      id
      totalVehicles
      averageSpeed
      congestedRoads
      segmentsObserved
      timestamp
      vehiclesByType {
        type
        count
      }
    }
  }
`);

/**
 * The KPIs minute by minute over the last hour (sparklines), loaded on start and on every socket
 * (re)connect; the live ticks then extend it.
 */
export const CitySummaryHistoryQuery = graphql(`
  query ConsoleCitySummaryHistory($minutes: Int!) {
    citySummary {
      id
      history(minutes: $minutes) {
        at
        totalVehicles
        averageSpeed
        congestedRoads
        activeEmergencies
        worstAqi
      }
    }
  }
`);

export const CongestedSegmentsQuery = graphql(`
  query ConsoleCongestedSegments($limit: Int!) {
    congestedSegments(limit: $limit) {
      id
      name
      class
      currentSpeed
      speedLimit
      los
      congestionLevel
      travelTimeIndex
    }
  }
`);

/** Segments with live data at any level, to colour the street layer. */
export const LiveSegmentsQuery = graphql(`
  query ConsoleLiveSegments($bbox: BoundingBox!, $limit: Int!) {
    roadSegments(filter: { bbox: $bbox, minLevel: FREE, limit: $limit }) {
      id
      congestionLevel
    }
  }
`);

export const VehicleDetailQuery = graphql(`
  query ConsoleVehicleDetail($id: ID!, $from: DateTime!, $to: DateTime!) {
    vehicle(id: $id) {
      id
      type
      speed
      heading
      speeding
      speedLimit
      updatedAt
      roadSegment {
        id
        name
      }
      telemetry {
        make
        model
        powertrain
      }
      track(from: $from, to: $to, first: 500) {
        edges {
          node {
            timestamp
            position {
              latitude
              longitude
            }
          }
        }
      }
    }
  }
`);

export const SegmentDetailQuery = graphql(`
  query ConsoleSegmentDetail($id: ID!, $from: DateTime!, $to: DateTime!) {
    roadSegment(id: $id) {
      id
      name
      class
      speedLimit
      currentSpeed
      los
      congestionLevel
      speedHistory(from: $from, to: $to, window: ONE_MINUTE, first: 60) {
        edges {
          node {
            windowStart
            meanSpeed
          }
        }
      }
    }
  }
`);

export const VehicleSearchQuery = graphql(`
  query ConsoleVehicleSearch($id: ID!) {
    vehicle(id: $id) {
      id
      type
      position {
        latitude
        longitude
      }
    }
  }
`);

export const ActiveIncidentsQuery = graphql(`
  query ConsoleActiveIncidents {
    activeIncidents(limit: 200) {
      id
      type
      status
      severity
      description
      reportedAt
      lastEventAt
      position {
        latitude
        longitude
      }
      timeline {
        kind
        occurredAt
        status
        actor
        unitId
      }
    }
  }
`);

export const DispatchSuggestionQuery = graphql(`
  query ConsoleDispatchSuggestion($incidentId: ID!) {
    dispatchSuggestion(incidentId: $incidentId, limit: 5) {
      unit {
        id
        type
      }
      etaSeconds
      distanceM
    }
  }
`);

export const AirQualityQuery = graphql(`
  query ConsoleAirQuality {
    airQualityStations {
      id
      aqi
      category
      position {
        latitude
        longitude
      }
    }
    activeHealthAlerts {
      id
      aqi
      category
      stationId
      startedAt
    }
  }
`);

export const AcknowledgeIncidentMutation = graphql(`
  mutation ConsoleAcknowledge($id: ID!) {
    acknowledgeIncident(id: $id) {
      id
      status
    }
  }
`);

export const DispatchUnitsMutation = graphql(`
  mutation ConsoleDispatch($id: ID!, $unitIds: [ID!]!) {
    dispatchUnits(incidentId: $id, unitIds: $unitIds) {
      incident {
        id
        status
      }
    }
  }
`);

export const ResolveIncidentMutation = graphql(`
  mutation ConsoleResolve($id: ID!) {
    resolveIncident(id: $id) {
      id
      status
    }
  }
`);

/** Vehicle positions: one batch per interval with the vehicles that reported, and the removed. */
export const VehiclesMovedSubscription = graphql(`
  subscription ConsoleVehiclesMoved($intervalMs: Int!) {
    vehiclesMoved(intervalMs: $intervalMs) {
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
      removedIds
    }
  }
`);

export const SegmentCongestionSubscription = graphql(`
  subscription ConsoleSegmentCongestion($bbox: BoundingBox!) {
    segmentCongestionChanged(filter: { bbox: $bbox }) {
      segment {
        id
      }
      level
    }
  }
`);

export const CitySummaryTickSubscription = graphql(`
  subscription ConsoleCitySummaryTick($intervalMs: Int!) {
    citySummaryTick(intervalMs: $intervalMs) {
      id
      totalVehicles
      averageSpeed
      congestedRoads
      segmentsObserved
      timestamp
    }
  }
`);

/** Same incident selection as ConsoleActiveIncidents, so both map to the store alike. */
export const IncidentChangedSubscription = graphql(`
  subscription ConsoleIncidentChanged {
    incidentChanged {
      incident {
        id
        type
        status
        severity
        description
        reportedAt
        lastEventAt
        position {
          latitude
          longitude
        }
        timeline {
          kind
          occurredAt
          status
          actor
          unitId
        }
      }
    }
  }
`);

export const AirQualityChangedSubscription = graphql(`
  subscription ConsoleAirQualityChanged {
    airQualityChanged {
      station {
        id
        aqi
        category
        position {
          latitude
          longitude
        }
      }
    }
  }
`);

export const HealthAlertChangedSubscription = graphql(`
  subscription ConsoleHealthAlertChanged {
    healthAlertChanged {
      transition
      alert {
        id
        aqi
        category
        stationId
        startedAt
      }
    }
  }
`);

/** AQI by neighbourhood, from the environment subgraph's contribution to `Neighborhood`. */
export const NeighbourhoodAirQuery = graphql(`
  query ConsoleNeighbourhoodAir {
    neighborhoods {
      id
      name
      aqi
      airQuality {
        station {
          id
        }
      }
    }
  }
`);

/** Emergency units' statuses, for the halo around their vehicles (unit id = vehicle id). */
export const EmergencyUnitsQuery = graphql(`
  query ConsoleEmergencyUnits {
    emergencyUnits {
      id
      status
    }
  }
`);

export const EmergencyUnitChangedSubscription = graphql(`
  subscription ConsoleEmergencyUnitChanged {
    emergencyUnitChanged {
      unit {
        id
        status
      }
    }
  }
`);
