/**
 * PENDING — queries and mutations of the emergencies and environment subgraphs, which are being
 * built. Untyped strings (not checked by codegen); the console runs them only when the gateway's
 * schema has the root field (see src/data/capabilities.ts), so nothing breaks before they exist.
 * Move each into operations.ts as a typed `graphql()` document once the supergraph has it.
 */
export const INCIDENTS = /* GraphQL */ `
  query ConsoleIncidents {
    incidents(filter: { active: true }, limit: 200) {
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
      timeline {
        status
        at
        by
      }
      dispatchSuggestion {
        unitId
        unitType
        etaSeconds
        distanceM
      }
    }
  }
`;

export const AIR_QUALITY = /* GraphQL */ `
  query ConsoleAirQuality {
    airQualityStations {
      id
      aqi
      category
      position {
        latitude
        longitude
      }
      neighborhood {
        name
      }
    }
    healthAlerts(active: true) {
      id
      level
      message
      neighborhood {
        name
      }
      startedAt
    }
  }
`;

export const ACKNOWLEDGE_INCIDENT = /* GraphQL */ `
  mutation ConsoleAcknowledge($id: ID!) {
    acknowledgeIncident(id: $id) {
      id
      status
      updatedAt
    }
  }
`;

export const DISPATCH_UNIT = /* GraphQL */ `
  mutation ConsoleDispatch($id: ID!, $unitId: ID!) {
    dispatchUnit(incidentId: $id, unitId: $unitId) {
      id
      status
      updatedAt
    }
  }
`;

export const RESOLVE_INCIDENT = /* GraphQL */ `
  mutation ConsoleResolve($id: ID!) {
    resolveIncident(id: $id) {
      id
      status
      updatedAt
    }
  }
`;

/** Root fields whose presence turns a pending feature on. */
export const PENDING_FIELDS = {
  incidents: 'incidents',
  airQuality: 'airQualityStations',
  acknowledge: 'acknowledgeIncident',
  dispatch: 'dispatchUnit',
  resolve: 'resolveIncident',
} as const;
