import { Type, type Static } from '@sinclair/typebox';
import {
  envelopeFields,
  eventObject,
  id,
  latitude,
  longitude,
  stringEnum,
  VEHICLE_TYPES,
} from '../common.js';

export const GpsEventSchema = eventObject(
  {
    ...envelopeFields,
    vehicleId: id('Vehicle id; the Kafka message key.'),
    vehicleType: stringEnum(VEHICLE_TYPES, 'Kind of vehicle.'),
    latitude: latitude(),
    longitude: longitude(),
    speedKmh: Type.Number({ minimum: 0, maximum: 300, description: 'Ground speed in km/h.' }),
    headingDeg: Type.Number({
      minimum: 0,
      exclusiveMaximum: 360,
      description: 'Direction of travel in degrees clockwise from true north, [0, 360).',
    }),
    accuracyM: Type.Number({
      minimum: 0,
      maximum: 1000,
      description: 'Estimated horizontal GPS accuracy (1 sigma) in metres.',
    }),
  },
  {
    $id: 'gps_data.v1',
    title: 'GpsEvent',
    description: 'A position fix from a vehicle GPS receiver.',
  },
);
export type GpsEvent = Static<typeof GpsEventSchema>;
