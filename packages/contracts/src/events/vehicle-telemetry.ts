import { Type, type Static } from '@sinclair/typebox';
import { envelopeFields, eventObject, id, stringEnum, VEHICLE_TYPES } from '../common.js';

export const POWERTRAINS = ['petrol', 'diesel', 'hybrid', 'electric'] as const;

const percent = (description: string) =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 100, description }));

export const VehicleTelemetryEventSchema = eventObject(
  {
    ...envelopeFields,
    vehicleId: id('Vehicle id; the Kafka message key.'),
    vehicleType: stringEnum(VEHICLE_TYPES, 'Kind of vehicle.'),
    make: Type.String({ minLength: 1, maxLength: 64, description: 'Manufacturer.' }),
    model: Type.String({ minLength: 1, maxLength: 64, description: 'Model name.' }),
    year: Type.Integer({ minimum: 1950, maximum: 2100, description: 'Model year.' }),
    powertrain: stringEnum(POWERTRAINS, 'Energy source.'),
    fuelLevelPct: percent('Fuel tank level in percent of capacity; absent for electric vehicles.'),
    batteryLevelPct: percent(
      'Traction battery state of charge in percent; electric and hybrid only.',
    ),
    odometerKm: Type.Number({ minimum: 0, maximum: 5_000_000, description: 'Odometer in km.' }),
    passengers: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 500,
        description: 'Passengers on board (buses, taxis).',
      }),
    ),
    capacity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, description: 'Passenger capacity (buses).' }),
    ),
  },
  {
    $id: 'vehicle_data.v1',
    title: 'VehicleTelemetryEvent',
    description: 'Slow-changing vehicle telemetry: identity, energy level, odometer, occupancy.',
  },
);
export type VehicleTelemetryEvent = Static<typeof VehicleTelemetryEventSchema>;
