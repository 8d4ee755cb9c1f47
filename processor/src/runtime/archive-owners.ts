import type { TopicName } from '@city/contracts';
import type { DomainName } from '../pipeline/types.js';

/**
 * The one domain that writes each topic's Parquet batch layer and its DLQ. gps_data is read by
 * vehicles and traffic; archiving it from both consumer groups would store every event twice.
 * Topics no stage reads (geofence_events) are archived by the domain that produces them.
 */
export const ARCHIVE_OWNER: Readonly<Record<TopicName, DomainName>> = {
  gps_data: 'vehicles',
  vehicle_data: 'vehicles',
  geofence_events: 'vehicles',
  traffic_camera_data: 'traffic',
  segment_observations: 'traffic',
  weather_data: 'environment',
  air_quality_data: 'environment',
  emergency_incident_data: 'emergencies',
  emergency_unit_status: 'emergencies',
  dispatch_commands: 'emergencies',
  incident_candidates: 'emergencies',
};

export function archiveTopicsOf(domain: DomainName): TopicName[] {
  return (Object.keys(ARCHIVE_OWNER) as TopicName[]).filter((t) => ARCHIVE_OWNER[t] === domain);
}
