import { Type, type Static } from '@sinclair/typebox';
import {
  envelopeFields,
  eventObject,
  id,
  latitude,
  longitude,
  segmentId,
  stringEnum,
} from '../common.js';

/**
 * Internal repartition topic: one speed/volume observation of a road segment, keyed by segment so
 * that every observation of a segment (from any vehicle or camera) reaches the same traffic window.
 */
export const SegmentObservationSchema = eventObject(
  {
    ...envelopeFields,
    segmentId: segmentId('Road segment id; the Kafka message key.'),
    kind: stringEnum(
      ['gps', 'camera'] as const,
      'What observed it: a map-matched GPS fix or a camera count.',
    ),
    vehicleId: Type.Union([id('Vehicle of a GPS observation.'), Type.Null()], {
      description: 'Vehicle of a GPS observation; null for camera counts.',
    }),
    speedKmh: Type.Union([Type.Number({ minimum: 0, maximum: 300 }), Type.Null()], {
      description:
        "Observed (mean) speed in km/h: of the vehicles a camera counted, or of a vehicle's speedSamples GPS fixes; null when a camera counted no vehicle.",
    }),
    vehicleCount: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'Vehicles observed (1 for GPS).',
    }),
    intervalSeconds: Type.Integer({
      minimum: 0,
      maximum: 3600,
      description: 'Counting interval in seconds (0 for a GPS fix).',
    }),
    occupancyPct: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
      description: 'Detector occupancy in percent (cameras only).',
    }),
    sourceEventId: Type.String({
      format: 'uuid',
      description: 'eventId of the input event (of the first fix of a GPS observation).',
    }),
    speedSamples: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3600,
        description:
          "GPS only: the vehicle's consecutive fixes on the segment within one minute whose mean speed speedKmh is (absent: 1).",
      }),
    ),
  },
  {
    $id: 'segment_observations.v1',
    title: 'SegmentObservation',
    description:
      "A map-matched observation of one road segment (internal, produced by the processor): a camera interval, or one vehicle's run of GPS fixes on the segment within a minute.",
  },
);
export type SegmentObservation = Static<typeof SegmentObservationSchema>;

export const IncidentCandidateSchema = eventObject(
  {
    ...envelopeFields,
    candidateId: id(
      'Stable id of the suspected incident (segment and window); the Kafka message key.',
    ),
    segmentId: segmentId('Road segment where speed dropped.'),
    latitude: latitude('Latitude of the segment midpoint.'),
    longitude: longitude('Longitude of the segment midpoint.'),
    baselineSpeedKmh: Type.Number({
      minimum: 0,
      maximum: 300,
      description: 'Recent normal speed in km/h.',
    }),
    currentSpeedKmh: Type.Number({
      minimum: 0,
      maximum: 300,
      description: 'Speed in the latest window in km/h.',
    }),
    speedDropPct: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Drop from baseline in percent.',
    }),
    confidence: Type.Number({ minimum: 0, maximum: 1, description: 'Detector confidence, 0..1.' }),
  },
  {
    $id: 'incident_candidates.v1',
    title: 'IncidentCandidate',
    description: 'A suspected incident from a sudden speed drop on a segment (traffic pipeline).',
  },
);
export type IncidentCandidate = Static<typeof IncidentCandidateSchema>;

export const GeofenceEventSchema = eventObject(
  {
    ...envelopeFields,
    vehicleId: id('Vehicle that crossed the boundary; the Kafka message key.'),
    zoneId: id('Zone (neighbourhood or operator geofence) id.'),
    zoneKind: stringEnum(['neighborhood', 'operator'] as const, 'Kind of zone.'),
    transition: stringEnum(
      ['enter', 'exit'] as const,
      'Whether the vehicle entered or left the zone.',
    ),
    latitude: latitude(),
    longitude: longitude(),
  },
  {
    $id: 'geofence_events.v1',
    title: 'GeofenceEvent',
    description: 'A vehicle entered or left a zone (vehicles pipeline).',
  },
);
export type GeofenceEvent = Static<typeof GeofenceEventSchema>;
