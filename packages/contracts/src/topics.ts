import type { TSchema } from '@sinclair/typebox';
import { AirQualityEventSchema } from './events/air-quality.js';
import {
  GeofenceEventSchema,
  IncidentCandidateSchema,
  SegmentObservationSchema,
} from './events/derived.js';
import { DispatchCommandSchema } from './events/dispatch-command.js';
import { GpsEventSchema } from './events/gps.js';
import { IncidentEventSchema } from './events/incident.js';
import { TrafficCameraEventSchema } from './events/traffic-camera.js';
import { UnitStatusEventSchema } from './events/unit-status.js';
import { VehicleTelemetryEventSchema } from './events/vehicle-telemetry.js';
import { WeatherEventSchema } from './events/weather.js';

export interface TopicSpec<S extends TSchema = TSchema> {
  readonly name: string;
  readonly schema: S;
  /** Field of the event used as the Kafka message key: per-key order is what consumers rely on. */
  readonly keyField: string;
  /** Partitions when the project creates the topic; high-volume topics get more. */
  readonly defaultPartitions: number;
  readonly producer: string;
  readonly consumers: readonly string[];
  readonly description: string;
}

function topic<S extends TSchema>(spec: TopicSpec<S>): TopicSpec<S> {
  return Object.freeze(spec);
}

/**
 * The topic map. The first five names are the original pipeline's, kept so its producers and
 * consumers still connect.
 */
export const TOPICS = {
  gps_data: topic({
    name: 'gps_data',
    schema: GpsEventSchema,
    keyField: 'vehicleId',
    defaultPartitions: 6,
    producer: 'simulator (vehicle GPS receivers)',
    consumers: ['processor: vehicles', 'processor: traffic'],
    description: 'Vehicle position fixes.',
  }),
  vehicle_data: topic({
    name: 'vehicle_data',
    schema: VehicleTelemetryEventSchema,
    keyField: 'vehicleId',
    defaultPartitions: 6,
    producer: 'simulator (vehicle telematics)',
    consumers: ['processor: vehicles'],
    description: 'Vehicle identity and slow-changing telemetry.',
  }),
  traffic_camera_data: topic({
    name: 'traffic_camera_data',
    schema: TrafficCameraEventSchema,
    keyField: 'cameraId',
    defaultPartitions: 6,
    producer: 'simulator (traffic cameras)',
    consumers: ['processor: traffic'],
    description: 'Per-interval vehicle counts per approach at signalised intersections.',
  }),
  weather_data: topic({
    name: 'weather_data',
    schema: WeatherEventSchema,
    keyField: 'stationId',
    defaultPartitions: 3,
    producer: 'simulator (weather stations)',
    consumers: ['processor: environment'],
    description: 'Weather observations.',
  }),
  air_quality_data: topic({
    name: 'air_quality_data',
    schema: AirQualityEventSchema,
    keyField: 'stationId',
    defaultPartitions: 3,
    producer: 'simulator (air-quality stations)',
    consumers: ['processor: environment'],
    description: 'Pollutant concentrations and noise.',
  }),
  emergency_incident_data: topic({
    name: 'emergency_incident_data',
    schema: IncidentEventSchema,
    keyField: 'incidentId',
    defaultPartitions: 3,
    producer: 'simulator (callers, sensors); gateway (operator reports)',
    consumers: ['processor: emergencies'],
    description: 'Incident reports and status changes.',
  }),
  emergency_unit_status: topic({
    name: 'emergency_unit_status',
    schema: UnitStatusEventSchema,
    keyField: 'unitId',
    defaultPartitions: 3,
    producer: 'simulator (emergency units)',
    consumers: ['processor: emergencies'],
    description: 'Emergency unit status reports (available, en route, on scene, ...).',
  }),
  dispatch_commands: topic({
    name: 'dispatch_commands',
    schema: DispatchCommandSchema,
    keyField: 'unitId',
    defaultPartitions: 3,
    producer: 'emergencies subgraph (dispatch mutation)',
    consumers: ['simulator (the unit drives there)', 'processor: emergencies'],
    description: 'Orders to emergency units.',
  }),
  segment_observations: topic({
    name: 'segment_observations',
    schema: SegmentObservationSchema,
    keyField: 'segmentId',
    defaultPartitions: 6,
    producer: 'processor: vehicles (map-matched GPS); processor: traffic (camera approaches)',
    consumers: ['processor: traffic'],
    description: 'Internal repartition topic: per-segment observations for the traffic windows.',
  }),
  incident_candidates: topic({
    name: 'incident_candidates',
    schema: IncidentCandidateSchema,
    keyField: 'candidateId',
    defaultPartitions: 3,
    producer: 'processor: traffic (sudden speed drops)',
    consumers: ['processor: emergencies'],
    description: 'Suspected incidents detected from traffic.',
  }),
  geofence_events: topic({
    name: 'geofence_events',
    schema: GeofenceEventSchema,
    keyField: 'vehicleId',
    defaultPartitions: 3,
    producer: 'processor: vehicles',
    consumers: ['subgraphs (subscriptions)', 'batch layer'],
    description: 'Vehicles entering and leaving zones.',
  }),
} as const;

export type TopicName = keyof typeof TOPICS;
export const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];

export const DLQ_SUFFIX = '.dlq';
export function deadLetterTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(TOPICS, name);
}
