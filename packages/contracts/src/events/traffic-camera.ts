import { Type, type Static } from '@sinclair/typebox';
import { envelopeFields, eventObject, id, latitude, longitude, segmentId } from '../common.js';

export const CameraApproachSchema = Type.Object(
  {
    segmentId: segmentId('Road segment id of the approach (road graph).'),
    bearingDeg: Type.Number({
      minimum: 0,
      exclusiveMaximum: 360,
      description: 'Direction of travel of the approach in degrees from true north.',
    }),
    vehicleCount: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'Vehicles that passed in the interval.',
    }),
    meanSpeedKmh: Type.Union([Type.Number({ minimum: 0, maximum: 300 }), Type.Null()], {
      description: 'Mean speed of those vehicles in km/h; null when none passed.',
    }),
    occupancyPct: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Share of the interval the detection zone was occupied, in percent.',
    }),
  },
  { additionalProperties: false },
);

export const TrafficCameraEventSchema = eventObject(
  {
    ...envelopeFields,
    cameraId: id('Camera id; the Kafka message key.'),
    nodeId: Type.Integer({
      minimum: 0,
      description: 'Road graph node (signalised intersection) it watches.',
    }),
    latitude: latitude(),
    longitude: longitude(),
    intervalSeconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      description: 'Length of the counting interval in seconds; `timestamp` is its end.',
    }),
    approaches: Type.Array(CameraApproachSchema, {
      maxItems: 16,
      description: 'Counts per approach (one per inbound road segment).',
    }),
    snapshotRef: Type.String({
      maxLength: 512,
      description:
        'Reference (object-store URI) of the latest snapshot image. Image bytes never travel in Kafka.',
    }),
  },
  {
    $id: 'traffic_camera_data.v1',
    title: 'TrafficCameraEvent',
    description: 'Per-interval counts from a traffic camera at a signalised intersection.',
  },
);
export type TrafficCameraEvent = Static<typeof TrafficCameraEventSchema>;
