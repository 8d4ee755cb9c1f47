import { Type, type Static } from '@sinclair/typebox';
import {
  EMERGENCY_UNIT_TYPES,
  envelopeFields,
  eventObject,
  id,
  latitude,
  longitude,
  stringEnum,
} from '../common.js';

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'clearing',
  'returning',
  'out_of_service',
] as const;

export const UnitStatusEventSchema = eventObject(
  {
    ...envelopeFields,
    unitId: id('Emergency unit id (the same as its vehicle id); the Kafka message key.'),
    unitType: stringEnum(EMERGENCY_UNIT_TYPES, 'Kind of unit.'),
    status: stringEnum(UNIT_STATUSES, 'Status the unit reports.'),
    incidentId: Type.Union([id('Incident the unit is assigned to.'), Type.Null()], {
      description: 'Incident the unit is assigned to; null when unassigned.',
    }),
    commandId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'Dispatch command this status answers; null when not answering one.',
    }),
    latitude: latitude(),
    longitude: longitude(),
  },
  {
    $id: 'emergency_unit_status.v1',
    title: 'UnitStatusEvent',
    description: 'A status report from an emergency unit (ambulance, fire engine, police car).',
  },
);
export type UnitStatusEvent = Static<typeof UnitStatusEventSchema>;
