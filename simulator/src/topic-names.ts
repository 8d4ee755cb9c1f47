import type { TopicName } from '@city/contracts';

/** Kafka topic name for a logical topic: `<prefix><name>` (integration tests use a random prefix). */
export function topicNamer(prefix: string): (topic: TopicName) => string {
  return (topic) => `${prefix}${topic}`;
}

/** Topics the simulator produces, plus the one it consumes. */
export const SIMULATOR_TOPICS = [
  'gps_data',
  'vehicle_data',
  'traffic_camera_data',
  'weather_data',
  'air_quality_data',
  'emergency_incident_data',
  'emergency_unit_status',
  'dispatch_commands',
] as const satisfies readonly TopicName[];
